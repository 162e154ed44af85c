"""``batch --scheduler`` on real Dask clusters and SRC/OUTDIR on fsspec storage (S3 via moto's server).

The cluster tests start a real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (free
ports) or a LocalCluster (``local:N``), run the batch as a separate process, and compare what it
wrote, read back, with what the local process pool writes from the same tree. Every process a
fixture starts is killed at teardown.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED
from outputs import docx_text, epub_text
from s3server import AWS, free_port, wait_port
from test_batch import files_under, make_tree, run, without_time

from article_convert.batch.manifest import MANIFEST_NAME

SEED_TEXT = SEED.read_text(encoding="utf-8")
class Processes:
    """Background processes of one fixture, each in its own session; all killed at teardown."""

    def __init__(self, log_dir: Path) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.log_dir = log_dir

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"{name}.log").open("wb")
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # a Dask worker without a nanny may ignore SIGTERM
            proc.wait(timeout=30)


def worker_env() -> dict[str, str]:
    """The environment of workers and batch runs: the package importable, S3 credentials for moto."""
    return os.environ | AWS | {"PYTHONPATH": str(ROOT / "src")}


@pytest.fixture(scope="module")
def dask_tcp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Processes]]:
    """A real `dask scheduler` and two `dask worker` processes (no nanny, one thread each) on 127.0.0.1."""
    import distributed  # noqa: F401 - a test dependency: missing is a failure, not a skip
    procs = Processes(tmp_path_factory.mktemp("dask-logs"))
    try:
        address, _ = start_scheduler(procs)
        for i in range(2):
            start_worker(procs, address, f"worker{i}")
        wait_for_workers(address, 2)
        yield address, procs
    finally:
        procs.kill_all()


def start_scheduler(procs: Processes) -> tuple[str, subprocess.Popen[bytes]]:
    """A `dask scheduler` on a free port of 127.0.0.1, listening: its address and its process."""
    port = free_port()
    sched = procs.start("scheduler", sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                        "--port", str(port), "--dashboard-address", ":0", env=worker_env())
    wait_port(port, sched)
    return f"tcp://127.0.0.1:{port}", sched


def start_worker(procs: Processes, address: str, name: str) -> subprocess.Popen[bytes]:
    return procs.start(name, sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-nanny",
                       "--host", "127.0.0.1", "--dashboard-address", ":0", "--name", name, env=worker_env())


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(count, timeout=60)


def batch(*args: str, env: dict[str, str] | None = None, timeout: float = 240,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`article-convert batch …` in its own process, as a person runs it."""
    return subprocess.run([sys.executable, "-m", "article_convert", "batch", *args], capture_output=True, text=True,
                          env=env or worker_env(), timeout=timeout, check=False, cwd=cwd)


def texts(out: Path) -> dict[str, str]:
    """What a reader sees in every EPUB and DOCX under ``out``."""
    read = {".epub": epub_text, ".docx": docx_text}
    return {p.relative_to(out).as_posix(): read[p.suffix](p) for p in sorted(out.rglob("*")) if p.suffix in read}


def report_view(path: Path, root: str, src: str) -> list[tuple[str, str, str, str, list[tuple[str, str]]]]:
    """Per input: key, where, status, reason and its outputs, with the SRC and OUTDIR roots cut off (they
    differ between runs), and nothing that depends on timing."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(r["key"], r["input"].removeprefix(src), r["status"], r["reason"].replace(src, "SRC"),
             sorted((o["format"], o["path"].removeprefix(root)) for o in r["outputs"])) for r in data["inputs"]]


def summary_of(stdout: str, stderr: str = "") -> list[str]:
    """The summary's lines without times; a run without one fails here with everything it printed."""
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(("  converted", "Nothing"))), None)
    assert start is not None, f"no summary\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    return [without_time(line).split(" with ")[0] for line in lines[start:]]


