"""Dask overhead: the same batch with the local pool, a LocalCluster and a tcp:// scheduler, in one run.

    python benchmarks/bench_dask.py                 # 1,000 articles, EPUB+DOCX+PDF (a few minutes on 2 cores)
    python benchmarks/bench_dask.py --articles 200  # a quick look

Needs the dask extra (``pip install -e '.[dask]'``) and psutil (the bench extra). Three runs over
the same corpus, each from scratch (``--force``, a fresh OUTDIR), one after the other:

1. ``batch --jobs 2`` (the local process pool, the default);
2. ``batch --scheduler local:2`` (a LocalCluster of two one-thread workers, started by the batch);
3. ``batch --scheduler tcp://127.0.0.1:PORT`` against a ``dask scheduler`` and ``dask worker
   --nworkers 2 --nthreads 1`` started here beforehand (their start is not timed, as on a cluster
   that is already up; their first task still loads the fonts).

Prints wall seconds, CPU seconds (user+sys of every process involved: the batch and its children,
and for tcp:// the scheduler and worker processes), the ratio to the local pool (target: at most
1.15), articles/s per worker and articles per CPU-second (what one unloaded worker does per second:
the figure to size a cluster with). The machine's load average is printed beside them: on a shared
machine the wall-clock ratio follows the other load, the CPU ratio much less. Writes ``benchmarks/results/dask.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus

TARGET = 1.15
QUIET_ENV = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False", "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
             "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "2s",
             "DASK_DISTRIBUTED__WORKER__MEMORY__MONITOR_INTERVAL": "500ms"}
"""cluster.QUIET as environment variables, as README recommends for `dask worker` (and the scheduler)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_cpu(pids: list[int]) -> float:
    """User+sys CPU seconds of these processes and their live children so far."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            for p in [proc, *proc.children(recursive=True)]:
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            continue
    return total


def timed_batch(src: Path, out: Path, formats: str, extra: list[str], cluster_pids: list[int]) -> dict[str, Any]:
    """One batch from scratch: wall seconds, CPU of the batch's tree and of ``cluster_pids``, the totals."""
    import resource

    report = out.with_suffix(".report.json")
    cmd = [sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t", formats, "-q",
           "--force", "--report", str(report), *extra]
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before_cluster = tree_cpu(cluster_pids)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False).returncode
    wall = time.perf_counter() - t0
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_children.ru_utime - before_children.ru_utime) + (after_children.ru_stime - before_children.ru_stime)
    cpu += tree_cpu(cluster_pids) - before_cluster
    totals = json.loads(report.read_text(encoding="utf-8"))["totals"]
    return {"rc": rc, "seconds": wall, "cpu": cpu, "converted": totals["converted"], "failed": totals["failed"],
            "args": extra}


class TcpCluster:
    """A `dask scheduler` and `dask worker --nworkers N --nthreads 1` on 127.0.0.1, stopped on exit."""

    def __init__(self, workers: int, logs: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self._start(logs / "scheduler.log", "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                    "--dashboard-address", ":0")
        self._start(logs / "workers.log", "worker", self.address, "--nworkers", str(workers), "--nthreads", "1",
                    "--host", "127.0.0.1", "--dashboard-address", ":0")
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)

    def _start(self, log: Path, *args: str) -> None:
        env = os.environ | QUIET_ENV  # as the README recommends for `dask worker`
        self.procs.append(subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log.open("wb"),
                                           stderr=subprocess.STDOUT, start_new_session=True, env=env))

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def stop(self) -> None:
        import signal

        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def run(n: int, formats: str, work: Path) -> dict[str, Any]:
    print(f"… building {n} articles in {work}", file=sys.stderr, flush=True)
    files = corpus.build(work / "corpus", n, [])
    res: dict[str, Any] = {"articles": len(files), "formats": formats, "cpus": os.cpu_count(),
                           "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                           "load_average_at_start": os.getloadavg(), "runs": {}}
    print("… batch --jobs 2 (local pool)", file=sys.stderr, flush=True)
    res["runs"]["pool"] = timed_batch(work / "corpus", work / "out-pool", formats, ["--jobs", "2"], [])
    print("… batch --scheduler local:2 (LocalCluster)", file=sys.stderr, flush=True)
    res["runs"]["local"] = timed_batch(work / "corpus", work / "out-local", formats, ["--scheduler", "local:2"], [])
    print("… dask scheduler + dask worker --nworkers 2, then batch --scheduler tcp://", file=sys.stderr, flush=True)
    cluster = TcpCluster(2, work)
    try:
        res["runs"]["tcp"] = timed_batch(work / "corpus", work / "out-tcp", formats,
                                         ["--scheduler", cluster.address], cluster.pids)
    finally:
        cluster.stop()
    res["load_average_at_end"] = os.getloadavg()
    return res


def table(res: dict[str, Any]) -> str:
    pool = res["runs"]["pool"]
    rows = [("run", "wall s", "CPU s", "wall/pool", "CPU/pool", "articles/s/worker", "articles/CPU-s", "ok")]
    for name, label in (("pool", "batch --jobs 2 (local pool)"), ("local", "batch --scheduler local:2"),
                        ("tcp", "batch --scheduler tcp:// (2 workers)")):
        r = res["runs"][name]
        ratio = r["seconds"] / pool["seconds"]
        ok = "" if name == "pool" else ("yes" if ratio <= TARGET else "NO")
        rows.append((label, f"{r['seconds']:.1f}", f"{r['cpu']:.1f}", f"{ratio:.2f}",
                     f"{r['cpu'] / pool['cpu']:.2f}", f"{r['converted'] / r['seconds'] / 2:.2f}",
                     f"{r['converted'] / r['cpu']:.1f}", ok))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    la0, la1 = res["load_average_at_start"][0], res["load_average_at_end"][0]
    lines.append(f"{res['articles']} articles, -t {res['formats']}, {res['cpus']} CPUs, target wall/pool <= {TARGET}; "
                 f"load average {la0:.2f} at start, {la1:.2f} at end ({res['date']})")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--formats", default="epub,docx,pdf")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--output", type=Path, default=HERE / "results" / "dask.json")
    ap.add_argument("--retable", action="store_true", help="only print the table of an existing --output file")
    args = ap.parse_args()
    if args.retable:
        print(table(json.loads(args.output.read_text(encoding="utf-8"))))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="article-convert-dask-bench-"))
    try:
        res = run(args.articles, args.formats, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    res["table"] = table(res)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(res["table"])


if __name__ == "__main__":
    main()
