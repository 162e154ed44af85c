"""A whole Document -> flowables: title block, body, notes section."""

from __future__ import annotations

from typing import Any

from ...context import Context
from ...ir import Document, Inline, Link, Paragraph, Text
from ..common import BYLINE_SEPARATOR, publisher_line, source_url
from .blocks import BlockRenderer, Env
from .fonts import font_set
from .glyphs import GlyphMapper
from .images import ImageResolver
from .inline import InlineRenderer
from .styles import RULE_COLOR, Styles, geometry_of
from .tagging import Node
from .words import format_date, notes_heading


def make_renderer(ctx: Context) -> BlockRenderer:
    """A block renderer with fonts registered, styles for the settings' page (``--profile``, else
    ``--paper``), glyph fallback and images."""
    fonts = font_set(ctx.settings.font)
    styles = Styles(fonts, geometry_of(ctx.settings.page))
    inlines = InlineRenderer(GlyphMapper(fonts, ctx.diagnostics), ImageResolver(ctx), fonts.heading)
    return BlockRenderer(styles, fonts, inlines)


def _text_paragraph(r: BlockRenderer, text: str, style_name: str, lang: str, hyphenate: bool = False,
                    centred: bool = False) -> Any:
    style = r.para_style(style_name, lang) if hyphenate else r.styles.get(style_name)
    if centred:
        style = r.styles.variant_of(style, alignment=1, firstLineIndent=0)  # 1 = TA_CENTER
    return r.paragraph(r.inlines.text(text, r.state(style, lang)), style)


def title_block(doc: Document, r: BlockRenderer, lang: str, *, centred: bool = False,
                outline: bool = True) -> list[Any]:
    """Title, subtitle, lead, byline with date, the source line (publisher, address) and a thin rule
    (a book's title page: ``centred``, no rule, no outline entry)."""
    from reportlab.platypus import HRFlowable

    meta = doc.meta
    r.inlines.where = "title block"
    out: list[Any] = []
    if meta.section:  # the rubric, as printed above the headline
        out.append(_text_paragraph(r, meta.section, "byline", lang, centred=centred))
    if meta.title:
        title = _text_paragraph(r, meta.title, "title", lang, centred=centred)
        if outline:
            r.mark_outline(title, meta.title, 0)
            r.outline_level = 0
        out.append(title)
    if meta.subtitle:
        out.append(_text_paragraph(r, meta.subtitle, "subtitle", lang, centred=centred))
    if meta.lead:
        out.append(_text_paragraph(r, meta.lead, "lead", lang, hyphenate=not centred, centred=centred))
    byline = [p for p in (meta.byline, format_date(meta.date, lang) if meta.date else "") if p]
    centre = {"alignment": 1, "firstLineIndent": 0} if centred else {}
    if byline:
        style = r.styles.variant("byline", **centre)
        st = r.state(style, lang)
        parts = [r.inlines.text(byline[0], st)]
        if len(byline) > 1:
            dim = r.fonts.heading.regular.name
            parts.append(f'<font name="{dim}">{r.inlines.text(BYLINE_SEPARATOR + byline[1], st)}</font>')
        out.append(r.paragraph("".join(parts), style))
    publisher, url = publisher_line(meta), source_url(meta)
    if publisher or url:
        inlines: tuple[Inline, ...] = (Text(publisher + (BYLINE_SEPARATOR if url else "")),) if publisher else ()
        if url:
            inlines += (Link((Text(url),), url),)
        out += r.inline_paragraphs(inlines, r.styles.variant("byline", **centre), lang)
    if out and not centred:
        out.append(HRFlowable(width="100%", thickness=0.6, color=RULE_COLOR, spaceBefore=0.4 * r.size,
                              spaceAfter=1.2 * r.size))
    return out


def notes_section(r: BlockRenderer, lang: str, start: int = 0) -> list[Any]:
    """The footnotes (from number ``start + 1`` on) as a numbered section at the end (notes inside
    notes are appended as found)."""
    notes = r.inlines.notes
    if len(notes) <= start:
        return []
    heading = _text_paragraph(r, notes_heading(lang), "h2", lang)
    r.mark_outline(heading, notes_heading(lang), 1)
    out: list[Any] = [heading]
    index = start
    while index < len(notes):  # rendering a note may add further notes
        note = notes[index]
        index += 1
        r.inlines.where = f"note {note.number}"
        style = r.para_style("note", lang)
        number = f'<a name="ac-note-{note.number}"/>{note.number}.\u00a0'
        blocks = note.blocks or (Paragraph(()),)
        first, rest = blocks[0], blocks[1:]
        inlines = getattr(first, "inlines", None)
        with r.within("Note"):
            if inlines is not None:
                out += r.inline_paragraphs(inlines, style, getattr(first, "lang", None) or lang, prefix=number)
            else:
                out.append(r.paragraph(number, style))
                out += r.block(first, Env("note", lang))
            out += r.blocks(tuple(rest), Env("note", lang))
    return out


def document_flowables(doc: Document, r: BlockRenderer, lang: str) -> list[Any]:
    """Every flowable of the document in reading order."""
    r.has_title = bool(doc.meta.title)
    r.outline_level = 0 if r.has_title else -1
    r.parent = Node("Document", lang=lang)
    out = title_block(doc, r, lang)
    env = Env("body", lang)
    for n, block in enumerate(doc.blocks, start=1):
        r.inlines.where = f"block {n} ({type(block).__name__})"
        out += r.block(block, env)
    out += notes_section(r, lang)
    if not out:
        from reportlab.platypus import Spacer

        out.append(Spacer(1, 1))  # reportlab needs at least one flowable for a page
    return out