def said(res: subprocess.CompletedProcess[str]) -> str:
    """Everything a run printed, for an assertion message (a flaky failure must say why)."""
    return f"exit {res.returncode}\n--- stdout\n{res.stdout}\n--- stderr\n{res.stderr}"


def local_pool(tmp_path: Path, src: Path) -> tuple[Path, Path, str]:
    """The reference: the same tree through the default local process pool."""
    out, rep = tmp_path / "out-pool", tmp_path / "pool.json"
    code, stdout, _ = run("batch", str(src), "-o", str(out), "-t", "epub,docx", "--jobs", "2", "--report", str(rep))
    assert code == 1  # the tree has bad files
    return out, rep, stdout


@pytest.mark.slow
def test_tcp_cluster_matches_local_pool_and_is_incremental(tmp_path: Path, dask_tcp: tuple[str, Processes]) -> None:
    address, _ = dask_tcp
    src = make_tree(tmp_path)
    pool_out, pool_rep, pool_stdout = local_pool(tmp_path, src)
    out, rep = tmp_path / "out-dask", tmp_path / "dask.json"
    # relative SRC and OUTDIR: the workers run in another folder (regression: they looked for src/a.txt there)
    res = batch("src", "-o", "out-dask", "-t", "epub,docx", "--scheduler", address, "--report", str(rep), cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert files_under(out) == files_under(pool_out)
    assert texts(out) == texts(pool_out) and len(texts(out)) == 6
    assert report_view(rep, "out-dask", "src") == report_view(pool_rep, str(pool_out), str(src))
    assert summary_of(res.stdout) == [line.replace(f"{src}/", "src/") for line in summary_of(pool_stdout)]
    assert "error: src/empty.txt: the file is empty" in res.stderr
    assert "converting 5 file(s); 0 up to date" in res.stdout  # progress lines from task completions
    assert sum(line.startswith("[") for line in res.stdout.splitlines()) == 5
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["entries"]) == {"a.txt", "nested/cp.txt", "nested/deep/b.txt"}
    again = batch("src", "-o", "out-dask", "-t", "epub,docx", "--scheduler", address, "--report", str(rep),
                  cwd=tmp_path)
    data = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (again.returncode, data["converted"], data["skipped"], data["failed"]) == (1, 0, 3, 4), again.stderr


def settled(out: Path, seconds: float = 60) -> set[str]:
    """The files under ``out`` once they stop changing (workers may finish a cancelled chunk)."""
    deadline = time.monotonic() + seconds
    before = files_under(out)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = files_under(out)
        if now == before:
            return now
        before = now
    raise AssertionError(f"{out} still changing after {seconds} s")


@pytest.mark.slow
def test_interrupt_cancels_tasks_no_partial_files_and_rerun_finishes(tmp_path: Path,
                                                                     dask_tcp: tuple[str, Processes]) -> None:
    address, _ = dask_tcp
    src, out = tmp_path / "src", tmp_path / "out"
    for i in range(36):
        folder = src / f"d{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s{i:02}.txt").write_text(f"Статья {i}\n\n" + SEED_TEXT, encoding="utf-8")
    args = [sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t", "pdf", "--scheduler",
            address]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=worker_env())
    try:
        deadline = time.monotonic() + 120
        while not any(out.rglob("*.pdf")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Interrupted by SIGINT" in stdout and "Traceback" not in stderr
    names = settled(out)
    assert not [n for n in names if n.endswith(".part") or ".article-convert-" in n.replace(MANIFEST_NAME, "")]
    pdfs = {n for n in names if n.endswith(".pdf")}
    assert 0 < len(pdfs) < 36  # cancelled: the workers did not go on through the whole tree
    for name in pdfs:
        data = (out / name).read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), name
    manifest = out / MANIFEST_NAME
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["entries"] if manifest.exists() else {}
    assert {f"{k[:-4]}.pdf" for k in recorded} <= pdfs
    assert f"{36 - len(recorded)} input(s) not converted" in stdout
    rerun = batch(str(src), "-o", str(out), "-t", "pdf", "--scheduler", address)
    assert rerun.returncode == 0, rerun.stderr
    assert summary_of(rerun.stdout)[:2] == [f"  converted {36 - len(recorded):>6}",
                                            f"  skipped   {len(recorded):>6}  (up to date)"]
    assert sum(1 for n in files_under(out) if n.endswith(".pdf")) == 36


