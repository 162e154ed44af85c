"""Long tables: CPU time per row must stay flat as the table grows (issue 9).

    python benchmarks/bench_long_table.py                         # 2,500 / 10,000 / 30,000 rows, PDF and DOCX
    python benchmarks/bench_long_table.py --rows 1000 4000 --formats pdf
    python benchmarks/bench_long_table.py --shape cell --rows 4000 12000   # one cell of that many paragraphs

A saved page holding one table of ``rows`` rows of two short cells (about 34 bytes a row, so 30,000
rows are a 1 MB page) is converted in a fresh process per format. Printed per size: wall and CPU
seconds (user+sys, the honest figure on a shared machine), peak RSS, CPU ms per row, and the ratio of
that per-row cost to the smallest size's, measured in the same run (1.0 = linear; before the fix the
PDF's grew with the length: 2,500 rows 1.0 ms/row, 10,000 rows 1.8, 30,000 rows over 1.9 and over
a minute, as reportlab rebuilt the rest of the table at every page break). ``--shape cell``: one
body cell of ``rows`` paragraphs instead (before: 4,000 paragraphs 4.0 s, 12,000 23 s of CPU, as
reportlab re-measured the rest of the cell at every page).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_huge_paragraph import run


def page(rows: int, shape: str = "rows") -> str:
    """A saved article page: a heading, a paragraph, one table of ``rows`` rows (or of one cell of
    ``rows`` paragraphs)."""
    body = "".join(f"<tr><td>строка {i}</td><td>{i * 7}</td></tr>" for i in range(rows))
    if shape == "cell":
        body = ("<tr><td>первый</td><td>" + "".join(f"<p>абзац номер {i} в ячейке</p>" for i in range(rows))
                + "</td></tr><tr><td>второй</td><td>короткий</td></tr>")
    return ("<html><head><title>Таблица</title></head><body><article><h1>Таблица</h1><p>"
            + "Вводный абзац статьи о таблицах и данных. " * 5
            + f"</p><table><thead><tr><th>Строка</th><th>Число</th></tr></thead>{body}</table></article></body></html>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2500, 10000, 30000])
    parser.add_argument("--formats", nargs="+", default=["pdf", "docx"])
    parser.add_argument("--shape", choices=["rows", "cell"], default="rows")
    args = parser.parse_args()
    print(f"{'rows':>7} {'format':6} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'ms/row':>7} {'ratio':>6}  load")
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-table-") as tmp:
        folder = Path(tmp)
        for rows in sorted(args.rows):
            path = folder / f"table-{rows}.html"
            path.write_text(page(rows, args.shape), encoding="utf-8")
            for fmt in args.formats:
                r = run(path, fmt, folder / "out")
                per_row = 1000 * r["cpu"] / rows
                ratio = per_row / first.setdefault(fmt, per_row)
                flag = "" if r["rc"] == 0 else f"  exit {r['rc']}"
                print(f"{rows:>7} {fmt:6} {r['wall']:7.1f} {r['cpu']:6.1f} {r['rss_mb']:8.0f} {per_row:7.2f} {ratio:6.2f}"
                      f"  {os.getloadavg()[0]:.1f}{flag}", flush=True)


if __name__ == "__main__":
    main()
