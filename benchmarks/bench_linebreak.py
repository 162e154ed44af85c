"""PDF cost of total-fit line breaking against reportlab's greedy breaking, in one process.

    python benchmarks/bench_linebreak.py            # the 10 KB seed, 30 rounds each, interleaved
    python benchmarks/bench_linebreak.py FILE -n 5  # any input

Both ways run in the same process, round after round, so machine load hits them alike; the
greedy way is reportlab's own ``breakLines`` (what the PDF writer used before issue 14).
Prints the median milliseconds of each and the ratio (target: at most 1.30 on the seed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
SEED = HERE.parent / "seeds" / "000_43c9a9ce68f258d4.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", type=Path, default=SEED)
    ap.add_argument("-n", type=int, default=30, help="rounds (each renders the PDF both ways)")
    args = ap.parse_args()

    from article_convert import registry
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import load_source, make_context, read_source
    from article_convert.writers.pdf import paragraph

    source = load_source(args.input)
    ctx = make_context(source, ConvertOptions())
    ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    doc = read_source(source, ctx)
    writer = registry.get_writer("pdf")
    total_fit = paragraph._total_fit
    times: dict[str, list[float]] = {"greedy": [], "total-fit": []}
    for i in range(args.n + 1):  # round 0 warms fonts and caches and is not counted
        for name, bucket in times.items():
            paragraph._total_fit = total_fit if name == "total-fit" else (lambda para, widths: False)
            t0 = time.perf_counter()
            writer.write(doc, ctx)
            if i:
                bucket.append(time.perf_counter() - t0)
    paragraph._total_fit = total_fit
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"{args.input.name}: greedy {med['greedy']:.1f} ms, total-fit {med['total-fit']:.1f} ms, "
          f"ratio {med['total-fit'] / med['greedy']:.2f} (median of {args.n}; wall clock, machine load applies)")


if __name__ == "__main__":
    main()
