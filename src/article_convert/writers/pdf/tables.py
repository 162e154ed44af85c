"""IR tables -> reportlab Tables: a grid with borders, header rows repeated on each page.

A long table is set as a stack of tables of at most ``CHUNK_ROWS`` body rows each, which reads
as one grid. reportlab rebuilds the whole rest of a table at every page break (its heights, its
cell styles, a copy of its rows), so one table of 30,000 rows took minutes; a stack costs the
same per page whatever the length. A chunk after the first carries the header rows and puts them
above itself wherever it starts a page, as one table's repeated header would be.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...ir import Paragraph, Table
from .styles import RULE_COLOR

CHUNK_ROWS = 100
"""Body rows per reportlab table of a long table (a page holds about 40 rows of one line)."""
CELL_CHUNK = 40
"""Flowables of one cell per grid row: a body row whose cell holds more is set as several grid rows
with no rule between them (reportlab re-measures the whole rest of a cell at every page it splits
it on: a cell of 12,000 paragraphs took 23 s)."""

MIN_COLUMN_WIDTH = 24.0
"""Points a column needs (6 of padding, the rest for two or three letters): a table of more columns than the line has
room for is set as bands of columns one under another (90 columns on A4 failed the whole PDF:
reportlab gave each cell a negative width)."""

if TYPE_CHECKING:
    from .blocks import BlockRenderer, Env


def table_flowables(renderer: BlockRenderer, table: Table, env: Env) -> list[Any]:
    """The caption (if any) and the table; each cell holds its blocks' flowables."""
    from reportlab.platypus import Spacer

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
    outline_level = renderer.outline_level  # headings in cells stay out of the outline (see _unkept)
    with renderer.within("Table"):  # Table > TR > TH/TD: each cell's content is its own marked content
        for i, row in enumerate(table.rows):
            cells: list[Any] = []
            with renderer.within("TR"):
                for cell in (*row, *([()] * (width - len(row)))):
                    blocks = cell
                    if i < head:
                        blocks = tuple(_bold(b) for b in cell)
                    with renderer.within("TH" if i < head else "TD") as node:
                        if i < head:
                            node.scope = "Column"
                        flows = _unkept(renderer.blocks(blocks, cell_env))
                    for flow in flows:
                        flow._ac_cell = node
                    cells.append(flows)
            data.append(cells)
    renderer.outline_level = outline_level
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), renderer.fonts.body.face(False, False).name),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    most = max(1, int(renderer.styles.geo.frame_width // MIN_COLUMN_WIDTH))
    for band in range(0, width, most):  # columns beyond a line's room: the next band below, same rows
        part = [row[band:band + most] for row in data] if width > most else data
        columns = len(part[0])
        make = functools.partial(_grid, widths=[f"{100 / columns:.3f}%"] * columns, style=style,
                                 frame_height=renderer.styles.geo.frame_height)
        header = part[:head]
        body, joined = _cut_tall_rows(part[head:])
        out.append(make(header + body[:CHUNK_ROWS], head, [False] * head + joined[:CHUNK_ROWS]))
        for start in range(CHUNK_ROWS, len(body), CHUNK_ROWS):
            out.append(make(body[start:start + CHUNK_ROWS], 0, joined[start:start + CHUNK_ROWS], header))
        out.append(Spacer(1, 0.5 * renderer.size))
    return out


def _cut_tall_rows(rows: list[list[Any]]) -> tuple[list[list[Any]], list[bool]]:
    """The rows with each one holding a cell of over ``CELL_CHUNK`` flowables cut into several, and
    for each row whether it goes on in the next (no rule between them)."""
    out: list[list[Any]] = []
    joined: list[bool] = []
    for cells in rows:
        longest = max((len(c) for c in cells), default=0)
        starts = range(0, longest, CELL_CHUNK) if longest > CELL_CHUNK else range(1)
        for k, start in enumerate(starts):
            out.append([c[start:start + CELL_CHUNK] for c in cells] if len(starts) > 1 else cells)
            joined.append(k < len(starts) - 1)
    return out, joined


def _grid(data: list[list[Any]], head: int, joined: list[bool], header: list[list[Any]] | None = None, *,
          widths: list[str], style: list[Any], frame_height: float) -> Any:
    """One reportlab table of the grid: ``head`` header rows repeated on each page it spans; no rule
    below a ``joined`` row; ``header``, for a chunk after the first, the rows to put above it
    wherever it starts a page."""
    rl = _table_class()(data, colWidths=widths, repeatRows=head, hAlign="LEFT",
                        splitByRow=1, splitInRow=1)  # a row taller than a page is split, not a LayoutError
    rl._ac_frame_height = frame_height
    rl._ac_tag = None  # grid and backgrounds are artifacts; the cells tag themselves (_drawCell)
    if any(joined):
        rules: list[Any] = [("BOX", (0, 0), (-1, -1), 0.4, RULE_COLOR)]
        if len(widths) > 1:
            rules.append(("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE_COLOR))
        rules += [("LINEBELOW", (0, r), (-1, r), 0.4, RULE_COLOR) for r in range(len(data) - 1) if not joined[r]]
        for r in (r for r in range(len(data) - 1) if joined[r]):  # no padding where one row goes on in the next
            rules += [("BOTTOMPADDING", (0, r), (-1, r), 0), ("TOPPADDING", (0, r + 1), (-1, r + 1), 0)]
    else:
        rules = [("GRID", (0, 0), (-1, -1), 0.4, RULE_COLOR)]
    rl.setStyle(style + rules)
    rl._ac_joined = joined
    if header:
        rl._ac_continue = functools.partial(_grid, widths=widths, style=style, frame_height=frame_height)
        rl._ac_header = header
    return rl


def _unkept(flows: list[Any]) -> list[Any]:
    """A cell's flowables with every KeepTogether replaced by its content, and without outline marks.

    reportlab sizes a KeepTogether in a cell as 16,777,221 pt tall, so a figure in a table cell
    raised LayoutError (a cell is never split across pages anyway). Only top-level flowables
    reach the outline, so a heading in a cell left a gap in its levels that made reportlab raise
    "can't jump from outline level 2 to level 4" at the next heading."""
    from reportlab.platypus import KeepTogether

    out: list[Any] = []
    for flow in flows:
        if isinstance(flow, KeepTogether):
            out.extend(_unkept(list(flow._content)))
            continue
        if getattr(flow, "_ac_outline", None) is not None:
            del flow._ac_outline
        out.append(flow)
    return out


@functools.cache
def _table_class() -> type:
    """A reportlab Table whose cells are drawn as marked content of their TH/TD element (tagged PDF)."""
    from reportlab.platypus import Table as RLTable

    from .tagging import Tagger

    class TaggedTable(RLTable):  # type: ignore[misc, valid-type]
        _ac_frame_height = 0.0

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            """reportlab's split; header rows too tall to repeat on every page are not repeated.

            reportlab never splits inside the repeated header rows, so a header row taller than a
            page (a whole article in a header cell) raised LayoutError for the whole document."""
            parts: list[Any] = super().split(availWidth, availHeight)
            heights = getattr(self, "_rowHeights", None) or []
            repeat: int = getattr(self, "repeatRows", 0)
            if not parts and repeat and sum(heights[:repeat]) > self._ac_frame_height / 2:
                self.repeatRows = 0
                parts = super().split(availWidth, availHeight)
            for part in parts:
                part._ac_frame_height = self._ac_frame_height
            header = getattr(self, "_ac_header", None)
            if header:  # a later chunk of a long table: what starts a page starts under the header
                from reportlab.platypus import Spacer

                above = [False] * len(header)
                if not parts:  # nothing fits here: all of it on the next page, under the header
                    return [Spacer(0, 0), self._ac_continue(header + self._cellvalues, len(header),
                                                            above + self._ac_joined)]
                if len(parts) == 2:
                    rest = parts[1]._cellvalues
                    parts[1] = self._ac_continue(header + rest, len(header), above + self._ac_joined[-len(rest):])
            return parts

        def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:
            """reportlab's split inside a row; the parts of a flowable split there keep its TH/TD."""
            halves = super()._splitCell(value, style, oldHeight, newHeight, width)
            flows = value if isinstance(value, (list, tuple)) else [value]
            node = next((f._ac_cell for f in flows if getattr(f, "_ac_cell", None) is not None), None)
            if node is not None:
                for half in halves:
                    for flow in half if isinstance(half, (list, tuple)) else ():
                        if getattr(flow, "_ac_cell", None) is None:
                            flow._ac_cell = node
            return halves

        def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> Any:
            canv = self.canv
            tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
            flows = [f for f in (cellval if isinstance(cellval, (list, tuple)) else [cellval])
                     if getattr(f, "_ac_cell", None) is not None]
            node = flows[0]._ac_cell if flows else None
            if tagger is None or node is None or tagger.current is not None:
                return super()._drawCell(cellval, cellstyle, pos, size)  # untagged, or a table in a cell
            if all(getattr(f, "_ac_drawn", False) for f in flows):  # a header row repeated on a later page
                return super()._drawCell(cellval, cellstyle, pos, size)  # stays in the table's artifact
            # the cell, or the rest of a cell split inside its row (another MCR of the same TH/TD)
            canv._code.append("EMC")  # leave the table's artifact for the cell
            tagger.current = node
            start = tagger.begin(canv, node)
            try:
                return super()._drawCell(cellval, cellstyle, pos, size)
            finally:
                tagger.end(canv, node, start)
                tagger.current = None
                canv._code.append("/Artifact BMC")
                for flow in flows:
                    flow._ac_drawn = True

    return TaggedTable


def _bold(block: Any) -> Any:
    """A header cell's paragraph in bold."""
    from ...ir import Strong

    if isinstance(block, Paragraph) and block.inlines:
        return replace(block, inlines=(Strong(block.inlines),))
    return block
