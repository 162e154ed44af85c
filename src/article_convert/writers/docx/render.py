"""One Document -> DOCX bytes: template, page, title block, body, footnotes, properties, zip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...context import Context
from ...ir import Document, Metadata
from ...languages import human_date
from ..common import locale_tag
from .blocks import render_blocks
from .meta import choose_fonts, set_core_properties, set_page_for, utc
from .notes import Footnotes
from .package import package_bytes
from .state import Shared, Story
from .template import open_template
from .xml import RunFormat, TextCleaner, add_text_run, new_paragraph, w

if TYPE_CHECKING:
    from lxml.etree import _Element

BYLINE_SEPARATOR = " · "


def write_docx(doc: Document, ctx: Context) -> bytes:
    """The DOCX file for ``doc``; identical bytes for identical input, options and ``ctx.now``."""
    lang = doc.meta.language or ctx.options.lang or "ru"
    locale = locale_tag(lang)
    fonts = choose_fonts(ctx.options, ctx.diagnostics)
    document = open_template(fonts, locale)
    text_w, text_h = set_page_for(document, ctx.options, ctx.diagnostics)
    shared = Shared(ctx, fonts, lang, document.part.numbering_part.element, text_w, text_h)
    shared.add_note = Footnotes(document, shared).add
    body = document.element.body
    sect_pr = body.find(w("sectPr"))
    story = Story(shared, document.part)
    from ...bundle.structure import is_bundle

    if is_bundle(doc):
        from .bundle import render_bundle

        render_bundle(body, doc, story)
    else:
        from .bundle import cover_page

        cover_page(body, doc, story)
        render_head(body, doc.meta, story)
        render_blocks(body, doc.blocks, story)
    if body.find(w("p")) is None:
        body.append(new_paragraph("Normal"))
    if sect_pr is not None:
        body.append(sect_pr)  # moves it back to the end, where the schema wants it
    props_clean = TextCleaner()  # the title etc. are counted once, in the body
    set_core_properties(document, doc, locale, ctx.now, props_clean)
    shared.clean.illegal = shared.clean.illegal or props_clean.illegal
    shared.clean.report(ctx.diagnostics)
    if not ctx.options.no_embed_fonts:
        from .fontembed import embed_fonts

        embed_fonts(document, fonts, ctx.options)
    return package_bytes(document.part.package, utc(ctx.now))


def render_head(body: _Element, meta: Metadata, story: Story) -> None:
    """Title, secondary title, lead and byline (with the date) above the body."""
    clean = story.shared.clean
    date = human_date(meta.date, story.lang or story.shared.doc_lang) if meta.date.strip() else ""
    byline = BYLINE_SEPARATOR.join(t for t in (meta.byline, date) if t)
    fmt = RunFormat()
    for style, text in (
        ("Byline", meta.section),  # the rubric, as printed above the headline
        ("Title", meta.title),
        ("SecondaryTitle", meta.subtitle),
        ("Subtitle", meta.lead),
        ("Byline", byline),
    ):
        if text.strip():
            p = new_paragraph(style)
            add_text_run(p, clean(text), fmt)
            body.append(p)
