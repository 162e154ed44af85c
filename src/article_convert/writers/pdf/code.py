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
_RUN_OF_SPACES = re.compile(r"^ +| {2,}")


def _keep_spaces(line: str) -> str:
    """Leading spaces and runs of spaces become no-break spaces; single inner spaces may wrap."""
    return _RUN_OF_SPACES.sub(lambda m: "\u00a0" * len(m.group(0)), line.expandtabs(4))


def code_flowables(text: str, renderer: BlockRenderer) -> list[Any]:
    """Paragraphs holding the lines of a code block."""
    style = renderer.styles.get("code")
    lines = text.rstrip("\n").split("\n")
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
