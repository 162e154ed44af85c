"""A bundle as one DOCX: a cover picture, a page per section title, each article from a new page.

Section titles carry outline level 0 and article titles level 1 (0 without sections), so Word's
navigation pane shows the two-level TOC; the articles' own headings move below them. Every run of
an article in another language than the bundle's carries that article's ``w:lang``.
"""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING

from ...covers import cover_for
from ...ir import Article, Block, Document, Heading
from ...ir.book import parts
from ...ir.walk import map_child_blocks
from ..common import dated_byline
from .blocks import render_blocks
from .head import byline_paragraphs, render_title_page
from .media import fit_emu
from .state import Story
from .xml import RunFormat, add_text_run, new_paragraph, sub

if TYPE_CHECKING:
    from lxml.etree import _Element


def render_bundle(body: _Element, doc: Document, story: Story) -> None:
    """Cover, then sections and articles, appended to the document body."""
    cover_page(body, doc, story)
    render_title_page(body, doc.meta, story)  # ends its own section: the first article needs no break
    first = True
    for part in parts(doc):
        depth = 0
        if part.title or part.lead:
            name = part.title_text(story.shared.doc_lang) or "—"
            body.append(_titled("Title", name, RunFormat(), 0, page_break=not first))
            render_blocks(body, part.lead, story)
            first, depth = False, 1
        for art in part.articles:
            render_article(body, art, story, depth, page_break=not first)
            first = False


def render_article(body: _Element, art: Article, story: Story, depth: int, page_break: bool) -> None:
    """Title block (outline level ``depth``) and body of one article, in its own language."""
    shared = story.shared
    lang = art.meta.language or shared.doc_lang
    inner = story.with_(lang=lang)
    fmt = RunFormat(lang=shared.run_locale(lang))
    meta = art.meta
    title = meta.title or next((b for b in (meta.subtitle, meta.lead) if b), "") or "—"
    if meta.section.strip():  # the rubric, above the headline as in a single article, opens the page
        p = new_paragraph("Byline")
        if page_break:
            sub(p[0], "pageBreakBefore")
        add_text_run(p, shared.clean(meta.section.strip()), fmt)
        body.append(p)
        page_break = False
    body.append(_titled("Title", shared.clean(title), fmt, depth, page_break))
    for style, text in (("SecondaryTitle", meta.subtitle), ("Subtitle", meta.lead)):
        if text.strip() and text != title:
            p = new_paragraph(style)
            add_text_run(p, shared.clean(text), fmt)
            body.append(p)
    if dated_byline(meta, lang) != title:
        for p in byline_paragraphs(meta, inner, fmt):
            body.append(p)
    render_blocks(body, shift_headings(art.blocks, depth + 1), inner)


def _titled(style: str, text: str, fmt: RunFormat, level: int, page_break: bool) -> _Element:
    """A title paragraph starting a new page, with an outline level of its own (schema order kept)."""
    p = new_paragraph(style)
    ppr = p[0]
    if page_break:
        sub(ppr, "pageBreakBefore")
    sub(ppr, "outlineLvl", val=str(level))
    add_text_run(p, text, fmt)
    return p


def shift_headings(blocks: tuple[Block, ...], by: int) -> tuple[Block, ...]:
    """``blocks`` with every Heading ``by`` levels deeper (at most 6), so it nests under the titles
    (inside quotes, lists, table cells and nested articles too)."""
    if by <= 0:
        return blocks
    return tuple(_shift(b, by) for b in blocks)


def _shift(block: Block, by: int) -> Block:
    if isinstance(block, Heading):
        return dataclasses.replace(block, level=min(block.level + by, 6))
    return map_child_blocks(block, lambda b: _shift(b, by))


def cover_page(body: _Element, doc: Document, story: Story) -> bool:
    """The cover picture alone on the first page (filling the text area), when the book has a cover
    (bundles always; single articles with ``--cover``/``--cover-image``); False when there is none."""
    from docx.oxml.shape import CT_Inline
    from docx.shared import Emu

    shared = story.shared
    art = cover_for(doc, shared.ctx)
    if art is None:
        return False
    try:
        rid, _ = story.part.get_or_add_image(io.BytesIO(art.data))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - python-docx could not parse the picture: diagnose, go on
        shared.ctx.diagnostics.add("cover-unsupported", f"the cover image cannot be embedded in DOCX: {exc}")
        return False
    w, h = fit_emu(art.width * 1000, art.height * 1000, shared.text_width_emu, shared.text_height_emu - 360000)
    shared.shape_id += 1
    inline = CT_Inline.new_pic_inline(shared.shape_id, rid, "cover" + art.suffix, Emu(w), Emu(h))
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    inline.docPr.set("descr", shared.clean(doc.meta.title))
    p = new_paragraph("Normal")
    sub(p[0], "ind", firstLine="0")
    sub(p[0], "jc", val="center")
    run = sub(p, "r")
    drawing = sub(run, "drawing")
    drawing.append(inline)
    sub(sub(p, "r"), "br", type="page")
    body.append(p)
    return True
