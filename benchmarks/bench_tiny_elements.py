"""Floods of tiny inline elements: time and peak memory per output format (issue 9).

    python benchmarks/bench_tiny_elements.py                      # every flood x json epub docx fb2 pdf
    python benchmarks/bench_tiny_elements.py --floods html-b html-a --formats json pdf
    python benchmarks/bench_tiny_elements.py --floods html txt md --elements 200000 --formats json docx pdf

The inputs are the hostile suite's (``tests/hostile/test_tiny_elements.py``): 200,000 ``<b>``,
``<i>``, ``<span>``, ``<b><i>`` words on one HTML line, links, ``<br>``, Markdown ``*w*`` and
``[w](u)``, IR JSON, a DOCX of 200,000 runs; each holds a distinct word. The floods of what holds
no text (``tests/hostile/test_breaks.py``: ids ``html``, ``md``, ``txt``) are ``<br>``, empty
paragraphs, list items and table rows, ``<hr>``, blank lines, ``***`` and hard line breaks with a
word between every 1,000 of them; before issue 9's fix 200,000 ``<br>`` or ``<hr>`` took 45-111 s
to PDF (thousands of blank pages), after it 2-3 s. Each is converted in a fresh
process per format; printed: wall and CPU seconds (user+sys, the honest figure on a shared machine),
peak RSS, load average. Before the fix, 200,000 ``<b>ж</b>`` took ~18 s CPU and 0.66 GB to JSON,
13 s more for DOCX, 22 s for FB2 and over 7 minutes for PDF.

The target is issue 9's bound for a bomb, :data:`TARGET_CPU_SECONDS` of CPU per conversion (the
hostile suite holds its smaller floods to it); a row over it is marked ``over``. Links cannot be
merged, so ``--floods html-a --elements 200000`` (8.8 MB, 600,000 inline nodes) is the costliest
text flood: before the per-node work of issue 9 (s5-nodes) 11.7 s to JSON, 17.5 s to EPUB, 17.3 s
to FB2 and 27.1 s to DOCX (load 1-2).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from bench_huge_paragraph import run

from tests.hostile.test_breaks import CASES as BREAK_FLOODS
from tests.hostile.test_tiny_elements import FLOODS

TARGET_CPU_SECONDS = 10.0
"""CPU seconds a flood may take per output format (issue 9: bombs bounded to 10 s each)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floods", nargs="+", default=[f.id for f in FLOODS] + list(BREAK_FLOODS), help="flood ids")
    parser.add_argument("--formats", nargs="+", default=["json", "epub", "docx", "fb2", "pdf"])
    parser.add_argument("--elements", type=int, default=0, help="elements per flood (default: the suite's)")
    args = parser.parse_args()
    print(f"{'flood':11} {'elements':>8} {'MB':>5} {'format':6} {'wall s':>7} {'cpu s':>6} {'peak RSS MB':>11}  load  "
          f"(target {TARGET_CPU_SECONDS:.0f} s CPU)")
    with tempfile.TemporaryDirectory(prefix="bench-tiny-") as tmp:
        folder = Path(tmp)
        for flood in (f for f in FLOODS if f.id in args.floods):
            if args.elements:
                flood = replace(flood, n=args.elements)
            measure(flood.id, flood.n, folder / flood.name, flood.data(), args.formats)
        for kind in (k for k in BREAK_FLOODS if k in args.floods):
            name, make, _ = BREAK_FLOODS[kind]
            n = args.elements or 100_000
            measure("breaks-" + kind, n, folder / name, make(n), args.formats)


def measure(label: str, n: int, path: Path, data: bytes, formats: list[str]) -> None:
    """Write ``data`` to ``path``, convert it to each format in a fresh process, print one row per format."""
    path.write_bytes(data)
    size = path.stat().st_size / 1e6
    for fmt in formats:
        r = run(path, fmt, path.parent / "out")
        flag = "" if r["rc"] == 0 else f"  exit {r['rc']}"
        flag += "  over" if r["cpu"] > TARGET_CPU_SECONDS else ""
        print(f"{label:11} {n:8} {size:5.1f} {fmt:6} {r['wall']:7.1f} {r['cpu']:6.1f} "
              f"{r['rss_mb']:11.0f}  {os.getloadavg()[0]:.1f}{flag}", flush=True)
    path.unlink()


if __name__ == "__main__":
    main()
