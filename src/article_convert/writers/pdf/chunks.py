"""Cut very long paragraphs into pieces reportlab can split across pages in linear time.

reportlab re-wraps the rest of a paragraph each time it splits it at a page end, so one
paragraph of a megabyte costs time quadratic in its length. Paragraphs longer than
``LIMIT`` characters are cut at sentence ends inside top-level text runs; the writer sets
the pieces so the joins cannot be seen (no indent, last line justified).
"""

from __future__ import annotations

import re

from ...ir import Inline, Text

LIMIT = 6000
_SENTENCE_END = re.compile(r"[.!?…»\"“”)]\s+(?=[^\s])")


def _size(node: Inline) -> int:
    """A cheap length estimate of an inline node."""
    if isinstance(node, Text):
        return len(node.text)
    children = getattr(node, "children", None)
    if children is not None:
        return sum(_size(c) for c in children)
    return len(getattr(node, "text", "")) + 1


def _cut_text(text: str, first: int, limit: int) -> list[str]:
    """Cut ``text`` at sentence ends so that each piece (the first ``first`` long at most) stays short."""
    pieces: list[str] = []
    start, budget = 0, first
    while len(text) - start > budget:
        window = text[start : start + budget]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        if not ends:
            space = window.rfind(" ")
            if space <= 0:
                break
            ends = [space + 1]
        cut = start + ends[-1]
        pieces.append(text[start:cut])
        start, budget = cut, limit
    pieces.append(text[start:])
    return pieces


def chunk_inlines(inlines: tuple[Inline, ...], limit: int = LIMIT) -> list[tuple[Inline, ...]]:
    """The inlines in pieces of roughly ``limit`` characters (a single piece when short)."""
    if sum(_size(n) for n in inlines) <= limit:
        return [inlines]
    chunks: list[tuple[Inline, ...]] = []
    current: list[Inline] = []
    used = 0
    for node in inlines:
        size = _size(node)
        if isinstance(node, Text) and used + size > limit:
            parts = _cut_text(node.text, max(limit - used, 1), limit)
            for k, part in enumerate(parts):
                if k > 0:
                    chunks.append(tuple(current))
                    current, used = [], 0
                if part:
                    current.append(Text(part))
                    used += len(part)
            continue
        current.append(node)
        used += size
    if current:
        chunks.append(tuple(current))
    return [c for c in chunks if c] or [inlines]