@pytest.mark.slow
def test_killed_worker_task_runs_elsewhere_outputs_complete(tmp_path: Path,
                                                            dask_tcp: tuple[str, Processes]) -> None:
    address, procs = dask_tcp
    victim = start_worker(procs, address, "victim")
    wait_for_workers(address, 3)
    src = tmp_path / "src"
    for i in range(36):
        folder = src / f"d{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:02}.txt").write_text(f"Статья номер {i}\n\n" + SEED_TEXT, encoding="utf-8")
    out, rep = tmp_path / "out", tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t",
                             "epub,docx", "--scheduler", address, "--report", str(rep), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=worker_env())
    try:
        deadline = time.monotonic() + 120
        while not any(out.rglob("*.epub")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before a worker could be killed"
        victim.kill()  # SIGKILL mid-run: its chunk is lost and Dask runs it on another worker
        _, stderr = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert proc.returncode == 0, stderr
    totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (totals["converted"], totals["failed"], totals["not_started"]) == (36, 0, 0)
    names = files_under(out)
    assert not [n for n in names if n.endswith(".part")]  # no temporary file of the killed worker is left
    assert names == {MANIFEST_NAME} | {f"d{i % 3}/a{i:02}.{ext}" for i in range(36) for ext in ("epub", "docx")}
    for i in (0, 17, 35):
        rel = f"d{i % 3}/a{i:02}"
        assert f"Статья номер {i}" in epub_text(out / f"{rel}.epub")
        assert f"Статья номер {i}" in docx_text(out / f"{rel}.docx")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert len(manifest["entries"]) == 36
    for entry in manifest["entries"].values():  # every recorded output is the file on disk
        for rec in entry["outputs"].values():
            assert (out / rec["path"]).stat().st_size == rec["bytes"]
    again = batch(str(src), "-o", str(out), "-t", "epub,docx", "--scheduler", address)
    assert again.returncode == 0 and "Nothing to do: all 36 input(s) are up to date." in again.stdout


@pytest.mark.slow
def test_scheduler_lost_mid_run_keeps_what_arrived_and_says_so(tmp_path: Path) -> None:
    """Regression: a scheduler killed mid-run failed every file with a FutureCancelledError and logged tracebacks."""
    import distributed  # noqa: F401 - a test dependency: missing is a failure, not a skip
    procs = Processes(tmp_path)
    try:
        address, sched = start_scheduler(procs)
        start_worker(procs, address, "lonely")
        wait_for_workers(address, 1)
        src, out = tmp_path / "src", tmp_path / "out"
        src.mkdir()
        for i in range(24):
            (src / f"a{i:02}.txt").write_text(f"Статья {i}\n\n" + SEED_TEXT, encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t",
                                 "epub,pdf", "--scheduler", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=worker_env())
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.pdf"))) < 7 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)  # the first chunk (six files) is done, and likely back in the batch
        os.killpg(sched.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        procs.kill_all()
    assert proc.returncode == 1
    assert "Traceback" not in stderr and "FutureCancelledError" not in stdout + stderr
    message = ("--scheduler: lost the connection to the Dask scheduler (scheduler-connection-lost); run the same "
               "command again to finish")
    assert stderr.splitlines()[-1] == f"error: {message}"
    lines = summary_of(stdout)
    assert lines[0].startswith("  converted") and "  failed         0" in lines and "Errors:" in lines
    done = int(lines[0].split()[1])
    assert f"  not done  {24 - done:>6}" in lines and 24 - done > 0
    recorded = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["entries"] if done else {}
    assert len(recorded) == done and all((out / f"{k[:-4]}.pdf").is_file() for k in recorded)


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 (its endpoint URL); killed at teardown."""
    import moto  # noqa: F401 - a test dependency: missing is a failure, not a skip
    procs = Processes(tmp_path_factory.mktemp("moto-logs"))
    try:
        port = free_port()
        server = procs.start("moto", sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port))
        wait_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        procs.kill_all()


@pytest.mark.slow
def test_local_cluster_reads_and_writes_s3(tmp_path: Path, s3_server: str) -> None:
    import distributed  # noqa: F401 - a test dependency: missing is a failure, not a skip
    import fsspec

    env = worker_env() | {"AWS_ENDPOINT_URL": s3_server}
    fs = fsspec.filesystem("s3", endpoint_url=s3_server, key="testing", secret="testing", skip_instance_cache=True)
    fs.mkdir("archive")
    src = make_tree(tmp_path)
    for path in src.rglob("*"):
        if path.is_file():
            fs.pipe_file(f"archive/src/{path.relative_to(src).as_posix()}", path.read_bytes())
    pool_out, pool_rep, pool_stdout = local_pool(tmp_path, src)
    rep = tmp_path / "s3.json"
    res = batch("s3://archive/src/", "-o", "s3://archive/out", "-t", "epub,docx", "--scheduler", "local:2",
                "--report", str(rep), env=env)
    assert res.returncode == 1, said(res)
    assert "error: s3://archive/src/empty.txt: the file is empty" in res.stderr, said(res)
    assert summary_of(res.stdout, res.stderr)[:4] == summary_of(pool_stdout)[:4], said(res)
    fs.invalidate_cache()
    got = tmp_path / "from-s3"
    fs.get("archive/out/", str(got), recursive=True)  # what a reader downloads from the bucket
    assert files_under(got) == files_under(pool_out)
    assert texts(got) == texts(pool_out)
    assert report_view(rep, "s3://archive/out", "s3://archive/src") == report_view(pool_rep, str(pool_out), str(src))
    manifest = json.loads(fs.cat_file(f"archive/out/{MANIFEST_NAME}"))
    assert manifest["entries"]["a.txt"]["input"] == "s3://archive/src/a.txt"
    again = batch("s3://archive/src/", "-o", "s3://archive/out", "-t", "epub,docx", "--jobs", "1", "--report",
                  str(rep), env=env)
    totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (again.returncode, totals["converted"], totals["skipped"]) == (1, 0, 3), said(again)  # in the bucket


def test_unreachable_scheduler_is_one_quick_line(tmp_path: Path) -> None:
    import distributed  # noqa: F401 - a test dependency: missing is a failure, not a skip
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    port = free_port()  # nothing listens there
    t0 = time.monotonic()
    res = batch(str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-t", "epub", "--scheduler",
                f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - t0 < 30  # refused at once; the bound is the probe's timeout, not Dask's retries
    assert res.returncode == 1
    expected = f"error: --scheduler tcp://127.0.0.1:{port}: cannot reach the Dask scheduler ([Errno 111] Connection refused)"
    assert res.stderr.splitlines() == [expected]
    assert not (tmp_path / "out").exists() or files_under(tmp_path / "out") <= {MANIFEST_NAME}


@pytest.mark.parametrize("value", ["local:0", "local:x", "http://127.0.0.1:8786", "127.0.0.1:8786"])
def test_bad_scheduler_is_a_usage_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    code, _, stderr = run("batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-t", "epub",
                          "--scheduler", value)
    assert code == 2 and stderr.startswith(f"error: --scheduler {value}: ") and stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_jobs_with_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    code, _, stderr = run("batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-t", "epub",
                          "--scheduler", "local:2", "--jobs", "2")
    expected = "error: --jobs and --scheduler: give one (with --scheduler the cluster's workers convert)\n"
    assert (code, stderr) == (2, expected)


def test_plain_batch_and_help_never_import_dask_or_fsspec(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    code = (
        "import sys\n"
        "from article_convert.cli import main\n"
        "for args in (['--help'], ['batch', '--help'], ['batch', sys.argv[1], '-o', sys.argv[2], '-t', 'json,epub',"
        " '--jobs', '2']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), (args, exc.code)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'fsspec', 's3fs'))\n"
        "print('imported:', heavy, file=sys.stderr)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt"), str(tmp_path / "out")],
                         capture_output=True, text=True, env=worker_env(), timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "a.epub").is_file()


class FakeFuture:
    """A finished Dask future: its result, or the exception ``result()`` raises."""

    key = "article-convert-test-1"

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error

    def result(self, timeout: float | None = None) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


def test_chunk_that_kills_workers_is_split_and_only_the_killer_fails() -> None:
    import distributed  # a test dependency: missing is a failure, not a skip

    from article_convert.batch.cluster import CRASHED, SINGLE_TRIES, DaskRun
    from article_convert.batch.worker import Outcome, Task
    from article_convert.context import ConvertOptions

    run_ = DaskRun.__new__(DaskRun)  # no cluster: only the bookkeeping of finished chunks
    run_.dist, run_.guarded = distributed, False
    run_.single_tries, run_.deaths = SINGLE_TRIES, {}
    tasks = [Task(f"k{i}", f"/src/k{i}.txt", (("epub", f"/out/k{i}.epub"),), ConvertOptions()) for i in range(3)]
    resubmitted: list[list[Task]] = []
    outcomes: list[Outcome] = []
    killed = distributed.KilledWorker("article-convert-x", "tcp://127.0.0.1:1", 0)
    run_._collect(FakeFuture(error=killed), tasks, resubmitted.append, outcomes.append)
    assert resubmitted == [[t] for t in tasks] and outcomes == []  # each file on its own, nothing failed yet
    run_._collect(FakeFuture(value=[Outcome("k0", "/src/k0.txt", True)]), [tasks[0]], resubmitted.append,
                  outcomes.append)
    # k1's worker dies again (KilledWorker on local:N; on tcp:// the guard's None from the re-run), twice
    resubmitted.clear()
    run_._collect(FakeFuture(error=killed), [tasks[1]], resubmitted.append, outcomes.append)
    assert resubmitted == [[tasks[1]]] * (SINGLE_TRIES - 1)  # another try: a worker may die for other reasons
    run_._collect(FakeFuture(value=None), [tasks[1]], resubmitted.append, outcomes.append)
    assert [(o.key, o.ok, o.reason) for o in outcomes] == [("k0", True, ""), ("k1", False, CRASHED)]
    assert len(resubmitted) == SINGLE_TRIES - 1
    run_._collect(FakeFuture(error=RuntimeError("scheduler\ngone")), [tasks[2]], resubmitted.append, outcomes.append)
    assert (outcomes[-1].key, outcomes[-1].reason) == ("k2", "internal error: RuntimeError: scheduler gone")


def test_guarded_chunk_runs_once_and_a_rerun_converts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run-once guard of a tcp:// chunk: the first run sets its Event and converts, a re-run (after
    its worker died) converts nothing and returns None; without a guard nothing of Dask is used."""
    import distributed

    from article_convert.batch import chunks

    flags: dict[str, bool] = {}

    class FakeEvent:
        def __init__(self, name: str) -> None:
            self.name = name

        def is_set(self) -> bool:
            return flags.get(self.name, False)

        def set(self) -> None:
            flags[self.name] = True

    converted: list[str] = []
    monkeypatch.setattr(distributed, "Event", FakeEvent)
    monkeypatch.setattr(chunks, "warm_once", lambda formats: None)
    monkeypatch.setattr(chunks, "convert_task", lambda task: converted.append(task) or task)
    assert chunks.convert_chunk(["a", "b"], ("json",), "g-1") == ["a", "b"]  # type: ignore[list-item]
    assert chunks.convert_chunk(["a", "b"], ("json",), "g-1") is None  # type: ignore[list-item]
    assert chunks.convert_chunk(["c"], ("json",)) == ["c"] and converted == ["a", "b", "c"]  # type: ignore[list-item]
    assert flags == {"g-1": True}

    class NoScheduler(FakeEvent):
        def is_set(self) -> bool:
            raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "Event", NoScheduler)  # the guard cannot be asked: convert all the same
    assert chunks.convert_chunk(["d"], ("json",), "g-2") == ["d"]  # type: ignore[list-item]


def test_split_spreads_the_biggest_files_and_caps_chunks() -> None:
    from article_convert.batch.cluster import CHUNK, split

    items: list[Any] = list(range(1000))  # stands in for tasks sorted biggest first
    chunks = split(items, 2)
    assert max(len(c) for c in chunks) == CHUNK and sorted(x for c in chunks for x in c) == items
    assert [c[0] for c in chunks[:3]] == [0, 1, 2]  # the three biggest go to three different chunks
    small = split(items[:16], 2)
    assert len(small) == 8 and all(len(c) == 2 for c in small)  # four chunks per worker at least
    assert split([], 4) == []



CRASHER = '''
"""Test-only (PYTHONPATH): a worker that converts a file named crash* dies at once, as a segfault would."""
import os


def _install():
    from article_convert.batch import worker

    real = worker.convert_task

    def convert_task(task):
        if os.path.basename(task.path).startswith("crash"):
            with open(os.environ["CRASH_LOG"], "a") as log:
                log.write(task.path + "\\n")
            os._exit(70)
        return real(task)

    worker.convert_task = convert_task


_install()
'''


@pytest.mark.slow
def test_local_cluster_loses_only_the_file_that_kills_its_worker(tmp_path: Path) -> None:
    """A file that kills the worker converting it fails alone, with the reason, after three worker deaths
    (its chunk's, then two tries alone); before, Dask's three allowed failures per try made it eight."""
    import distributed  # noqa: F401 - a test dependency: missing is a failure, not a skip

    from article_convert.batch.cluster import CRASHED

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASHER, encoding="utf-8")
    src, out, rep = tmp_path / "src", tmp_path / "out", tmp_path / "report.json"
    src.mkdir()
    names = [f"a{i:02}" for i in range(15)] + ["crash"]  # 16 files on 2 workers: chunks of 2
    for name in names:
        (src / f"{name}.txt").write_text(f"Статья {name}\n\nКороткий текст статьи {name}.\n", encoding="utf-8")
    log = tmp_path / "deaths.log"
    env = worker_env() | {"PYTHONPATH": f"{hook}{os.pathsep}{ROOT / 'src'}", "CRASH_LOG": str(log)}
    res = batch(str(src), "-o", str(out), "-t", "json", "--scheduler", "local:2", "--report", str(rep), env=env)
    assert res.returncode == 1, said(res)
    assert f"  {src}/crash.txt: {CRASHED}" in summary_of(res.stdout, res.stderr), said(res)
    totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (totals["converted"], totals["failed"], totals["not_started"]) == (15, 1, 0), said(res)
    assert files_under(out) == {MANIFEST_NAME} | {f"{n}.json" for n in names[:-1]}
    assert len(log.read_text(encoding="utf-8").splitlines()) == 3  # worker deaths


