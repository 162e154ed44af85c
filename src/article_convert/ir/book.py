"""The structure of a book of many articles (a bundle), read off the IR: its parts and articles.

A bundle is a Document whose blocks are ``Article`` nodes, or ``Div(role="section")`` groups
that open with a level-1 Heading (the section title) followed by Articles. Part of the document
model, so writers see a bundle's sections through ``ir/`` alone, never through ``bundle/`` (which
builds such Documents from files and feeds). Cheap to import: nodes and plain text only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .nodes import SECTION_ROLE, Article, Block, Div, Document, Heading, Inline
from .text import inline_text


@dataclass(frozen=True)
class Part:
    """One section of a bundle: its title (empty for articles outside any section) and articles."""

    title: tuple[Inline, ...]
    articles: tuple[Article, ...]
    lead: tuple[Block, ...] = ()
    """Blocks of the section that are neither its title nor an Article (kept, never dropped)."""

    def title_text(self, lang: str) -> str:
        """The section title as plain text."""
        return " ".join(inline_text(self.title, lang).split())


def is_section(block: Block) -> bool:
    """True for a ``Div(role="section")``."""
    return isinstance(block, Div) and block.role == SECTION_ROLE


def is_bundle(doc: Document) -> bool:
    """True when the Document holds Articles at the top or inside sections."""
    for block in doc.blocks:
        if isinstance(block, Article):
            return True
        if is_section(block) and any(isinstance(b, Article) for b in block.blocks):  # type: ignore[union-attr]
            return True
    return False


def parts(doc: Document) -> list[Part]:
    """The bundle's sections in order; consecutive top-level Articles form untitled parts."""
    out: list[Part] = []
    loose: list[Article] = []
    stray: list[Block] = []

    def flush() -> None:
        if loose or stray:
            out.append(Part((), tuple(loose), tuple(stray)))
            loose.clear()
            stray.clear()

    for block in doc.blocks:
        if isinstance(block, Article):
            loose.append(block)
        elif is_section(block):
            flush()
            out.append(_section(block))  # type: ignore[arg-type]
        else:
            stray.append(block)
    flush()
    return out


def _section(div: Div) -> Part:
    blocks = div.blocks
    title: tuple[Inline, ...] = ()
    if blocks and isinstance(blocks[0], Heading):
        title, blocks = blocks[0].inlines, blocks[1:]
    articles = tuple(b for b in blocks if isinstance(b, Article))
    rest = tuple(b for b in blocks if not isinstance(b, Article))
    return Part(title, articles, rest)


def articles(doc: Document) -> list[Article]:
    """Every Article of the bundle in reading order."""
    return [a for part in parts(doc) for a in part.articles]
