"""One article's part of the FB2 body: its lead, its byline with the date, then its sections.

Shared by a single article (``document``) and each article of a bundle (``bundle``), so neither of
those imports the other.
"""

from __future__ import annotations

from typing import Any

from ...ir import Block, Document, Emph, Inline, Link, Paragraph, Strong, Text
from ..common import BYLINE_SEPARATOR, dated_byline, publisher_line, source_url
from .inlines import State
from .sections import child_sections, tree


def intro_blocks(doc: Document, lang: str) -> list[Block]:
    """The rubric, the lead, the byline with the date and the source line (publisher, address) as
    paragraphs opening the body (the title goes into the body title); the date is printed as PDF, DOCX
    and EPUB print it, so a bundle's articles keep theirs."""
    meta = doc.meta
    out: list[Block] = []
    if meta.section.strip():
        out.append(Paragraph((Text(meta.section.strip()),)))
    if meta.lead:
        out.append(Paragraph((Strong((Text(meta.lead),)),)))
    byline = dated_byline(meta, lang)
    if byline:
        out.append(Paragraph((Emph((Text(byline),)),)))
    publisher, url = publisher_line(meta), source_url(meta)
    if publisher or url:
        line: tuple[Inline, ...] = (Text(publisher + (BYLINE_SEPARATOR if url else "")),) if publisher else ()
        if url:
            line += (Link((Text(url),), url),)
        out.append(Paragraph((Emph(line),)))
    return out


def article_sections(doc: Document, st: State, lang: str) -> list[Any]:
    """The sections of one article's body, opened by its lead and byline."""
    root = tree(doc.blocks)
    root.items[:0] = intro_blocks(doc, lang)
    return child_sections(root.items, st, lang)
