"""``article-convert batch``: discovery, mirrored outputs, failures, the manifest, workers, interrupts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED
from textutil import assert_words_in_order, norm_words

from article_convert.batch import BatchConfig, run_batch
from article_convert.batch.discover import Filters, discover
from article_convert.batch.manifest import MANIFEST_NAME
from article_convert.batch.pool import CRASHED, WorkerPool, run_in_pool
from article_convert.batch.worker import Outcome, Task
from article_convert.cli import main
from article_convert.context import ConvertOptions
from article_convert.decoding import decode_bytes
from article_convert.errors import InputError
from article_convert.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SEED_TEXT = SEED.read_text(encoding="utf-8")
CP1251_TEXT = "Новости региона\n\nВ Алматы открылась выставка «Степь и город».\n\nЕё посетили сотни жителей.\n"


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI in-process; stdout is not a terminal, so progress comes as log lines."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def make_tree(root: Path) -> Path:
    """Nested folders with good files, a binary, an empty file, cp1251, a collision and hidden files."""
    src = root / "src"
    (src / "nested" / "deep").mkdir(parents=True)
    (src / ".hidden").mkdir()
    (src / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (src / "nested" / "deep" / "b.txt").write_text(SEED_TEXT.replace("Liter.kz", "Vlast.kz"), encoding="utf-8")
    (src / "nested" / "cp.txt").write_bytes(CP1251_TEXT.encode("cp1251"))
    (src / "bin.txt").write_bytes(PNG)
    (src / "empty.txt").write_bytes(b"")
    (src / "nested" / "dup.txt").write_text("Заголовок\n\nТекст.\n", encoding="utf-8")
    (src / "nested" / "dup.text").write_text("Другой заголовок\n\nТекст.\n", encoding="utf-8")
    (src / ".hidden" / "h.txt").write_text("Скрытый\n\nНе трогать.\n", encoding="utf-8")
    (src / "nested" / ".secret.txt").write_text("Секрет\n\nНе трогать.\n", encoding="utf-8")
    (src / "pic.png").write_bytes(PNG)
    return src


def files_under(folder: Path) -> set[str]:
    """Every file below ``folder`` as a relative posix path (hidden ones included)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def without_time(text: str) -> str:
    return re.sub(r"in \d+\.\d\d s", "in T s", text)


def binary_reason() -> str:
    try:
        decode_bytes(PNG)
    except InputError as exc:
        return exc.message
    raise AssertionError("PNG bytes decoded as text")


