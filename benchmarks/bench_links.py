"""Writer time and memory against the number of distinct hyperlinks: linear and small is the goal (issue 9).

    python benchmarks/bench_links.py                          # DOCX, 25,000 50,000 100,000 200,000 links
    python benchmarks/bench_links.py --sizes 1000 4000 --formats docx pdf

Builds one Document of N distinct links (a word each, 4,000 to a paragraph, as a page of links
becomes after the reader) and runs one writer on it in a fresh process per size and format, so
that the peak RSS is the writer's own on top of the Document (printed: CPU seconds, microseconds
per link, the process's peak RSS and what it grew by while writing, the load average). The whole
conversion of such a page, reader included, is measured by ``bench_tiny_elements.py --floods html-a``.
Before issue 9's lean DOCX path, 200,000 links took the DOCX writer ~19 s and ~700 MB over the
Document; before the rId index (item 14) 20,000 links took 66 s. The PDF writer (``--formats pdf
--sizes 200000``): 88.7 s CPU, 1,656 MB peak (grew 1,561 MB) at load 5.8, when reportlab held a
dictionary tree per link annotation and per Link structure element until it saved; 68.3 s, 752 MB
(grew 657 MB) at load 5.3 with them as small records (``writers/pdf/records.py``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

PER_PARAGRAPH = 4000


def document(n: int):  # type: ignore[no-untyped-def]
    """N distinct links with a distinct Cyrillic word each, 4,000 to a paragraph."""
    from article_convert.ir import Document, Link, Metadata, Paragraph, Text

    letters = "абвгдежзиклмнопрстуфхцчшщэюя"

    def word(i: int) -> str:
        out = "ж"
        for _ in range(4):
            out += letters[i % 28]
            i //= 28
        return out

    inlines = [n for i in range(n) for n in (Link((Text(word(i)),), f"https://example.org/page/{i}"), Text(" "))]
    step = 2 * PER_PARAGRAPH
    blocks = tuple(Paragraph(tuple(inlines[k:k + step])) for k in range(0, len(inlines), step))
    return Document(Metadata(title="Ссылки", language="ru"), blocks)


def child(n: int, fmt: str) -> None:
    """In the fresh process: build the Document, run the writer, print CPU s, peak and growth (MB)."""
    from article_convert.context import Context
    from article_convert.registry import get_writer

    doc = document(n)
    writer = get_writer(fmt)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = before.ru_utime + before.ru_stime
    writer.write(doc, Context(base_dir=Path.cwd(), source_name="bench"))
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(after.ru_utime + after.ru_stime - start, after.ru_maxrss / 1024, (after.ru_maxrss - before.ru_maxrss) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--formats", nargs="+", default=["docx"], help="json epub docx fb2 pdf")
    parser.add_argument("--child", nargs=2, metavar=("N", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    print(f"{'links':>7} {'format':6} {'cpu s':>7} {'µs/link':>8} {'peak MB':>8} {'grew MB':>8}  load")
    for fmt in args.formats:
        for n in args.sizes:
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, __file__, "--child", str(n), fmt], capture_output=True, text=True,
                                 check=True).stdout.split()
            cpu, peak, grew = (float(x) for x in out[-3:])
            print(f"{n:7} {fmt:6} {cpu:7.2f} {1e6 * cpu / n:8.1f} {peak:8.0f} {grew:8.0f}  {os.getloadavg()[0]:.1f}"
                  f"  (wall {time.perf_counter() - t0:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