@pytest.mark.slow
def test_tcp_scheduler_loses_only_the_file_that_kills_its_worker_after_three_deaths(tmp_path: Path) -> None:
    """Regression: on a `dask scheduler` (tcp://) a file that kills its worker cost the scheduler's own
    allowed-failures, 3 by default: four deaths for its chunk, four more alone, eight worker restarts.
    Now each chunk runs at most once (a run-once guard), so it costs three, as with local:N; the other
    files are converted, and no guard is left on the scheduler."""
    from distributed import Client

    from article_convert.batch.cluster import CRASHED

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASHER, encoding="utf-8")
    log = tmp_path / "deaths.log"
    env = worker_env() | {"PYTHONPATH": f"{hook}{os.pathsep}{ROOT / 'src'}", "CRASH_LOG": str(log)}
    procs = Processes(tmp_path)
    try:
        address, _ = start_scheduler(procs)
        procs.start("workers", sys.executable, "-m", "dask", "worker", address, "--nworkers", "2", "--nthreads",
                    "1", "--host", "127.0.0.1", "--dashboard-address", ":0", env=env)  # with nannies: restarted
        wait_for_workers(address, 2)
        src, out, rep = tmp_path / "src", tmp_path / "out", tmp_path / "report.json"
        src.mkdir()
        names = [f"a{i:02}" for i in range(15)] + ["crash"]  # 16 files on 2 workers: chunks of 2
        for name in names:
            (src / f"{name}.txt").write_text(f"Статья {name}\n\nКороткий текст статьи {name}.\n", encoding="utf-8")
        res = batch(str(src), "-o", str(out), "-t", "json", "--scheduler", address, "--report", str(rep))
        assert res.returncode == 1, said(res)
        assert f"  {src}/crash.txt: {CRASHED}" in summary_of(res.stdout, res.stderr), said(res)
        totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
        assert (totals["converted"], totals["failed"], totals["not_started"]) == (15, 1, 0), said(res)
        assert files_under(out) == {MANIFEST_NAME} | {f"{n}.json" for n in names[:-1]}
        assert len(log.read_text(encoding="utf-8").splitlines()) == 3, said(res)  # worker deaths
        with Client(address, timeout=30) as client:
            left = client.run_on_scheduler(lambda dask_scheduler: [str(n) for n in
                                                                   dask_scheduler.extensions["events"]._events])
        assert not [n for n in left if n.startswith("article-convert-")]
    finally:
        procs.kill_all()


