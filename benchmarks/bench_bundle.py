"""Bundle benchmark: read N articles once, then build one book per format; linear time is the goal.

    python benchmarks/bench_bundle.py                       # 100 and 500 articles, epub fb2 docx pdf
    python benchmarks/bench_bundle.py --sizes 100 500 1000 --formats epub,fb2

Articles come from ``../shared/corpus`` text files (as ``benchmarks/run.py`` builds them: numbered
copies in 10 sub-folders, so the bundle has 10 sections). Prints, per size, the reading time and
each writer's time, total and per article, and the ratio to the smallest size per article (about
1.0 means no quadratic slowdown). Writes ``benchmarks/results/bundle.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus


def measure(n: int, formats: list[str], work: Path) -> dict[str, float]:
    """Seconds for reading ``n`` articles and for each format's writer on the bundle."""
    from article_convert import registry
    from article_convert.bundle.arrange import Entry, build_bundle
    from article_convert.bundle.collect import common_base, find_inputs, read_all, rebased
    from article_convert.context import Context, ConvertOptions
    from article_convert.diagnostics import Diagnostics

    src = work / f"corpus-{n}"
    corpus.build(src, n, [])
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    options = ConvertOptions()
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    collected = read_all(find_inputs([src]), options)
    out["read"] = time.perf_counter() - t0
    base = common_base(collected.loaded)
    t0 = time.perf_counter()
    entries = [Entry(rebased(i, base), i.found.rel.as_posix(), i.found.folder, i.found.order)
               for i in collected.loaded]
    doc = build_bundle(entries, now=now)
    out["arrange"] = time.perf_counter() - t0
    for fmt in formats:
        ctx = Context(options=options, diagnostics=Diagnostics(), now=now, base_dir=base)
        t0 = time.perf_counter()
        data = registry.get_writer(fmt).write(doc, ctx)
        out[fmt] = time.perf_counter() - t0
        out[f"{fmt}_mb"] = round(len(data) / 2**20, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    ap.add_argument("--formats", default="epub,fb2,docx,pdf")
    ap.add_argument("--output", type=Path, default=HERE / "results" / "bundle.json")
    args = ap.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        for n in args.sizes:
            print(f"… {n} articles", file=sys.stderr, flush=True)
            results[n] = measure(n, formats, Path(tmp))
    smallest = min(results)
    print(f"{'articles':>8} {'step':>8} {'seconds':>9} {'ms/article':>11} {'vs ' + str(smallest):>8}")
    for n, row in results.items():
        for step in ["read", "arrange", *formats]:
            per = 1000 * row[step] / n
            base = 1000 * results[smallest][step] / smallest
            print(f"{n:>8} {step:>8} {row[step]:>9.2f} {per:>11.2f} {per / base if base else 0:>8.2f}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                       "results": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
