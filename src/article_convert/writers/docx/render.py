"""One Document -> DOCX bytes: template, page, title block, body, footnotes, properties, zip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...context import Context
from ...ir import Document
from ..common import locale_tag
from .blocks import render_blocks
from .freeze import BodyFreezer
from .head import render_head
from .meta import choose_fonts, set_core_properties, set_page, utc
from .notes import Footnotes
from .package import package_bytes
from .state import Shared, Story
from .template import open_template
from .xml import TextCleaner, new_paragraph, w

if TYPE_CHECKING:
    from .fontembed import FaceUsage


def write_docx(doc: Document, ctx: Context) -> bytes:
    """The DOCX file for ``doc``; identical bytes for identical input, options and ``ctx.now``."""
    settings = ctx.settings
    lang = settings.language_of(doc.meta)
    locale = locale_tag(lang)
    fonts = choose_fonts(settings.font_family, ctx.diagnostics)
    document = open_template(fonts, locale)
    text_w, text_h = set_page(document, settings.page)
    shared = Shared(ctx, fonts, lang, document.part.numbering_part.element, text_w, text_h)
    shared.add_note = Footnotes(document, shared).add
    body = document.element.body
    sect_pr = body.find(w("sectPr"))
    story = Story(shared, document.part)
    usage: FaceUsage = {}
    if not settings.no_embed_fonts:
        from .fontembed import face_usage

        shared.freezer = BodyFreezer(body, lambda done: face_usage(done, fonts, usage))
    else:
        shared.freezer = BodyFreezer(body, None)
    from ...ir.book import is_bundle

    if is_bundle(doc):
        from .bundle import render_bundle

        render_bundle(body, doc, story)
    else:
        from .bundle import cover_page

        cover_page(body, doc, story)
        render_head(body, doc.meta, story)
        render_blocks(body, doc.blocks, story)
    if body.find(w("p")) is None and not shared.freezer.fragments:
        body.append(new_paragraph("Normal"))
    if sect_pr is not None:
        body.append(sect_pr)  # moves it back to the end, where the schema wants it
    props_clean = TextCleaner()  # the title etc. are counted once, in the body
    set_core_properties(document, doc, locale, ctx.now, props_clean)
    shared.clean.illegal = shared.clean.illegal or props_clean.illegal
    shared.clean.report(ctx.diagnostics)
    if not settings.no_embed_fonts:
        from .fontembed import embed_fonts

        embed_fonts(document, fonts, settings.body_family(), usage)
    body_xml = shared.freezer.document_xml(document.element)
    blobs = {} if body_xml is None else {str(document.part.partname): body_xml}
    return package_bytes(document.part.package, utc(ctx.now), blobs)
