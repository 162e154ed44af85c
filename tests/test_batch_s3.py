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


@pytest.mark.slow
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


@pytest.mark.slow
def test_unchanged_inputs_on_s3_are_not_downloaded_to_be_checked(s3: MotoS3) -> None:
    """An incremental run decides from the listing's ETag and size which storage inputs changed: an
    unchanged input is not downloaded (it was, once per run, to hash it), a changed one only by the
    worker converting it, and a manifest from before identities were kept costs one download each."""
    fs = s3.fs()
    fs.mkdir("ids")
    for name in "abc":
        fs.pipe_file(f"ids/src/{name}.txt", article(f"Статья {name}"))
    args = ("s3://ids/src/", "-o", "s3://ids/out", "-t", "json", "--jobs", "1")  # the decision is this process's
    first = batch(s3, *args)
    assert first.returncode == 0 and "  converted      3" in first.stdout, said(first)
    manifest = f"/ids/out/{MANIFEST_NAME}"

    def run_counting() -> tuple[subprocess.CompletedProcess[str], list[str], list[str]]:
        mark = len(s3.requests())
        res = batch(s3, *args)
        assert res.returncode == 0, said(res)
        return res, sorted(s3.gets("ids/src", mark)), s3.gets("ids/out", mark)

    res, inputs, outputs = run_counting()
    assert "Nothing to do: all 3 input(s) are up to date." in res.stdout, said(res)
    assert (inputs, outputs) == ([], [manifest])  # nothing downloaded but the manifest itself

    fs.pipe_file("ids/src/b.txt", article("Статья b, исправленная"))
    res, inputs, _ = run_counting()
    assert "  converted      1" in res.stdout and "  skipped        2  (up to date)" in res.stdout, said(res)
    assert inputs == ["/ids/src/b.txt"]  # read once, by the worker that converts it
    fs.invalidate_cache()
    assert "исправленная" in fs.cat_file("ids/out/b.json").decode("utf-8")

    old = json.loads(fs.cat_file(manifest[1:]))  # a manifest written before identities were kept
    for entry in old["entries"].values():
        del entry["source_id"]
    fs.pipe_file(manifest[1:], json.dumps(old).encode())
    res, inputs, _ = run_counting()
    assert "Nothing to do" in res.stdout and inputs == ["/ids/src/a.txt", "/ids/src/b.txt", "/ids/src/c.txt"]
    res, inputs, _ = run_counting()
    assert "Nothing to do" in res.stdout and inputs == []  # the identities were learnt by that run


@pytest.mark.slow
def test_images_beside_an_input_in_a_bucket_are_embedded(s3: MotoS3, tmp_path: Path) -> None:
    """Regression: an input on S3 lost its relative images (image-missing); now they come from the bucket."""
    import io
    import zipfile

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 160, 60)).save(png, "PNG")
    fs = s3.fs()
    fs.mkdir("pics")
    fs.pipe_file("pics/src/a.md", "# Статья\n\nТекст статьи.\n\n![Зелёный](img/g.png)\n\n![Нет](img/none.png)\n".encode())
    fs.pipe_file("pics/src/img/g.png", png.getvalue())
    rep = tmp_path / "report.json"
    res = batch(s3, "s3://pics/src/", "-o", "s3://pics/out", "-t", "epub", "--jobs", "1", "--report", str(rep))
    assert res.returncode == 0, said(res)
    (tmp_path / "a.epub").write_bytes(fs.cat_file("pics/out/a.epub"))
    with zipfile.ZipFile(tmp_path / "a.epub") as z:
        embedded = [n for n in z.namelist() if n.endswith(".png")]
        assert len(embedded) == 1
        with Image.open(io.BytesIO(z.read(embedded[0]))) as img:
            assert img.size == (30, 20) and img.convert("RGB").getpixel((5, 5)) == (10, 160, 60)
    diags = json.loads(rep.read_text(encoding="utf-8"))["inputs"][0]["diagnostics"]
    assert [(d["code"], d["message"]) for d in diags if d["code"].startswith("image")] == [
        ("image-missing", "image not found: img/none.png (Нет)")]


@pytest.mark.slow
def test_storage_inputs_start_largest_first(s3: MotoS3) -> None:
    """Regression: largest-first ordering stat()ed local paths only, so every input on storage counted
    as 0 bytes and a storage batch went in name order (a big file last: a long tail). The sizes come
    from the discovery listing now. One job converts the files one after the other, so the order in
    which its worker downloads them (moto's request log) is the order they were submitted in."""
    fs = s3.fs()
    fs.mkdir("order")
    sizes = {"a": 1, "b": 40, "c": 12, "d": 90, "e": 3}  # paragraphs; the name order is not the size order
    for name, paragraphs in sizes.items():
        text = f"Статья {name}\n\n" + "".join(f"Абзац {i} статьи «{name}», в котором есть слова.\n\n"
                                              for i in range(paragraphs))
        fs.pipe_file(f"order/src/{name}.txt", text.encode())
    mark = len(s3.requests())
    res = batch(s3, "s3://order/src/", "-o", "s3://order/out", "-t", "json", "--jobs", "1")
    assert res.returncode == 0 and "  converted      5" in res.stdout, said(res)
    by_size = sorted(sizes, key=sizes.__getitem__, reverse=True)
    assert s3.gets("order/src", mark) == [f"/order/src/{name}.txt" for name in by_size]
