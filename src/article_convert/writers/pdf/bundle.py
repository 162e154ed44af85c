"""A bundle as one PDF: a page per section title, every article from a new page with its own title
block, hyphenation language and notes; the outline is the two-level TOC (section -> article)."""

from __future__ import annotations

from typing import Any

from ...ir import Article, Document
from ...ir.book import parts
from ...ir.text import block_texts
from .blocks import BlockRenderer, Env
from .render import _text_paragraph, notes_section, title_block
from .tagging import Node


def bundle_flowables(doc: Document, r: BlockRenderer, lang: str) -> list[Any]:
    """Every flowable of the bundle in reading order."""
    from reportlab.platypus import PageBreak

    out: list[Any] = []
    document = r.parent = Node("Document", lang=lang)
    out += book_title_page(doc, r, lang)
    for part in parts(doc):
        base = 0
        r.parent = document.child("Part") if part.title or part.lead else document
        if part.title or part.lead:
            name = part.title_text(lang) or "—"
            if out:
                out.append(PageBreak())
            flow = _text_paragraph(r, name, "title", lang)
            flow._ac_outline = (name, 0)
            out.append(flow)
            r.has_title, r.outline_base, r.outline_level = True, 1, 0
            start = len(r.inlines.notes)
            out += _outline_cut(r.blocks(part.lead, Env("body", lang)), 1)
            out += _outline_cut(notes_section(r, lang, start), 1)  # the lead's own notes (their links crashed)
            base = 1
        for art in part.articles:
            if out:
                out.append(PageBreak())
            with r.within("Art", art.meta.language or None):
                out += article_flowables(art, r, lang, base)
    r.parent = document
    if not out:
        from reportlab.platypus import Spacer

        out.append(Spacer(1, 1))
    return out


def book_title_page(doc: Document, r: BlockRenderer, lang: str) -> list[Any]:
    """The book's own title page after the cover: title, subtitle, lead, authors with the date and the
    source line, centred, tagged as a ``Sect`` (the cover is a picture, an artifact); [] when empty."""
    from reportlab.platypus import Spacer

    meta = doc.meta
    if not any(t.strip() for t in (meta.section, meta.title, meta.subtitle, meta.lead, meta.byline, meta.date)):
        return []
    outer = r.parent
    with r.within("Sect"):
        lines = title_block(doc, r, lang, centred=True, outline=False)
    r.parent = outer
    r.outline_level = 0
    return [Spacer(1, r.styles.geo.frame_height / 4), *lines] if lines else []


def article_flowables(art: Article, r: BlockRenderer, book_lang: str, base: int) -> list[Any]:
    """One article: title block, body and its own notes; only its title enters the outline."""
    lang = art.meta.language or book_lang
    doc = Document(art.meta, art.blocks)
    r.has_title = True
    r.outline_base = base
    r.outline_level = base - 1
    start = len(r.inlines.notes)
    out = title_block(doc, r, lang)
    r.outline_level = base  # title_block resets it to 0; the body's headings nest below the title
    if not art.meta.title:
        label = next((t for t in block_texts(art.blocks, lang) if t.strip()), "—")
        label = " ".join(label.split()[:8])
        marker = _text_paragraph(r, "", "break", lang)
        marker._ac_outline = (label, base)
        out.insert(0, marker)
    env = Env("body", lang)
    for n, block in enumerate(art.blocks, start=1):
        r.inlines.where = f"article {art.meta.title[:40]!r}, block {n} ({type(block).__name__})"
        out += r.block(block, env)
    out += notes_section(r, lang, start)
    r.outline_base = 0
    return _outline_cut(out, base)


def _outline_cut(flowables: list[Any], deepest: int) -> list[Any]:
    """Drop outline marks deeper than ``deepest`` (the outline mirrors the two-level TOC)."""
    for flow in flowables:
        entry = getattr(flow, "_ac_outline", None)
        if entry is not None and entry[1] > deepest:
            del flow._ac_outline
    return flowables
