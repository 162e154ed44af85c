"""Floods of tiny inline elements: time and peak memory per output format (issue 9).

    python benchmarks/bench_tiny_elements.py                      # every flood x json epub docx fb2 pdf
    python benchmarks/bench_tiny_elements.py --floods html-b html-a --formats json pdf
    python benchmarks/bench_tiny_elements.py --floods html txt md --elements 200000 --formats json docx pdf
    python benchmarks/bench_tiny_elements.py --floods html-p html-td html-div --elements 99000 --formats json \
        --before /tmp/before/src          # tiny blocks against another checkout, interleaved

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

Floods of tiny *blocks* (``html-p``, ``html-td``, ``html-div``: one word a paragraph, table cell or
div; 99,000 of them stay just under the extractors' element budget, so readability runs) cost per
block in the reader, the guard, recognition and typography. ``--before SRC`` (the ``src`` folder of
another checkout, e.g. ``git worktree add /tmp/before <commit>``) measures each flood and format
with that tree too, before and after taken in turn ``--repeat`` times, and prints the ratio of the
medians after/before: a figure the machine's load moves far less than the seconds. Without it each
row is also compared with a reference measured in the same run: the same words as ordinary
paragraphs of 100 words (``text x``: how many times what the text alone costs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import statistics
import subprocess
import time

from bench_huge_paragraph import run

from tests.hostile.test_breaks import CASES as BREAK_FLOODS
from tests.hostile.test_tiny_elements import FLOODS, Flood, words

TARGET_CPU_SECONDS = 10.0
"""CPU seconds a flood may take per output format (issue 9: bombs bounded to 10 s each)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floods", nargs="+", default=[f.id for f in FLOODS] + list(BREAK_FLOODS), help="flood ids")
    parser.add_argument("--formats", nargs="+", default=["json", "epub", "docx", "fb2", "pdf"])
    parser.add_argument("--elements", type=int, default=0, help="elements per flood (default: the suite's)")
    parser.add_argument("--before", type=Path, help="src folder of another checkout to compare with (block floods)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tree with --before (medians)")
    args = parser.parse_args()
    print(f"{'flood':11} {'elements':>8} {'MB':>5} {'format':6} {'wall s':>7} {'cpu s':>6} {'peak RSS MB':>11}  load  "
          f"(target {TARGET_CPU_SECONDS:.0f} s CPU)")
    with tempfile.TemporaryDirectory(prefix="bench-tiny-") as tmp:
        folder = Path(tmp)
        for flood in (f for f in FLOODS if f.id in args.floods):
            if args.elements:
                flood = replace(flood, n=args.elements)
            if flood.id in BLOCK_FLOODS:
                compare(flood, folder, args.formats, args.before, args.repeat)
                continue
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


BLOCK_FLOODS = ("html-p", "html-td", "html-div")


def run_tree(path: Path, fmt: str, out: Path, src: Path | None) -> dict[str, float | int]:
    """``run`` with ``src`` first on the module path (another checkout's code), or this tree's."""
    if src is None:
        return run(path, fmt, out)
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "article_convert", str(path), "-t", fmt, "-o", f"{out}/", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return {"rc": os.waitstatus_to_exitcode(status), "wall": time.perf_counter() - t0,
            "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def reference_page(n: int) -> bytes:
    """The words of a block flood of ``n`` as ordinary paragraphs of 100 words: what the text costs."""
    ws = words(n)
    paras = "".join("<p>" + " ".join(ws[i : i + 100]) + ".</p>" for i in range(0, n, 100))
    return (f"<html><head><title>Заголовок</title></head><body><article><h1>Заголовок</h1>{paras}"
            "</article></body></html>").encode()


def compare(flood: Flood, folder: Path, formats: list[str], before: Path | None, repeat: int) -> None:
    """One row per format: this tree's CPU s and peak RSS, and the ratio to ``before`` (runs taken in
    turn, medians of ``repeat``) or, without it, to the same words as ordinary paragraphs."""
    path = folder / flood.name
    path.write_bytes(flood.data())
    size = path.stat().st_size / 1e6
    ref = folder / ("ref-" + flood.name)
    if before is None:
        ref.write_bytes(reference_page(flood.n))
    for fmt in formats:
        after_runs: list[dict[str, float | int]] = []
        other: list[dict[str, float | int]] = []
        for _ in range(max(1, repeat)):  # interleaved: both trees see the same load
            if before is not None:
                other.append(run_tree(path, fmt, folder / "out", before))
            else:
                other.append(run(ref, fmt, folder / "out"))
            after_runs.append(run(path, fmt, folder / "out"))
        cpu = statistics.median(float(r["cpu"]) for r in after_runs)
        wall = statistics.median(float(r["wall"]) for r in after_runs)
        rss = max(float(r["rss_mb"]) for r in after_runs)
        base_cpu = statistics.median(float(r["cpu"]) for r in other)
        base_rss = max(float(r["rss_mb"]) for r in other)
        label = "before" if before is not None else "text"
        flags = "".join(f"  exit {r['rc']}" for r in after_runs + other if r["rc"] != 0)
        flags += "  over" if cpu > TARGET_CPU_SECONDS else ""
        print(f"{flood.id:11} {flood.n:8} {size:5.1f} {fmt:6} {wall:7.1f} {cpu:6.1f} {rss:11.0f}  "
              f"{os.getloadavg()[0]:.1f}  {label} {base_cpu:.1f} s / {base_rss:.0f} MB, "
              f"{'after/before' if before is not None else 'text x'} {cpu / base_cpu:.2f}, "
              f"{cpu / flood.n * 1e6:.0f} µs a block{flags}", flush=True)
    path.unlink()
    ref.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