def summary(stdout: str) -> list[str]:
    """The summary block: the lines after the per-file log lines."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("  converted", "Nothing", "Interrupted")))
    return [without_time(line) for line in lines[start:]]


def test_batch_tree_summary_report_and_mirror(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    out, rep = tmp_path / "out", tmp_path / "report.json"
    code, stdout, stderr = run("batch", str(src), "-o", str(out), "-t", "json", "--jobs", "2", "--report", str(rep))
    assert code == 1
    collision = "output name collision: nested/dup.json would also be written from {}; rename one of them"
    assert summary(stdout) == [
        "  converted      3",
        "  skipped        0  (up to date)",
        "  failed         4",
        "  total          7  in T s with 2 job(s)",
        "Failures:",
        f"  {src}/bin.txt: {binary_reason()}",
        f"  {src}/empty.txt: the file is empty",
        f"  {src}/nested/dup.text: " + collision.format(f"{src}/nested/dup.txt"),
        f"  {src}/nested/dup.txt: " + collision.format(f"{src}/nested/dup.text"),
    ]
    assert f"error: {src}/empty.txt: the file is empty" in stderr
    assert re.search(r"^\[\d/5\] converted .*nested/cp\.txt \(\d+\.\d\d s\)$", stdout, re.MULTILINE)
    # the tree is mirrored; nothing else (no temporary files) is left in OUTDIR
    assert files_under(out) == {"a.json", "nested/deep/b.json", "nested/cp.json", MANIFEST_NAME}
    cp = json.loads((out / "nested" / "cp.json").read_text(encoding="utf-8"))
    assert cp["document"]["meta"]["title"] == "Новости региона"
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["totals"] | {"seconds": 0} == {"inputs": 7, "converted": 3, "skipped": 0, "failed": 4,
                                                  "not_started": 0, "seconds": 0, "interrupted": None}
    by_key = {r["key"]: r for r in report["inputs"]}
    assert set(by_key) == {"a.txt", "bin.txt", "empty.txt", "nested/cp.txt", "nested/deep/b.txt",
                           "nested/dup.text", "nested/dup.txt"}
    a = by_key["a.txt"]
    assert a["status"] == "converted" and a["why"] == "new" and a["language"] == "ru"
    assert a["title"] == json.loads((out / "a.json").read_text(encoding="utf-8"))["document"]["meta"]["title"]
    assert a["outputs"] == [{"format": "json", "path": str(out / "a.json"), "bytes": (out / "a.json").stat().st_size}]
    assert set(a["seconds"]) == {"read", "json"} and all(v >= 0 for v in a["seconds"].values())
    assert any(d["code"] for d in a["diagnostics"])  # the seed's boilerplate is dropped and reported
    assert by_key["empty.txt"] == by_key["empty.txt"] | {"status": "failed", "reason": "the file is empty",
                                                         "outputs": []}
    assert by_key["nested/dup.txt"]["status"] == "failed" and "collision" in by_key["nested/dup.txt"]["reason"]


def test_incremental_rebuilds_exactly_what_changed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for name in ("one.txt", "two.txt", "sub/three.txt"):
        (src / name).write_text(SEED_TEXT.replace("Liter.kz", name), encoding="utf-8")
    out = tmp_path / "out"
    args = ("batch", str(src), "-o", str(out), "-t", "json", "--jobs", "1")

    def converted(*extra: str) -> list[str]:
        code, stdout, _ = run(*args, *extra)
        assert code == 0, stdout
        return sorted(re.findall(r"converted (\S+) \(", stdout))

    assert converted() == [f"{src}/one.txt", f"{src}/sub/three.txt", f"{src}/two.txt"]
    code, stdout, _ = run(*args)
    assert code == 0 and summary(stdout)[:2] == ["Nothing to do: all 3 input(s) are up to date.", "  converted      0"]
    (src / "two.txt").write_text(SEED_TEXT + "\nЕщё один абзац.\n", encoding="utf-8")
    assert converted() == [f"{src}/two.txt"]
    os.utime(src / "one.txt", (1, 1))  # a new mtime alone changes nothing: the content hash decides
    assert converted() == []
    assert converted("--keep-boilerplate") == [f"{src}/one.txt", f"{src}/sub/three.txt", f"{src}/two.txt"]
    assert converted("--keep-boilerplate") == []
    (out / "sub" / "three.json").unlink()
    assert converted("--keep-boilerplate") == [f"{src}/sub/three.txt"]
    (out / "one.json").write_text("{}", encoding="utf-8")  # an output changed behind our back
    assert converted("--keep-boilerplate") == [f"{src}/one.txt"]
    assert len(converted("--keep-boilerplate", "--force")) == 3


def test_report_says_why_and_skipped_entries_keep_title(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    out, rep = tmp_path / "out", tmp_path / "r.json"
    run("batch", str(src), "-o", str(out), "-t", "json", "--jobs", "1")
    run("batch", str(src), "-o", str(out), "-t", "json", "--jobs", "1", "--report", str(rep))
    entry = json.loads(rep.read_text(encoding="utf-8"))["inputs"][0]
    assert entry["status"] == "skipped" and entry["why"] == "up to date"
    assert entry["language"] == "ru" and entry["title"] and entry["outputs"][0]["path"] == str(out / "a.json")
    run("batch", str(src), "-o", str(out), "-t", "json", "--jobs", "1", "--lang", "kk", "--report", str(rep))
    entry = json.loads(rep.read_text(encoding="utf-8"))["inputs"][0]
    assert entry["status"] == "converted" and entry["why"] == "options changed" and entry["language"] == "kk"


def test_real_formats_with_workers(tmp_path: Path) -> None:
    import docx
    from pypdf import PdfReader

    src = tmp_path / "src"
    (src / "kz").mkdir(parents=True)
    (src / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    (src / "kz" / "cp.txt").write_bytes(CP1251_TEXT.encode("cp1251"))
    out = tmp_path / "out"
    code, stdout, _ = run("batch", str(src), "-o", str(out), "-t", "epub,docx,pdf", "--jobs", "2")
    assert code == 0, stdout
    assert files_under(out) == {f"{stem}.{ext}" for stem in ("seed", "kz/cp") for ext in ("epub", "docx", "pdf")} | {
        MANIFEST_NAME}
    with zipfile.ZipFile(out / "kz" / "cp.epub") as z:
        assert z.read("mimetype") == b"application/epub+zip"
        xhtml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert_words_in_order(norm_words("выставка Степь и город Её посетили сотни жителей"),
                          norm_words(re.sub(r"<[^>]+>", " ", xhtml)), "cp1251 EPUB")
    assert "Новости региона" in [p.text for p in docx.Document(str(out / "kz" / "cp.docx")).paragraphs]
    pdf = (out / "seed.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert "Liter" in PdfReader(str(out / "seed.pdf")).pages[0].extract_text()


def test_discovery_globs_symlink_loops_and_outdir_inside_src(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    (src / "nested" / "loop").symlink_to(src, target_is_directory=True)
    filters = Filters(frozenset({".txt", ".text", ".json"}))
    keys = [i.key for i in discover([src], filters)]
    assert keys == ["a.txt", "bin.txt", "empty.txt", "nested/cp.txt", "nested/deep/b.txt", "nested/dup.text",
                    "nested/dup.txt"]
    assert [i.key for i in discover([src], Filters(filters.extensions, include=("*.text",)))] == ["nested/dup.text"]
    assert [i.key for i in discover([src], Filters(filters.extensions, exclude=("nested",)))] == [
        "a.txt", "bin.txt", "empty.txt"]
    # a file named directly is taken whatever its extension and lands at the top of OUTDIR
    assert [i.key for i in discover([src / "pic.png", src / "a.txt"], filters)] == ["a.txt", "pic.png"]
    # OUTDIR inside SRC: outputs are never taken as inputs on the next run
    for _ in range(2):
        code, stdout, _ = run("batch", str(src / "nested" / "deep"), "-o", str(src / "out"), "-t", "json",
                              "--jobs", "1")
        assert code == 0 and "total          1" in stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("batch", str(tmp_path / "missing"), "-o", str(tmp_path / "o"), "-t", "json")[0] == 2
    assert run("batch", str(SEED), "-o", str(tmp_path / "o"), "-t", "nope")[0] == 2
    assert run("batch", str(SEED), "-o", str(tmp_path / "o"))[0] == 2
    (tmp_path / "file").write_text("x")
    code, _, err = run("batch", str(SEED), "-o", str(tmp_path / "file"), "-t", "json")
    assert code == 2 and "not a folder" in err


class BoomWriter:
    """A writer that fails on one article, as a buggy writer would."""

    name, suffix, description = "json", ".json", "fails on BOOM"

    def write(self, doc, ctx):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.meta.title:
            raise RuntimeError("kaboom")
        return b"{}"


def test_writer_exception_is_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from article_convert import registry

    monkeypatch.setattr(registry, "get_writer", lambda name: BoomWriter())
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.txt").write_text("BOOM\n\nТекст статьи.\n", encoding="utf-8")
    (src / "good.txt").write_text("Хорошо\n\nТекст статьи.\n", encoding="utf-8")
    result = run_batch(BatchConfig([str(src)], tmp_path / "out", ["json"], ConvertOptions(), jobs=1))
    status = {r.key: (r.status, r.reason) for r in result.records}
    assert status == {"bad.txt": ("failed", "the json writer failed: RuntimeError: kaboom"), "good.txt": ("converted", "")}
    assert result.exit_code == 1 and files_under(tmp_path / "out") == {"good.json", MANIFEST_NAME}


def crash_on_marker(task: Task) -> Outcome:
    """A worker function that dies like a segfaulting library on files named ``crash*``."""
    if Path(task.path).name.startswith("crash"):
        os._exit(3)
    return Outcome(task.key, task.path, True)


def no_init(formats: tuple[str, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_worker_crash_fails_only_that_file() -> None:
    names = [f"f{i:02}.txt" for i in range(12)]
    names.insert(5, "crash.txt")
    tasks = [Task(n, n, (), Settings()) for n in names]
    outcomes: list[Outcome] = []
    run_in_pool(tasks, WorkerPool(2, (), fn=crash_on_marker, initializer=no_init), outcomes.append)
    assert sorted(o.key for o in outcomes) == sorted(names)
    assert {o.key: o.reason for o in outcomes if not o.ok} == {"crash.txt": f"{CRASHED}: exit code 3"}


def test_a_pool_broken_between_two_looks_is_restarted_not_raised() -> None:
    """Regression (flaky under load): a worker that died after the last wait made the next submit raise
    BrokenProcessPool out of run_in_pool, which ended the whole batch."""
    pool = WorkerPool(2, (), fn=crash_on_marker, initializer=no_init)
    crashed = pool.submit(Task("crash.txt", "crash.txt", (), Settings()))
    with pytest.raises(BrokenProcessPool):
        crashed.result(timeout=60)
    names = [f"f{i:02}.txt" for i in range(6)]
    outcomes: list[Outcome] = []
    run_in_pool([Task(n, n, (), Settings()) for n in names], pool, outcomes.append)
    assert sorted((o.key, o.ok) for o in outcomes) == [(n, True) for n in names]


def _start(src: Path, out: Path, fmt: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t", fmt,
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_first_output(out: Path, proc: subprocess.Popen[str], suffix: str) -> None:
    deadline = time.monotonic() + 60
    while not any(out.rglob(f"*{suffix}")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no output appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_leaves_no_partial_files_and_rerun_finishes(tmp_path: Path, sig: signal.Signals) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    for i in range(60):
        folder = src / f"d{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s{i:02}.txt").write_text(SEED_TEXT, encoding="utf-8")
    proc = _start(src, out, "pdf")
    _wait_for_first_output(out, proc, ".pdf")
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, stderr
    assert f"Interrupted by {sig.name}" in stdout and "Traceback" not in stderr
    names = files_under(out)
    assert not [n for n in names - {MANIFEST_NAME} if n.endswith(".part") or ".article-convert-" in n]
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    assert 0 < len(pdfs) < 60
    for name in pdfs:
        data = (out / name).read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), name
    manifest = out / MANIFEST_NAME  # absent when no outcome had reached the parent yet
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["entries"] if manifest.exists() else {}
    assert {f"{k[:-4]}.pdf" for k in recorded} <= set(pdfs)
    assert f"{60 - len(recorded)} input(s) not converted" in stdout
    rerun = _start(src, out, "pdf")
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert summary(stdout)[:2] == [f"  converted {60 - len(recorded):>6}", f"  skipped   {len(recorded):>6}  (up to date)"]
    assert sum(1 for n in files_under(out) if n.endswith(".pdf")) == 60


def test_quiet_prints_only_errors_and_summary(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    code, stdout, stderr = run("batch", str(src), str(src / "a.txt"), "-o", str(tmp_path / "out"), "-t", "json",
                               "--jobs", "1", "-q")
    assert code == 1
    assert stdout.splitlines()[0] == "  converted      1"  # the same file named twice is converted once
    assert "[1/" not in stdout and stderr == f"error: {src}/empty.txt: the file is empty\n"


def test_batch_check_validates_what_it_wrote(tmp_path: Path) -> None:
    """batch --check runs the validators on every output of this run (issue 6: --check on batch too)."""
    import shutil

    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    shutil.copy(SEED, src / "a" / "seed.txt")
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "article_convert", "batch", str(src), "-o", str(out), "-t", "epub,pdf", "--check",
         "--jobs", "1"],
        capture_output=True, text=True, check=False,
    )
    assert res.returncode == 0, res.stderr
    assert f"OK    {out / 'a' / 'seed.epub'}  (epub)" in res.stderr
    assert f"OK    {out / 'a' / 'seed.pdf'}  (pdf)" in res.stderr
