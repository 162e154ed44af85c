"""One article's part of the FB2 body: its lead, its byline with the date, then its sections.

Shared by a single article (``document``) and each article of a bundle (``bundle``), so neither of
those imports the other.
"""

from __future__ import annotations

from typing import Any

from ...ir import Block, Document, Emph, Paragraph, Strong, Text
from ..common import dated_byline
from .inlines import State
from .sections import child_sections, tree


def intro_blocks(doc: Document, lang: str) -> list[Block]:
    """The lead and the byline with the date as paragraphs opening the body (the title goes into the body
    title); the date is printed as PDF, DOCX and EPUB print it, so a bundle's articles keep theirs."""
    out: list[Block] = []
    if doc.meta.lead:
        out.append(Paragraph((Strong((Text(doc.meta.lead),)),)))
    byline = dated_byline(doc.meta, lang)
    if byline:
        out.append(Paragraph((Emph((Text(byline),)),)))
    return out


def article_sections(doc: Document, st: State, lang: str) -> list[Any]:
    """The sections of one article's body, opened by its lead and byline."""
    root = tree(doc.blocks)
    root.items[:0] = intro_blocks(doc, lang)
    return child_sections(root.items, st, lang)
