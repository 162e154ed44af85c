"""Batches on S3 (moto's server on 127.0.0.1, in its own process) with the local process pool: what the
batch process learns about files that worker processes wrote, and what it downloads. The Dask runs
on S3 are in test_batch_dask.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from s3server import MotoS3, moto_s3

from article_convert.batch.manifest import MANIFEST_NAME


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoS3]:
    with moto_s3(tmp_path_factory.mktemp("moto")) as server:
        yield server


def batch(s3: MotoS3, *args: str) -> subprocess.CompletedProcess[str]:
    """`article-convert batch …` in its own process, talking to the moto server."""
    return subprocess.run([sys.executable, "-m", "article_convert", "batch", *args], capture_output=True, text=True,
                          env=s3.env(), timeout=300, check=False)


def said(res: subprocess.CompletedProcess[str]) -> str:
    """Everything a failed run printed, for an assertion message."""
    return f"exit {res.returncode}\n--- stdout\n{res.stdout}\n--- stderr\n{res.stderr}"


def article(title: str) -> bytes:
    return f"{title}\n\nТекст статьи «{title}», в которой есть несколько слов.\n".encode()


def test_outputs_that_workers_write_into_a_listed_folder_are_recorded(s3: MotoS3, tmp_path: Path) -> None:
    """Regression: the batch process stat()ed each output a worker had written through s3fs's listing
    cache; a folder listed earlier in the run (OUTDIR inside SRC: discovery lists it; or the manifest
    saved every 2 s, which lists OUTDIR, under load) lacked the new file, s3fs answered
    FileNotFoundError without asking the server, and the batch died with a traceback, exit 1 and no
    summary (the flaky test_local_cluster_reads_and_writes_s3)."""
    fs = s3.fs()
    fs.mkdir("listed")
    fs.pipe_file("listed/src/a.txt", article("Первая"))
    first = batch(s3, "s3://listed/src/", "-o", "s3://listed/src/out", "-t", "epub")
    assert first.returncode == 0 and "  converted      1" in first.stdout, said(first)
    fs.pipe_file("listed/src/c.txt", article("Вторая"))
    fs.pipe_file("listed/src/d.txt", article("Третья"))
    rep = tmp_path / "report.json"
    res = batch(s3, "s3://listed/src/", "-o", "s3://listed/src/out", "-t", "epub", "--jobs", "2", "--report", str(rep))
    assert res.returncode == 0, said(res)
    assert "  converted      2" in res.stdout and "  skipped        1  (up to date)" in res.stdout, said(res)
    totals = json.loads(rep.read_text(encoding="utf-8"))["totals"]
    assert (totals["converted"], totals["skipped"], totals["failed"]) == (2, 1, 0)
    fs.invalidate_cache()
    manifest = json.loads(fs.cat_file(f"listed/src/out/{MANIFEST_NAME}"))
    assert set(manifest["entries"]) == {"a.txt", "c.txt", "d.txt"}
    for key in ("c", "d"):
        rec = manifest["entries"][f"{key}.txt"]["outputs"]["epub"]
        assert rec["bytes"] == fs.info(f"listed/src/out/{key}.epub")["size"] > 0
    again = batch(s3, "s3://listed/src/", "-o", "s3://listed/src/out", "-t", "epub", "--jobs", "2")
    assert again.returncode == 0 and "Nothing to do: all 3 input(s) are up to date." in again.stdout, said(again)
