"""IR tables -> a reportlab Table: a grid with borders, header rows repeated on each page."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...ir import Paragraph, Table
from .styles import RULE_COLOR

if TYPE_CHECKING:
    from .blocks import BlockRenderer, Env


def table_flowables(renderer: BlockRenderer, table: Table, env: Env) -> list[Any]:
    """The caption (if any) and the table; each cell holds its blocks' flowables."""
    from reportlab.platypus import Spacer
    from reportlab.platypus import Table as RLTable

    out: list[Any] = []
    if table.caption:
        style = renderer.para_style("noindent", env.lang)
        out += renderer.inline_paragraphs(table.caption, style, env.lang)
    width = max((len(row) for row in table.rows), default=0)
    if width == 0:
        return out
    cell_env = replace(env, style="noindent")
    head = min(max(table.header_rows, 0), len(table.rows))
    data: list[list[Any]] = []
    for i, row in enumerate(table.rows):
        cells: list[Any] = []
        for cell in (*row, *([()] * (width - len(row)))):
            blocks = cell
            if i < head:
                blocks = tuple(_bold(b) for b in cell)
            cells.append(renderer.blocks(blocks, cell_env))
        data.append(cells)
    rl = RLTable(data, colWidths=[f"{100 / width:.3f}%"] * width, repeatRows=head, hAlign="LEFT", splitByRow=1)
    rl.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE_COLOR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.body.face(False, False).name),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    return [*out, rl, Spacer(1, 0.5 * renderer.size)]


def _bold(block: Any) -> Any:
    """A header cell's paragraph in bold."""
    from ...ir import Strong

    if isinstance(block, Paragraph) and block.inlines:
        return replace(block, inlines=(Strong(block.inlines),))
    return block