def test_local_cluster_without_a_worker_left_ends_the_run_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a LocalCluster whose workers could not come back (every nanny gave up, or a nanny
    restarting for ever a worker that dies as it starts) left the batch waiting for ever."""
    from types import SimpleNamespace

    from distributed.core import Status

    from article_convert.batch import cluster
    from article_convert.batch.cluster import NO_WORKER_SECONDS, DaskRun, NoWorkers

    run_ = DaskRun.__new__(DaskRun)
    nannies = {0: SimpleNamespace(status=Status.closed), 1: SimpleNamespace(status=Status.failed)}
    threads: dict[str, int] = {}
    run_.cluster, run_.text, run_.no_worker_since = SimpleNamespace(workers=nannies), "local:2", None
    run_.client = SimpleNamespace(nthreads=lambda: threads)
    message = r"^--scheduler local:2: every Dask worker died and none could be restarted"
    with pytest.raises(NoWorkers, match=message):  # every nanny gave up
        run_._check_workers()
    nannies[1].status = Status.running  # a nanny restarting its worker: keep waiting, a while
    clock = [1000.0]
    monkeypatch.setattr(cluster.time, "monotonic", lambda: clock[0])
    run_.no_worker_since = None
    run_._check_workers()
    clock[0] += NO_WORKER_SECONDS - 1
    run_._check_workers()
    threads["tcp://127.0.0.1:1"] = 1  # a worker came back: the count starts again
    clock[0] += 5
    run_._check_workers()
    del threads["tcp://127.0.0.1:1"]
    clock[0] += 1
    run_._check_workers()
    clock[0] += NO_WORKER_SECONDS
    with pytest.raises(NoWorkers, match=message):  # no worker for a minute: none can start
        run_._check_workers()
    run_.cluster = None  # a tcp:// scheduler: workers may join later
    run_._check_workers()
