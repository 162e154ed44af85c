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

The same pass shortens what carries no text and would only draw empty space (200,000 ``<br>``
made a PDF of thousands of blank pages):

- a run of more than :data:`MAX_LINE_BREAKS` line breaks with nothing but white space between
  them becomes two (a blank line), the white space between the dropped ones going with them;
- a run of thematic breaks (``<hr>``, ``***``) with nothing between them becomes one.

Nothing else is removed: every character stays, in the same order and with the same formatting (only
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
    LineBreak,
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

MAX_LINE_BREAKS = 2
"""Line breaks in a row kept (with white space only between them) in a document over the budget:
two make a blank line; more draw nothing but empty lines."""

_MERGEABLE = (Strong, Emph, Span, Styled, Link)
"""Containers merged with an adjacent one of the same kind and attributes (bold, italic and
language spans also across white space: a space inside them looks the same as outside)."""


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

    first: Any
    children: list[Inline]


def _across_space(key: Any) -> bool:
    """True for the key of a container whose merge may take in the white space before the next."""
    return key is Strong or key is Emph or (type(key) is tuple and key[0] is Span)


class _Coalescer:
    """Merges runs in inline sequences, counting the nodes that merging removed."""

    def __init__(self) -> None:
        self.removed = 0
        self.breaks_dropped = 0
        """Line breaks and thematic breaks dropped from over-long runs of them (counted in ``removed`` too)."""

    def _shorten_breaks(self, inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """``inlines`` with each run of line breaks (white space only between them) cut to
        :data:`MAX_LINE_BREAKS`; the white space between the dropped ones goes too (one pass)."""
        out: list[Inline] = []
        breaks = 0  # line breaks in the current run (white space only since its first)
        held: list[Inline] = []  # white-space Text since the last line break of a run
        for node in inlines:
            cls = type(node)
            if cls is LineBreak:
                if breaks >= MAX_LINE_BREAKS:
                    self.removed += 1 + len(held)
                    self.breaks_dropped += 1
                else:
                    out.extend(held)
                    out.append(node)
                held = []
                breaks += 1
                continue
            if breaks and cls is Text and not node.text.strip():  # type: ignore[union-attr]
                held.append(node)
                continue
            out.extend(held)
            held = []
            breaks = 0
            out.append(node)
        out.extend(held)
        return tuple(out)

    def inlines(self, inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """``inlines`` with runs of the same kind merged (see the module docstring), in one pass; a
        container that merges with nothing is not rebuilt (a page of 200,000 distinct links)."""
        if LineBreak in map(type, inlines):
            inlines = self._shorten_breaks(inlines)
        out: list[Any] = []  # nodes, lists of Text nodes to join, _Runs being merged
        last_key: Any = None  # the key of out[-1] when it is a mergeable container
        space: Text | None = None  # white space held back: it may go inside the next merged container
        for node in inlines:
            cls = type(node)
            if cls is Text:
                text = node.text  # type: ignore[union-attr]
                if space is None and last_key is not None and text and _across_space(last_key) and not text.strip():
                    space = node  # type: ignore[assignment]
                    continue
                if space is not None:
                    out.append([space])
                    space = None
                last = out[-1] if out else None
                if type(last) is list:
                    last.append(node)
                    self.removed += 1
                else:
                    out.append([node])
                last_key = None
                continue
            if isinstance(node, _MERGEABLE):
                key = _key(node)
                if key == last_key:
                    last = out[-1]
                    if type(last) is not _Run:
                        last = out[-1] = _Run(last, list(last.children))
                    if space is not None:
                        last.children.append(space)
                        self.removed += 1
                        space = None
                    last.children.extend(node.children)
                    self.removed += 1
                    continue
                if space is not None:
                    out.append([space])
                    space = None
                out.append(node)
                last_key = key
                continue
            if space is not None:
                out.append([space])
                space = None
            if isinstance(node, Note):
                node = Note(self.blocks(node.blocks))
            out.append(node)
            last_key = None
        if space is not None:
            out.append([space])
        return tuple([self._finish(item) for item in out])

    def _finish(self, item: Any) -> Inline:
        """The node for one item: one Text for a run of them, a container of merged children, or a
        container whose own children are merged (an unchanged node comes back as itself)."""
        if type(item) is list:
            return item[0] if len(item) == 1 else Text("".join([t.text for t in item]))
        if type(item) is _Run:
            return replace(item.first, children=self.inlines(tuple(item.children)))  # type: ignore[no-any-return]
        if isinstance(item, _MERGEABLE) and len(item.children) > 1:
            children = self.inlines(item.children)
            return item if len(children) == len(item.children) else replace(item, children=children)
        return item  # type: ignore[no-any-return]

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        """``blocks`` with the inline content of each merged, and a run of thematic breaks as one."""
        out: list[Block] = []
        for b in blocks:
            if type(b) is ThematicBreak and out and type(out[-1]) is ThematicBreak:
                self.removed += 1
                self.breaks_dropped += 1
                continue
            out.append(self.block(b))
        return tuple(out)

    def block(self, block: Block) -> Block:
        """One block with its inline content merged (its nested blocks too)."""
        match block:
            case Paragraph(inlines=i) | Heading(inlines=i):
                return replace(block, inlines=self.inlines(i))
            case BlockQuote(blocks=b, attribution=a):
                return BlockQuote(self.blocks(b), self.inlines(a))
            case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b):
                return replace(block, blocks=self.blocks(b))
            case BulletList(items=items) | OrderedList(items=items):
                return replace(block, items=tuple(self.blocks(item) for item in items))
            case Figure(caption=cap, credit=cred):
                return replace(block, caption=self.inlines(cap), credit=self.inlines(cred))
            case Table(rows=rows, caption=cap):
                cells = tuple(tuple(self.blocks(cell) for cell in row) for row in rows)
                return replace(block, rows=cells, caption=self.inlines(cap))
            case CodeBlock() | ThematicBreak():
                return block
            case _:
                assert_never(block)


def coalesce_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` with runs of the same kind merged (see the module docstring), in one pass."""
    return _Coalescer().inlines(inlines)


def coalesce_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with the inline content of each merged (see :func:`coalesce_inlines`)."""
    return _Coalescer().blocks(blocks)


def coalesce_document(doc: Document) -> tuple[Document, int, int]:
    """``doc`` with runs of tiny inline elements merged everywhere (no text removed), how many
    nodes fewer it has, and how many of those were line or thematic breaks dropped from long runs."""
    merger = _Coalescer()
    return replace(doc, blocks=merger.blocks(doc.blocks)), merger.removed, merger.breaks_dropped
