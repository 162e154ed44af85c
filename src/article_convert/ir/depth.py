"""Bound the nesting depth of a Document, so no recursive walker can hit Python's recursion limit.

Every reader, transform and writer walks the IR recursively (a few stack frames per level).
Real articles nest a handful of containers; hostile input (300 nested emphasis markers, IR JSON
nested 300 deep, a broken CMS's unclosed quotes) nests hundreds. The pipeline runs
:func:`limit_depth` on every Document a reader returns: containers deeper than
:data:`MAX_DEPTH` are *flattened* — replaced by their content — so the text is kept and only
structure is lost. The measuring and flattening walks are iterative (an explicit stack), so
they themselves work at any depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace

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
from .walk import Node, assert_never, child_blocks, children

MAX_DEPTH = 32
"""Most containers (block quotes, lists, divs, turns, emphasis, links, notes...) nested in one another."""

_CONTAINERS = (BlockQuote, Question, Answer, BulletList, OrderedList, Div, Article, Figure, Table,
               Emph, Strong, Link, Quoted, Span, Styled, Note)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The field names of a node class (cached: walkers call this for every node)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()
    return names


def nesting_depth(node: Node | Document) -> int:
    """How many containers are nested at the deepest point under ``node`` (iterative)."""
    deepest = 0
    stack: list[tuple[Node | Document, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, _CONTAINERS):
            depth += 1
            deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children(current))
    return deepest


def flat_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The leaves of inline content (text, code, breaks, images) with every container removed.

    A note's blocks become its text in square brackets, so nothing is lost."""
    out: list[Inline] = []
    stack: list[Iterator[Node]] = [iter(inlines)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        match node:
            case Text() | Code() | LineBreak() | Image():
                out.append(node)
            case (Emph(children=c) | Strong(children=c) | Link(children=c) | Quoted(children=c) | Span(children=c)
                  | Styled(children=c)):
                stack.append(iter(c))
            case Note(blocks=b):
                stack.append(iter((Text(" ["), *_block_inline_parts(b), Text("]"))))
            case Paragraph() | Heading() | CodeBlock() | Figure() | ThematicBreak():
                stack.append(iter(_leaf_inlines(node)))
            case BlockQuote() | Question() | Answer() | Div() | Article() | BulletList() | OrderedList() | Table():
                stack.append(iter(_block_inline_parts(child_blocks(node))))
            case _:
                assert_never(node)
    return tuple(out)


def _block_inline_parts(blocks: tuple[Block, ...]) -> tuple[Node, ...]:
    """Blocks interleaved with spaces, to be expanded lazily by :func:`flat_inlines`."""
    parts: list[Node] = []
    for i, block in enumerate(blocks):
        if i:
            parts.append(Text(" "))
        parts.append(block)
    return tuple(parts)


def _leaf_inlines(block: Block) -> tuple[Inline, ...]:
    """The inline content of a leaf block (as nodes still to be flattened)."""
    match block:
        case Paragraph(inlines=i) | Heading(inlines=i):
            return i
        case CodeBlock(text=t):
            return (Code(t),)
        case Figure(image=img, caption=cap, credit=cred):
            return (img, *cap, *((Text(" "), *cred) if cred else ()))
    return ()


def flat_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The leaf blocks under ``blocks`` with every container block removed and inlines flattened."""
    out: list[Block] = []
    stack: list[Iterator[Block]] = [iter(blocks)]
    while stack:
        block = next(stack[-1], None)
        if block is None:
            stack.pop()
            continue
        match block:
            case Paragraph() | Heading():
                out.append(replace(block, inlines=flat_inlines(block.inlines)))
            case Figure(caption=cap, credit=cred):
                out.append(replace(block, caption=flat_inlines(cap), credit=flat_inlines(cred)))
            case CodeBlock() | ThematicBreak():
                out.append(block)
            case BlockQuote() | Question() | Answer() | Div() | Article() | BulletList() | OrderedList() | Table():
                stack.append(iter(child_blocks(block)))
            case _:
                assert_never(block)
    return tuple(out)


class _Limiter:
    """Rebuilds a Document, flattening containers below :data:`MAX_DEPTH` (recursion bounded by it)."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.flattened = 0

    def blocks(self, blocks: tuple[Block, ...], depth: int) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, _CONTAINERS) and depth >= self.max_depth and not isinstance(block, Figure):
                self.flattened += 1
                out.extend(flat_blocks((block,)))
            else:
                out.append(self.block(block, depth))
        return tuple(out)

    def block(self, block: Block, depth: int) -> Block:
        inner = depth + 1
        match block:
            case Paragraph(inlines=i) | Heading(inlines=i):
                return replace(block, inlines=self.inlines(i, depth))
            case BlockQuote(blocks=b, attribution=a):
                return replace(block, blocks=self.blocks(b, inner), attribution=self.inlines(a, inner))
            case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b):
                return replace(block, blocks=self.blocks(b, inner))
            case BulletList(items=items) | OrderedList(items=items):
                return replace(block, items=tuple(self.blocks(item, inner) for item in items))
            case Figure(caption=cap, credit=cred):
                return replace(block, caption=self.inlines(cap, inner), credit=self.inlines(cred, inner))
            case Table(rows=rows, caption=cap):
                cells = tuple(tuple(self.blocks(cell, inner) for cell in row) for row in rows)
                return replace(block, rows=cells, caption=self.inlines(cap, inner))
            case CodeBlock() | ThematicBreak():
                return block
            case _:
                assert_never(block)

    def inlines(self, inlines: tuple[Inline, ...], depth: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, _CONTAINERS) and depth >= self.max_depth:
                self.flattened += 1
                out.extend(flat_inlines((node,)))
                continue
            inner = depth + 1
            match node:
                case (Emph(children=c) | Strong(children=c) | Link(children=c) | Quoted(children=c)
                      | Span(children=c) | Styled(children=c)):
                    out.append(replace(node, children=self.inlines(c, inner)))
                case Note(blocks=b):
                    out.append(replace(node, blocks=self.blocks(b, inner)))
                case Text() | Code() | LineBreak() | Image():
                    out.append(node)
                case _:
                    assert_never(node)
        return tuple(out)


def limit_depth(doc: Document, max_depth: int = MAX_DEPTH) -> tuple[Document, int]:
    """``doc`` with containers nested deeper than ``max_depth`` flattened; and how many were."""
    if nesting_depth(doc) <= max_depth:
        return doc, 0
    limiter = _Limiter(max_depth)
    return replace(doc, blocks=limiter.blocks(doc.blocks, 0)), limiter.flattened
