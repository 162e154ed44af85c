"""Code blocks: verbatim lines in Noto Sans on a light background, spaces and breaks kept.

No monospace face is bundled, so indentation is kept with no-break spaces and each source
line starts a new line; long lines wrap at single spaces instead of running off the page.
Blocks are cut every ``LINES_PER_PARAGRAPH`` lines so huge listings split in linear time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .blocks import BlockRenderer

LINES_PER_PARAGRAPH = 40
MAX_CODE_RUN = 60
"""Characters without a space a code line may hold before it is cut onto the next line: the line
breaker's emergency breaks inside one such run grew quadratically (a 20,000-character line of a
minified script: 11 s, 40,000: 34 s), and a hyphen at each cut would change the code besides."""
_RUN_OF_SPACES = re.compile(r"^ +| {2,}")
_LONG_RUN = re.compile(rf"\S{{{MAX_CODE_RUN + 1},}}")


def _cut_long_runs(line: str) -> list[str]:
    """``line`` as the visual lines it is set on: a run of over MAX_CODE_RUN characters without a
    space is cut every MAX_CODE_RUN characters (the text is unchanged, only where lines end)."""
    if len(line) <= MAX_CODE_RUN or not _LONG_RUN.search(line):
        return [line]
    out: list[str] = []
    current = ""
    for piece in re.split(r"(\s+)", line):
        while len(piece) > MAX_CODE_RUN and not piece.isspace():
            head = MAX_CODE_RUN - len(current) if current and len(current) < MAX_CODE_RUN else MAX_CODE_RUN
            out.append(current + piece[:head])
            current, piece = "", piece[head:]
        current += piece
    if current or not out:
        out.append(current)
    return out


def _keep_spaces(line: str) -> str:
    """Leading spaces and runs of spaces become no-break spaces; single inner spaces may wrap."""
    return _RUN_OF_SPACES.sub(lambda m: "\u00a0" * len(m.group(0)), line.expandtabs(4))


def code_flowables(text: str, renderer: BlockRenderer) -> list[Any]:
    """Paragraphs holding the lines of a code block."""
    style = renderer.styles.get("code")
    lines = [part for line in text.rstrip("\n").split("\n") for part in _cut_long_runs(line)]
    state = renderer.state(style, "en")
    out = []
    for start in range(0, len(lines), LINES_PER_PARAGRAPH):
        group = lines[start : start + LINES_PER_PARAGRAPH]
        markup = "<br/>".join(renderer.inlines.text(_keep_spaces(line), state) or "\u00a0" for line in group)
        changes: dict[str, Any] = {}
        if start > 0:
            changes["spaceBefore"] = 0
        if start + LINES_PER_PARAGRAPH < len(lines):
            changes["spaceAfter"] = 0
        out.append(renderer.paragraph(markup, renderer.styles.variant_of(style, **changes)))
    return out
