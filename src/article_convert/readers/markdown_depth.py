"""Keep deeply nested Markdown: flatten it below a depth limit instead of losing it.

markdown-it stops parsing a container nested ``maxNesting`` (20) levels deep and silently drops
the rest of it: a block quote 20 deep or a list past its 9th level (list + item = 2 levels)
vanished. Raising ``maxNesting`` alone trades that for a RecursionError around 1,000 levels. So:
- a block rule that runs first takes over at :data:`BLOCK_LIMIT`: the rest of the container
  becomes plain paragraphs (quote and list markers stripped, text kept) and is reported;
- a core rule removes emphasis/link open-close pairs nested deeper than :data:`INLINE_LIMIT`
  (their text stays), so hundreds of nested ``*_`` markers cannot nest the syntax tree.
"""

from __future__ import annotations

import re
from typing import Any

from ..ir.depth import MAX_DEPTH

BLOCK_LIMIT = MAX_DEPTH
"""markdown-it block level at which the rest of a container is flattened (a list level counts 2)."""

INLINE_LIMIT = MAX_DEPTH
"""Deepest nesting of inline containers (emphasis, strong, links) kept as structure."""

FLATTENED = "article_convert_flattened"
"""Key in markdown-it's ``env``: how many containers were flattened."""

_MARKERS = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*", re.MULTILINE)


def _depth_guard(state: Any, start: int, end: int, silent: bool) -> bool:
    """Below BLOCK_LIMIT: the container's remaining lines as marker-free paragraphs."""
    if state.level < BLOCK_LIMIT or silent:
        return False
    text = state.getLines(start, end, state.blkIndent, False)
    paragraphs = [p.strip() for p in re.split(r"\n[ \t>]*\n", _MARKERS.sub("", text)) if p.strip()]
    for para in paragraphs:
        token = state.push("paragraph_open", "p", 1)
        token.map = [start, end]
        token = state.push("inline", "", 0)
        token.content = para
        token.map = [start, end]
        token.children = []
        state.push("paragraph_close", "p", -1)
    state.line = end
    state.env[FLATTENED] = state.env.get(FLATTENED, 0) + 1
    return True


def _limit_inline_nesting(state: Any) -> None:
    """Drop open/close token pairs of inline containers nested deeper than INLINE_LIMIT."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept, dropped_stack, depth, dropped = [], [], 0, 0
        for tok in block.children:
            if tok.nesting == 1:
                drop = depth >= INLINE_LIMIT
                dropped_stack.append(drop)
                depth += 1
                if drop:
                    dropped += 1
                    continue
            elif tok.nesting == -1:
                depth -= 1
                if dropped_stack and dropped_stack.pop():
                    continue
            kept.append(tok)
        if dropped:
            block.children = kept
            state.env[FLATTENED] = state.env.get(FLATTENED, 0) + dropped


def install(md: Any) -> None:
    """Add the depth guard rules to a MarkdownIt parser (and room for them below maxNesting)."""
    md.options["maxNesting"] = max(int(md.options.get("maxNesting", 20)), BLOCK_LIMIT + 8)
    first = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first, "depth_guard", _depth_guard)
    md.core.ruler.after("inline", "limit_inline_nesting", _limit_inline_nesting)
