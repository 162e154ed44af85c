"""Split over-long paragraphs into bounded ones, so no stage pays for one giant paragraph.

A paragraph is the unit every later stage works on whole: typography flattens it into a list
of characters, recognition matches it, the PDF breaks it into lines in one go, the DOCX and
EPUB writers build it as one element. A "paragraph" of megabytes (a text file with no blank
line, a page that is one ``<p>``) made those stages cost hundreds of bytes per character and
more than a gigabyte near the input limit. :func:`split_long_paragraphs` runs on every reader's
Document (from :mod:`.guard`): a paragraph longer than :data:`MAX_PARAGRAPH_CHARS` is cut into
paragraphs of at most that length — after a sentence end where one is in reach, else at a
space, else (no space at all) between two letters — dropping only the white space at each cut.
Inline formatting that spans a cut (emphasis, a link) is repeated on both sides. An over-long
heading keeps its first piece as the heading; the rest follows as paragraphs. The walk over the
inline tree is a single pass, so the split is linear in the paragraph's size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .nodes import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
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
from .walk import assert_never

MAX_PARAGRAPH_CHARS = 20_000
"""Longest paragraph (in characters) kept whole; a long one in a real article has 2,000–5,000."""

ATOM = "\ufffc"
"""Stands for an inline without splittable text (code, note, image) in the flat view."""

_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'»”“’)\]]*(\s+)(?=[\"'«„“‘(\[—–-]*([^\W_]))")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SplitReport:
    """What :func:`split_long_paragraphs` did: paragraphs (and headings) split, pieces made, how."""

    split: int = 0
    pieces: int = 0
    by_word: int = 0
    """Cuts made at a space that is not after a sentence end."""
    hard: int = 0
    """Cuts made inside a run of characters without any space."""


def _flat(inlines: tuple[Inline, ...], out: list[str]) -> None:
    """Append the flat text of ``inlines`` (containers see-through, atoms one placeholder)."""
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, (Emph, Strong, Link, Quoted, Span, Styled)):
            _flat(node.children, out)
        else:
            out.append(ATOM)


def _length(inlines: tuple[Inline, ...], limit: int) -> int:
    """The flat length of ``inlines``, counting stops once it passes ``limit`` (cheap for short paragraphs)."""
    total = 0
    stack: list[Iterator[Inline]] = [iter(inlines)]
    while stack and total <= limit:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, Text):
            total += len(node.text)
        elif isinstance(node, (Emph, Strong, Link, Quoted, Span, Styled)):
            stack.append(iter(node.children))
        else:
            total += 1
    return total


def find_cuts(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[tuple[int, int]], int, int]:
    """Where to cut ``text`` into pieces of at most ``limit`` characters: (start, end) ranges of
    white space to drop (start == end for a cut between two letters); and how many cuts were
    at a plain space and how many inside a word."""
    cuts: list[tuple[int, int]] = []
    by_word = hard = 0
    pos, n = 0, len(text)
    while n - pos > limit:
        end = pos + limit
        cut: tuple[int, int] | None = None
        for m in _SENTENCE_END.finditer(text, pos, end + 1):
            start = m.start(1)
            if start > pos and start <= end and (m.group(2).isupper() or m.group(2).isdigit()):
                cut = (start, m.end(1))
        if cut is None:
            for m in _SPACE.finditer(text, pos + 1, end + 1):
                cut = (m.start(), m.end())
            by_word += cut is not None
        if cut is None:
            at = end
            while at > pos + 1 and unicodedata.combining(text[at]):
                at -= 1  # never part a letter from its accent
            cut = (at, at)
            hard += 1
        start, stop = cut
        while stop < n and text[stop].isspace():
            stop += 1  # the white space run may go on past the window
        cuts.append((start, stop))
        pos = stop
    return cuts, by_word, hard


_CONTAINERS = frozenset({Emph, Strong, Link, Quoted, Span, Styled})
"""Inline containers the flat view sees through."""
_FAST_LIMIT = 256
"""Containers up to this flat length are measured to be kept whole when no cut falls in them."""


def _intact_length(inlines: tuple[Inline, ...]) -> int:
    """The flat length of a small container's content, or 0 when it is longer than :data:`_FAST_LIMIT`
    or holds an empty Text or container (which the rebuilding walk leaves out or places by position)."""
    total = 0
    stack = [inlines]
    while stack:
        for node in stack.pop():
            cls = type(node)
            if cls is Text:
                if not node.text:  # type: ignore[union-attr]
                    return 0
                total += len(node.text)  # type: ignore[union-attr]
            elif cls in _CONTAINERS:
                if not node.children:  # type: ignore[union-attr]
                    return 0  # placed by the position after what precedes it: maybe past a cut
                stack.append(node.children)  # type: ignore[union-attr]
            else:
                total += 1
        if total > _FAST_LIMIT:
            return 0
    return total


class _Cutter:
    """One pass over an inline tree, handing each piece of it to the segment it falls in."""

    def __init__(self, cuts: list[tuple[int, int]]) -> None:
        self.cuts = cuts
        self.pos = 0
        self.k = 0  # cuts passed so far = the segment the current position belongs to

    def _settle(self, p: int) -> bool:
        """Advance past the cuts that end at or before ``p``; True if ``p`` is in a dropped range."""
        cuts = self.cuts
        while self.k < len(cuts) and cuts[self.k][1] <= p:
            self.k += 1
        return self.k < len(cuts) and cuts[self.k][0] <= p

    def run(self, inlines: tuple[Inline, ...]) -> list[tuple[int, list[Inline]]]:
        """Runs of (segment, inlines) in document order."""
        runs: list[tuple[int, list[Inline]]] = []

        def emit(seg: int, node: Inline) -> None:
            if runs and runs[-1][0] == seg:
                runs[-1][1].append(node)
            else:
                runs.append((seg, [node]))

        cuts = self.cuts
        for node in inlines:
            cls = type(node)
            if cls is Text or cls in _CONTAINERS:
                # a node wholly inside one segment, away from any cut, is kept as it is: rebuilding it
                # (a recursion, a list and a copy per link) was most of splitting a page of links
                size = len(node.text) if cls is Text else _intact_length(node.children)  # type: ignore[union-attr]
                if size > 0 and not self._settle(self.pos) and (
                        self.k == len(cuts) or self.pos + size <= cuts[self.k][0]):
                    emit(self.k, node)
                    self.pos += size
                    continue
            if isinstance(node, Text):
                for seg, part in self._text(node.text):
                    emit(seg, Text(part))
            elif isinstance(node, (Emph, Strong, Link, Quoted, Span, Styled)):
                inner = self.run(node.children)
                if not inner:
                    if not node.children:
                        self._settle(self.pos)
                        emit(self.k, node)
                    continue
                for seg, children in inner:
                    emit(seg, replace(node, children=tuple(children)))
            else:
                dropped = self._settle(self.pos)
                self.pos += 1
                if not dropped:
                    emit(self.k, node)
        return runs

    def _text(self, text: str) -> Iterator[tuple[int, str]]:
        start = p = self.pos
        end = start + len(text)
        while p < end:
            if self._settle(p):
                p = min(self.cuts[self.k][1], end)
                continue
            q = min(self.cuts[self.k][0], end) if self.k < len(self.cuts) else end
            yield self.k, text[p - start : q - start]
            p = q
        self.pos = end


def split_inlines(inlines: tuple[Inline, ...], limit: int = MAX_PARAGRAPH_CHARS
                  ) -> tuple[list[tuple[Inline, ...]], int, int]:
    """``inlines`` cut into pieces of at most ``limit`` flat characters (one piece if short enough);
    and the number of cuts at a plain space and inside a word."""
    if _length(inlines, limit) <= limit:
        return [inlines], 0, 0
    parts: list[str] = []
    _flat(inlines, parts)
    cuts, by_word, hard = find_cuts("".join(parts), limit)
    if not cuts:
        return [inlines], 0, 0
    segments: dict[int, list[Inline]] = {}
    for seg, nodes in _Cutter(cuts).run(inlines):
        segments.setdefault(seg, []).extend(nodes)
    return [tuple(segments[k]) for k in sorted(segments)], by_word, hard


class _Splitter:
    """Walks the blocks, replacing each over-long paragraph by its pieces; counts what it did."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.split = self.pieces = self.by_word = self.hard = 0

    def _pieces(self, inlines: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
        pieces, by_word, hard = split_inlines(inlines, self.limit)
        if len(pieces) > 1:
            self.split += 1
            self.pieces += len(pieces)
            self.by_word += by_word
            self.hard += hard
        return pieces

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        changed = False
        for block in blocks:
            new = self.block(block)
            changed = changed or len(new) != 1 or new[0] is not block
            out.extend(new)
        return tuple(out) if changed else blocks

    def block(self, block: Block) -> list[Block]:
        match block:
            case Paragraph(inlines=i):
                pieces = self._pieces(i)
                return [block] if len(pieces) == 1 else [replace(block, inlines=p) for p in pieces]
            case Heading(inlines=i, lang=lang):
                pieces = self._pieces(i)
                if len(pieces) == 1:
                    return [block]
                return [replace(block, inlines=pieces[0]), *(Paragraph(p, lang) for p in pieces[1:])]
            case BlockQuote(blocks=b) | Question(blocks=b) | Answer(blocks=b) | Div(blocks=b) | Article(blocks=b):
                new = self.blocks(b)
                return [block if new is b else replace(block, blocks=new)]
            case BulletList(items=items) | OrderedList(items=items):
                new_items = tuple(self.blocks(item) for item in items)
                same = all(a is b for a, b in zip(new_items, items, strict=True))
                return [block if same else replace(block, items=new_items)]
            case Table(rows=rows):
                new_rows = tuple(tuple(self.blocks(cell) for cell in row) for row in rows)
                same = all(a is b for ra, rb in zip(new_rows, rows, strict=True) for a, b in zip(ra, rb, strict=True))
                return [block if same else replace(block, rows=new_rows)]
            case Figure() | CodeBlock() | ThematicBreak():
                return [block]
            case _:
                assert_never(block)


def split_long_paragraphs(blocks: tuple[Block, ...], limit: int = MAX_PARAGRAPH_CHARS
                          ) -> tuple[tuple[Block, ...], SplitReport]:
    """``blocks`` with every paragraph (and heading) longer than ``limit`` characters cut into
    bounded ones (see the module docstring), and a report of what was cut."""
    splitter = _Splitter(limit)
    new = splitter.blocks(blocks)
    return new, SplitReport(splitter.split, splitter.pieces, splitter.by_word, splitter.hard)
