"""One huge paragraph: time and peak memory against its size, per output format (issue 9).

    python benchmarks/bench_huge_paragraph.py                       # 1 5 20 64 MB x json epub docx fb2 pdf
    python benchmarks/bench_huge_paragraph.py --sizes 1 5 --formats json pdf

Writes a plain-text file that is a title and ONE paragraph of ordinary Russian sentences (no blank
line) of each size, converts it in a fresh process per format and prints wall time, CPU time
(user+sys: the honest figure on a shared machine) and the process's peak RSS, with the load
average beside it. The goal: CPU time linear in the size, peak RSS well under 1 GB even at the
64 MB input limit. Before issue 9's fix the paragraph was one unit for every stage: 5 MB took
351 MB, 20 MB 1.24 GB and 64 MB 3.8 GB just to reach JSON.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = (
    "Городской совет утвердил новый план развития набережной. Работы начнутся весной, "
    "а завершить их обещают к осени следующего года. Жители просили сохранить старые липы. "
)


def make_input(folder: Path, megabytes: int) -> Path:
    """A title line, a blank line and one paragraph: just under ``megabytes`` MiB in UTF-8."""
    path = folder / f"p{megabytes}.txt"
    unit = SENTENCES.encode()
    reps = (megabytes * 1024 * 1024 - 100) // len(unit)
    with path.open("wb") as fh:
        fh.write("Заголовок\n\n".encode())
        for _ in range(reps // 1000):
            fh.write(unit * 1000)
        fh.write(unit * (reps % 1000))
    return path


def run(path: Path, fmt: str, out: Path) -> dict[str, float | int]:
    """Convert ``path`` to ``fmt`` in a fresh process: exit code, wall and CPU seconds, peak RSS (MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "article_convert", str(path), "-t", fmt, "-o", f"{out}/", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"rc": proc.returncode, "wall": time.perf_counter() - t0, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20, 64], help="sizes in MB")
    parser.add_argument("--formats", nargs="+", default=["json", "epub", "docx", "fb2", "pdf"])
    args = parser.parse_args()
    print(f"{'size':>5} {'format':6} {'wall s':>8} {'cpu s':>8} {'cpu s/MB':>9} {'peak RSS MB':>12}  load")
    with tempfile.TemporaryDirectory(prefix="bench-huge-") as tmp:
        folder = Path(tmp)
        for mb in args.sizes:
            path = make_input(folder, mb)
            for fmt in args.formats:
                r = run(path, fmt, folder / "out")
                load = os.getloadavg()[0]
                flag = "" if r["rc"] == 0 else f"  exit {r['rc']}"
                print(f"{mb:>4}M {fmt:6} {r['wall']:8.1f} {r['cpu']:8.1f} {r['cpu'] / mb:9.2f} {r['rss_mb']:12.0f}  "
                      f"{load:.1f}{flag}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
