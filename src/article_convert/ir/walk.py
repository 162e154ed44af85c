"""One definition of "the children of a node", and the end of every exhaustive ``match`` over nodes.

Walkers (depth limits, plain text, glyph checks, writers' heading scans) take a node's children
from :func:`children` instead of spelling the node types out again, and every ``match`` that
dispatches on a node type ends in :func:`assert_never`: mypy then reports each ``match`` that
forgot a node type (the parameter is ``NoReturn``, so only a fully narrowed value may be passed),
and at run time a value that is no IR node at all fails with one short line naming its type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import NoReturn

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

Node = Inline | Block
"""Any inline or block node (a Document's body is made of these)."""


class UnknownNodeError(TypeError):
    """A value where an IR node was expected is none (a plugin or API caller built a bad Document)."""


def assert_never(node: NoReturn, where: str = "") -> NoReturn:
    """End of an exhaustive ``match`` over node types: a mypy error when a type is unhandled,
    a one-line :class:`UnknownNodeError` (the type's name, never the node's contents) at run time.

    ``typing.assert_never`` has the same static contract but needs Python 3.11 and puts the
    node's repr into its message."""
    kind = type(node).__name__
    place = f" in {where}" if where else ""
    raise UnknownNodeError(f"unexpected {kind}{place}: not an IR node of the kind allowed at this place")


def children(node: Node | Document) -> tuple[Node, ...]:
    """The child nodes of ``node`` in reading order: list items, table cells, figure images and
    captions, quote attributions and note bodies included (an Article's metadata is not a node)."""
    match node:
        case Text() | Code() | LineBreak() | Image() | CodeBlock() | ThematicBreak():
            return ()
        case Emph(children=c) | Strong(children=c) | Link(children=c) | Quoted(children=c) | Span(children=c):
            return c
        case Styled(children=c):
            return c
        case Note(blocks=b):
            return b
        case Paragraph(inlines=i) | Heading(inlines=i):
            return i
        case BlockQuote(blocks=b, attribution=a):
            return (*b, *a)
        case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b) | Document(blocks=b):
            return b
        case BulletList(items=items) | OrderedList(items=items):
            return tuple(block for item in items for block in item)
        case Figure(image=img, caption=cap, credit=cred):
            return (img, *cap, *cred)
        case Table(rows=rows, caption=cap):
            return (*cap, *(block for row in rows for cell in row for block in cell))
        case _:
            assert_never(node)


def descendants(node: Node | Document) -> Iterator[Node]:
    """Every node under ``node`` in document order (pre-order, iterative: any depth is safe)."""
    stack: list[Iterator[Node]] = [iter(children(node))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        yield child
        if type(child) is Text:  # the commonest node has no children
            continue
        kids = children(child)
        if kids:
            stack.append(iter(kids))


def map_child_blocks(block: Block, fn: Callable[[Block], Block]) -> Block:
    """``block`` rebuilt with ``fn`` applied to every block directly inside it (quote and turn
    bodies, list items, table cells, a nested Article's body); leaf blocks come back unchanged and
    inline content (footnotes) is not entered. For rewrites that recurse through the block tree."""
    match block:
        case Paragraph() | Heading() | Figure() | CodeBlock() | ThematicBreak():
            return block
        case BlockQuote(blocks=b) | Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b):
            return replace(block, blocks=tuple(fn(x) for x in b))
        case BulletList(items=items) | OrderedList(items=items):
            return replace(block, items=tuple(tuple(fn(x) for x in item) for item in items))
        case Table(rows=rows):
            return replace(block, rows=tuple(tuple(tuple(fn(x) for x in cell) for cell in row) for row in rows))
        case _:
            assert_never(block)


def article_blocks(art: Article) -> tuple[Block, ...]:
    """An Article standing where plain blocks are expected (inside a Div, a list, a quote), as plain
    blocks: its title as a level-1 heading, subtitle, lead and byline as paragraphs, then its body.

    Bundles render their top-level Articles with a full title page; a nested one (IR JSON allows
    it) is rendered through this, so every writer shows the same words and loses none."""
    return title_blocks(art.meta) + art.blocks


def title_blocks(meta: Metadata) -> tuple[Block, ...]:
    """The title block of ``meta`` as blocks tagged with its language (empty parts left out): rubric,
    title, subtitle, lead, byline, the date as its readers write it, publisher and address."""
    from ..languages import human_date  # below ir/; loaded only for a nested Article
    from .titles import publisher_line, source_url

    lang = meta.language or None
    out: list[Block] = []
    if meta.section.strip():
        out.append(Paragraph((Text(meta.section.strip()),), lang))
    if meta.title:
        out.append(Heading(1, (Text(meta.title),), lang))
    date = human_date(meta.date, meta.language or "ru") if meta.date.strip() else ""
    lines = (meta.subtitle, meta.lead, meta.byline, date, publisher_line(meta), source_url(meta))
    out.extend(Paragraph((Text(t),), lang) for t in lines if t)
    return tuple(out)


def child_blocks(block: Block) -> tuple[Block, ...]:
    """The blocks nested in ``block``, in reading order, for walkers that look only at blocks (for
    headings, to flatten): list items and table cells in order, a quote's attribution and a table's
    caption as paragraphs, a nested Article's title block as blocks (:func:`article_blocks`)."""
    match block:
        case Paragraph() | Heading() | Figure() | CodeBlock() | ThematicBreak():
            return ()
        case BlockQuote(blocks=b, attribution=a):
            return (*b, Paragraph(a)) if a else b
        case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b):
            return b
        case Article():
            return article_blocks(block)
        case BulletList(items=items) | OrderedList(items=items):
            return tuple(b for item in items for b in item)
        case Table(rows=rows, caption=cap):
            return (*((Paragraph(cap),) if cap else ()), *(b for row in rows for cell in row for b in cell))
        case _:
            assert_never(block)
