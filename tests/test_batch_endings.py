"""Every way a batch ends prints its summary and writes its report: also when recording one file
fails, when the run itself breaks off, and when the Dask cluster cannot be had."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED
from test_batch import run

import article_convert.batch.runner as runner

SEED_TEXT = SEED.read_text(encoding="utf-8")


def tree(root: Path) -> Path:
    src = root / "src"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(f"Статья {name}\n\n" + SEED_TEXT, encoding="utf-8")
    return src


def test_a_file_whose_outputs_cannot_be_recorded_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: an exception while recording one outcome (a stat of its output) ended the batch
    with a traceback, no summary and no report."""
    src, out, rep = tree(tmp_path), tmp_path / "out", tmp_path / "report.json"
    real = runner._record

    def record(config: Any, manifest: Any, outcome: Any, *rest: Any) -> Any:
        if outcome.key == "b.txt":
            raise FileNotFoundError("out/b.epub")
        return real(config, manifest, outcome, *rest)

    monkeypatch.setattr(runner, "_record", record)
    code, stdout, _ = run("batch", str(src), "-o", str(out), "-t", "epub", "--jobs", "1", "--report", str(rep))
    assert code == 1
    assert "  converted      2" in stdout and "  failed         1" in stdout
    assert (f"  {src}/b.txt: converted, but its outputs could not be recorded (FileNotFoundError: out/b.epub); "
            "the next run converts it again") in stdout.splitlines()
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert (data["totals"]["converted"], data["totals"]["failed"]) == (2, 1)
    manifest = json.loads((out / ".article-convert-manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["entries"]) == {"a.txt", "c.txt"}
    monkeypatch.setattr(runner, "_record", real)
    code, stdout, _ = run("batch", str(src), "-o", str(out), "-t", "epub", "--jobs", "1")
    assert code == 0 and "  converted      1" in stdout and "  skipped        2  (up to date)" in stdout


def test_a_run_that_breaks_off_keeps_what_arrived_and_says_why(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that ends in an unexpected exception (a bug, a service gone) still ends with the summary
    (what is not done, and why), the report and the manifest of what did arrive."""
    src, out, rep = tree(tmp_path), tmp_path / "out", tmp_path / "report.json"
    real = runner.run_in_process

    def broken(tasks: Any, on_outcome: Any) -> None:
        real(list(tasks)[:1], on_outcome)
        raise RuntimeError("connection\nreset")

    monkeypatch.setattr(runner, "run_in_process", broken)
    code, stdout, stderr = run("batch", str(src), "-o", str(out), "-t", "epub", "--jobs", "1", "--report", str(rep))
    message = ("the run stopped early (RuntimeError: connection reset); what was converted is kept, run the same "
               "command again to finish")
    assert code == 1 and stderr.splitlines()[-1] == f"error: {message}"
    assert "  converted      1" in stdout and "  not done       2" in stdout and f"  {message}" in stdout
    totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (totals["converted"], totals["not_started"], totals["inputs"]) == (1, 2, 3)
    manifest = json.loads((out / ".article-convert-manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["entries"]) == 1


def test_a_cluster_that_cannot_be_had_still_gives_summary_and_report(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A LocalCluster whose workers do not start (a starved machine) is one error line, the summary
    with every file not done, and the report: not a traceback."""
    import distributed

    src, rep = tree(tmp_path), tmp_path / "report.json"

    def no_cluster(*args: Any, **kw: Any) -> Any:
        raise RuntimeError("Nanny failed to start.")

    monkeypatch.setattr(distributed, "LocalCluster", no_cluster)
    code, stdout, stderr = run("batch", str(src), "-o", str(tmp_path / "out"), "-t", "epub", "--scheduler", "local:2",
                               "--report", str(rep))
    message = "--scheduler local:2: cannot start the Dask cluster (RuntimeError: Nanny failed to start.)"
    assert (code, stderr) == (1, f"error: {message}\n")
    assert "  converted      0" in stdout and "  not done       3" in stdout and f"  {message}" in stdout
    assert json.loads(rep.read_text(encoding="utf-8"))["totals"]["not_started"] == 3
    assert not (tmp_path / "out").exists()
