"""Plain-text views of the IR: what a reader would see, for tests, metadata and search."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .nodes import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Quoted,
    Span,
    Strong,
    Styled,
    Table,
    Text,
    ThematicBreak,
)
from .walk import article_blocks, assert_never

ENGLISH_QUOTES: tuple[tuple[str, str], tuple[str, str]] = (("“", "”"), ("‘", "’"))
"""English marks; every other language's marks are ``quotes`` in its ``article_convert.languages`` module."""


def quote_marks(language: str, depth: int) -> tuple[str, str]:
    """Opening and closing marks for a quotation nested ``depth`` levels deep (0 = outermost);
    a language without a vocabulary module gets Russian marks (English ones for ``en``)."""
    from ..languages import (  # below ir/, no project imports; loaded on the first quote only
        base_code,
        vocabulary,
    )

    base = base_code(language)
    vocab = vocabulary(base) or vocabulary("ru")
    assert vocab is not None, "the languages package always has ru"
    outer, inner = ENGLISH_QUOTES if base == "en" else vocab.quotes
    return outer if depth % 2 == 0 else inner


def inline_text(inlines: Iterable[Inline], language: str = "ru", depth: int = 0) -> str:
    """The text of inline content as a reader sees it (quotes rendered, notes left out)."""
    parts: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                parts.append(t)
            case Emph(children=c) | Strong(children=c) | Link(children=c) | Styled(children=c):
                parts.append(inline_text(c, language, depth))
            case Span(children=c, lang=lang):
                parts.append(inline_text(c, lang or language, depth))
            case Quoted(children=c):
                opening, closing = quote_marks(language, depth)
                parts.append(opening + inline_text(c, language, depth + 1) + closing)
            case LineBreak():
                parts.append("\n")
            case Note() | Image():
                pass
            case _:
                assert_never(node)
    return "".join(parts)


def iter_notes(inlines: Iterable[Inline]) -> Iterator[Note]:
    """Footnotes inside inline content, in order."""
    for node in inlines:
        match node:
            case Note():
                yield node
            case (
                Emph(children=c) | Strong(children=c) | Link(children=c) | Quoted(children=c) | Span(children=c)
                | Styled(children=c)
            ):
                yield from iter_notes(c)
            case Text() | Code() | LineBreak() | Image():
                pass
            case _:
                assert_never(node)


def block_texts(blocks: Iterable[Block], language: str = "ru") -> Iterator[str]:
    """One string per paragraph-like block, in reading order (notes after their block)."""
    for block in blocks:
        match block:
            case Paragraph(inlines=i, lang=lang) | Heading(inlines=i, lang=lang):
                yield inline_text(i, lang or language)
                for note in iter_notes(i):
                    yield from block_texts(note.blocks, language)
            case BlockQuote(blocks=b, attribution=a):
                yield from block_texts(b, language)
                if a:
                    yield inline_text(a, language)
            case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b):
                yield from block_texts(b, language)
            case BulletList(items=items) | OrderedList(items=items):
                for item in items:
                    yield from block_texts(item, language)
            case Figure(image=img, caption=cap, credit=cred):
                if cap:
                    yield inline_text(cap, language)
                if cred:
                    yield inline_text(cred, language)
                del img
            case CodeBlock(text=t):
                yield t
            case ThematicBreak():
                pass
            case Table(rows=rows, caption=cap):
                if cap:
                    yield inline_text(cap, language)
                for row in rows:
                    for cell in row:
                        yield from block_texts(cell, language)
            case Article(meta=meta):  # its title block as every writer shows a nested one (walk.article_blocks)
                yield from block_texts(article_blocks(block), meta.language or language)
            case _:
                assert_never(block)


def title_texts(meta: Metadata) -> list[str]:
    """The title block as strings: title, subtitle, lead, byline (empty ones left out)."""
    return [t for t in (meta.title, meta.subtitle, meta.lead, meta.byline) if t]


def document_texts(doc: Document) -> list[str]:
    """The whole article as strings: title, subtitle, lead, byline, then the body."""
    return title_texts(doc.meta) + list(block_texts(doc.blocks, doc.meta.language))


def document_words(doc: Document) -> list[str]:
    """Every word of the article in reading order (whitespace-separated, soft hyphens removed)."""
    return words("\n".join(document_texts(doc)))


def words(text: str) -> list[str]:
    """Split text into words the way the round-trip tests compare them."""
    return text.replace("\u00ad", "").split()
