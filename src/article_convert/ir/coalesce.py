"""Merge runs of tiny inline elements of one kind, so a page of 200,000 ``<b>ж</b>`` is not 600,000 nodes.

Every stage after the reader (typography, recognition, the writers, the JSON codec) costs time and
memory per inline node. A hostile or machine-made page of hundreds of thousands of tiny
elements (each word in its own ``<b>``, ``<i>``, ``<span>``) multiplied that into tens of
seconds and hundreds of megabytes. When a Document holds more than :data:`INLINE_NODE_BUDGET`
inline nodes, :func:`coalesce_document` (run from :mod:`.guard`) merges, in one linear pass:

- adjacent Text nodes into one;
- adjacent containers of the same kind and attributes (``<b>a</b><b>b</b>``, two links to the
  same address with the same title, two spans in the same language, the same word-processor style);
- bold, italic and language spans separated only by white space (``<b>a</b> <b>b</b>`` becomes
  ``<b>a b</b>``): a space inside them looks the same as outside.

Nothing is removed: every character stays, in the same order and with the same formatting (only
the spaces between merged bold/italic runs become bold/italic). Links, quotations, underlined or
struck-through text are never merged across a space, as that would draw the space differently.
Real articles stay far under the budget and are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .nodes import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Inline,
    Link,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Span,
    Strong,
    Styled,
    Table,
    Text,
    ThematicBreak,
)
from .walk import assert_never

INLINE_NODE_BUDGET = 20_000
"""Inline nodes in one Document above which runs of the same kind are merged (a long real article
has a few thousand: every link, emphasis and text run between them counts)."""

_MERGEABLE = (Strong, Emph, Span, Styled, Link)
_ACROSS_SPACE = (Strong, Emph, Span)
"""Containers whose merge may take in the white space between them (it looks the same inside)."""


def _key(node: Inline) -> Any:
    """What two adjacent containers must share to be merged (their kind and attributes)."""
    match node:
        case Span(lang=lang):
            return (Span, lang)
        case Styled(style=style):
            return (Styled, style)
        case Link(url=url, title=title):
            return (Link, url, title)
        case _:
            return type(node)


@dataclass
class _Run:
    """A container being merged: the first node (kind and attributes) and all merged children."""

    first: Inline
    key: Any
    children: list[Inline]


def coalesce_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` with runs of the same kind merged (see the module docstring), in one pass."""
    out: list[Inline | _Run | list[Text]] = []
    space: Text | None = None  # white space held back: it may go inside the next merged container

    def flush_space() -> None:
        nonlocal space
        if space is not None:
            _add_text(out, space)
            space = None

    for node in inlines:
        cls = type(node)
        if cls is Text:
            text = node.text  # type: ignore[union-attr]
            last = out[-1] if out else None
            if space is None and not text.strip() and text and isinstance(last, _Run) \
                    and isinstance(last.first, _ACROSS_SPACE):
                space = node  # type: ignore[assignment]
                continue
            flush_space()
            _add_text(out, node)  # type: ignore[arg-type]
            continue
        if isinstance(node, _MERGEABLE):
            key = _key(node)
            last = out[-1] if out else None
            if isinstance(last, _Run) and last.key == key and (space is None or isinstance(node, _ACROSS_SPACE)):
                if space is not None:
                    last.children.append(space)
                    space = None
                last.children.extend(node.children)
                continue
            flush_space()
            out.append(_Run(node, key, list(node.children)))
            continue
        flush_space()
        if isinstance(node, Note):
            node = Note(coalesce_blocks(node.blocks))
        out.append(node)  # type: ignore[arg-type]
    flush_space()
    return tuple(_finish(item) for item in out)


def _add_text(out: list[Inline | _Run | list[Text]], text: Text) -> None:
    """Append ``text`` to the open run of Text nodes at the end of ``out``, or start one."""
    last = out[-1] if out else None
    if isinstance(last, list):
        last.append(text)
    else:
        out.append([text])


def _finish(item: Inline | _Run | list[Text]) -> Inline:
    """The node for one merged item: one Text for a run of them, or a container of merged children
    (an unchanged node comes back as itself)."""
    if isinstance(item, list):
        return item[0] if len(item) == 1 else Text("".join(t.text for t in item))
    if isinstance(item, _Run):
        first: Any = item.first
        children = coalesce_inlines(tuple(item.children))
        same = len(children) == len(first.children) and all(a is b for a, b in zip(children, first.children, strict=True))
        return first if same else replace(first, children=children)
    return item


def coalesce_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with the inline content of each merged (see :func:`coalesce_inlines`)."""
    return tuple(_block(b) for b in blocks)


def _block(block: Block) -> Block:
    match block:
        case Paragraph(inlines=i) | Heading(inlines=i):
            return replace(block, inlines=coalesce_inlines(i))
        case BlockQuote(blocks=b, attribution=a):
            return BlockQuote(coalesce_blocks(b), coalesce_inlines(a))
        case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b):
            return replace(block, blocks=coalesce_blocks(b))
        case BulletList(items=items) | OrderedList(items=items):
            return replace(block, items=tuple(coalesce_blocks(item) for item in items))
        case Figure(caption=cap, credit=cred):
            return replace(block, caption=coalesce_inlines(cap), credit=coalesce_inlines(cred))
        case Table(rows=rows, caption=cap):
            cells = tuple(tuple(coalesce_blocks(cell) for cell in row) for row in rows)
            return replace(block, rows=cells, caption=coalesce_inlines(cap))
        case CodeBlock() | ThematicBreak():
            return block
        case _:
            assert_never(block)


def coalesce_document(doc: Document) -> Document:
    """``doc`` with runs of tiny inline elements merged everywhere (nothing removed)."""
    return replace(doc, blocks=coalesce_blocks(doc.blocks))
