"""Cold start: fresh processes for the seed (ours to EPUB+DOCX+PDF vs pandoc's two runs), ``--help``
and ``-t json``, taken in turn so the machine's load hits them alike; medians of wall time and of
user+sys CPU time (``getrusage(RUSAGE_CHILDREN)``, the honest figure on a loaded machine).

    python benchmarks/cold.py [--repeats 7] [--src OTHER_CHECKOUT/src ...]

Each ``--src`` runs the same rows with that source tree first on ``PYTHONPATH`` (e.g. a checkout
of main, to print before and after in one run).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"
TARGETS = {"seed -> epub,docx,pdf": 0.18, "--help": 0.08, "-t json": 0.12}


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and user+sys CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rows(out: Path) -> dict[str, list[list[str]]]:
    """Row name -> the commands one measurement runs (one after the other)."""
    me = [sys.executable, "-m", "article_convert"]
    table = {
        "seed -> epub,docx,pdf": [[*me, str(SEED), "-t", "epub,docx,pdf", "-o", f"{out}/", "-q"]],
        "--help": [[*me, "--help"]],
        "-t json": [[*me, str(SEED), "-t", "json", "-o", str(out / "seed.json"), "-q"]],
    }
    from measure import pandoc_path  # type: ignore[import-not-found]

    exe = pandoc_path()
    if exe:
        table["pandoc epub + docx"] = [[exe, str(SEED), "-f", "markdown", "-o", str(out / f"p.{f}")]
                                       for f in ("epub", "docx")]
    return table


def measure(repeats: int, srcs: list[str]) -> dict[str, dict[str, Any]]:
    """Median wall and CPU seconds per (variant, row), all taken in turn."""
    out = Path(tempfile.mkdtemp(prefix="ac-cold-"))
    # as an installed package runs: byte code written once and reused (this shell may forbid it)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    variants: dict[str, dict[str, str] | None] = {"this tree": base}
    for src in srcs:
        variants[src] = base | {"PYTHONPATH": src}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    table = rows(out)
    for env in variants.values():  # warm-up: byte-code and the per-user caches
        for cmds in table.values():
            for cmd in cmds:
                run_once(cmd, env)
    for _ in range(repeats):
        for name, env in variants.items():
            for row, cmds in table.items():
                if row.startswith("pandoc") and name != "this tree":
                    continue
                runs = [run_once(cmd, env) for cmd in cmds]
                samples.setdefault((name, row), []).append((sum(r[0] for r in runs), sum(r[1] for r in runs)))
    return {f"{name} | {row}": {"wall": statistics.median(s[0] for s in v), "cpu": statistics.median(s[1] for s in v)}
            for (name, row), v in samples.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--src", action="append", default=[], help="another source tree to measure the same way")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    res = measure(args.repeats, args.src)
    print(f"{'variant | row':55} {'wall s':>8} {'cpu s':>8}  target (cpu)")
    for key, v in res.items():
        row = key.split(" | ", 1)[1]
        target = TARGETS.get(row)
        mark = "" if target is None else f"<= {target}  {'met' if v['cpu'] <= target else 'NOT met'}"
        print(f"{key:55} {v['wall']:8.3f} {v['cpu']:8.3f}  {mark}")
    pandoc = res.get("this tree | pandoc epub + docx")
    if pandoc:
        for variant in ["this tree", *args.src]:
            ours = res[f"{variant} | seed -> epub,docx,pdf"]
            print(f"ratio ours(3 formats)/pandoc(epub+docx), {variant}: wall {ours['wall'] / pandoc['wall']:.2f}, "
                  f"cpu {ours['cpu'] / pandoc['cpu']:.2f}  (target <= 2.0)")
    print(f"(median of {args.repeats}; the machine's load average now: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
