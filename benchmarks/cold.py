"""Cold start: fresh processes for the seed (ours to EPUB+DOCX+PDF vs pandoc's two runs), ``--help``
and ``-t json``, taken in turn so the machine's load hits them alike; medians of wall time and of
user+sys CPU time (``getrusage(RUSAGE_CHILDREN)``, the honest figure on a loaded machine). Every
child runs pinned to one CPU (the last this process may use, or ``--cpu``), as issue 18 measures.

    python benchmarks/cold.py [--repeats 7] [--src OTHER_CHECKOUT/src ...] [--cpu N]

Each ``--src`` runs the same rows with that source tree first on ``PYTHONPATH`` (e.g. a checkout
of main, to print before and after in one run).

The two "floor" rows import only the libraries the tool is built on (click, python-docx, ebooklib,
reportlab's platypus and TrueType support) and nothing of ours — bare, and with our regular
expression table installed first as the command line does: no conversion that uses these
libraries can start faster than that.
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
LIBRARIES = "import click, docx, ebooklib.epub, reportlab.platypus, reportlab.pdfbase.ttfonts"
FLOOR_ROWS = ("floor: import the 4 libraries, bare", "floor: the 4 libraries + our regex table")
"""Rows that do not depend on the source tree: measured once, for "this tree" only."""
CPU: int | None = None  # the CPU every child is pinned to (set by main/measure)


def _pin() -> None:
    """In the child before exec: run on one CPU only."""
    if CPU is not None:
        os.sched_setaffinity(0, {CPU})


def default_cpu() -> int | None:
    """The last CPU this process may run on (None where affinity is not supported)."""
    try:
        return max(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and user+sys CPU seconds of one child process (pinned to ``CPU``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True,
                   preexec_fn=_pin if CPU is not None else None)
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
        FLOOR_ROWS[0]: [[sys.executable, "-c", LIBRARIES]],
        FLOOR_ROWS[1]: [[sys.executable, "-c",
                         f"from article_convert import regexcache; regexcache.install(); {LIBRARIES}"]],
    }
    from measure import pandoc_path  # type: ignore[import-not-found]

    exe = pandoc_path()
    if exe:
        table["pandoc epub + docx"] = [[exe, str(SEED), "-f", "markdown", "-o", str(out / f"p.{f}")]
                                       for f in ("epub", "docx")]
    return table


def measure(repeats: int, srcs: list[str], cpu: int | None = -1, only: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Median wall and CPU seconds per (variant, row), all taken in turn, every child pinned to
    ``cpu`` (-1: ``default_cpu()``; None: not pinned)."""
    global CPU
    CPU = default_cpu() if cpu == -1 else cpu
    out = Path(tempfile.mkdtemp(prefix="ac-cold-"))
    # as an installed package runs: byte code written once and reused (this shell may forbid it)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    variants: dict[str, dict[str, str] | None] = {"this tree": base}
    for src in srcs:
        variants[src] = base | {"PYTHONPATH": src}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    table = {k: v for k, v in rows(out).items() if not only or k in only}
    for env in variants.values():  # warm-up: byte-code and the per-user caches
        for cmds in table.values():
            for cmd in cmds:
                run_once(cmd, env)
    for _ in range(repeats):
        for name, env in variants.items():
            for row, cmds in table.items():
                if (row.startswith("pandoc") or row in FLOOR_ROWS) and name != "this tree":
                    continue
                runs = [run_once(cmd, env) for cmd in cmds]
                samples.setdefault((name, row), []).append((sum(r[0] for r in runs), sum(r[1] for r in runs)))
    return {f"{name} | {row}": {"wall": statistics.median(s[0] for s in v), "cpu": statistics.median(s[1] for s in v)}
            for (name, row), v in samples.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--src", action="append", default=[], help="another source tree to measure the same way")
    ap.add_argument("--cpu", type=int, default=-1, help="pin the children to this CPU (default: the last one "
                    "this process may use; -2: do not pin)")
    ap.add_argument("--row", action="append", default=[], help="measure only this row (repeatable; default: all)")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    res = measure(args.repeats, args.src, None if args.cpu == -2 else args.cpu, args.row)
    print(f"{'variant | row':55} {'wall s':>8} {'cpu s':>8}  target (cpu)")
    for key, v in res.items():
        row = key.split(" | ", 1)[1]
        target = TARGETS.get(row)
        mark = "" if target is None else f"<= {target}  {'met' if v['cpu'] <= target else 'NOT met'}"
        print(f"{key:55} {v['wall']:8.3f} {v['cpu']:8.3f}  {mark}")
    pandoc = res.get("this tree | pandoc epub + docx")
    if pandoc and "this tree | seed -> epub,docx,pdf" in res:
        for variant in ["this tree", *args.src]:
            ours = res[f"{variant} | seed -> epub,docx,pdf"]
            print(f"ratio ours(3 formats)/pandoc(epub+docx), {variant}: wall {ours['wall'] / pandoc['wall']:.2f}, "
                  f"cpu {ours['cpu'] / pandoc['cpu']:.2f}  (target <= 2.0)")
    pinned = "not pinned" if CPU is None else f"children pinned to CPU {CPU}"
    print(f"(median of {args.repeats}; {pinned}; the machine's load average now: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
