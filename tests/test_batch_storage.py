"""SRC and OUTDIR as fsspec URLs (``memory://`` in this process, a wrapped local folder): discovery, the
manifest in OUTDIR, incremental runs and whole-or-absent writes. The S3 and Dask runs are in
test_batch_dask.py."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest
from conftest import SEED
from outputs import epub_text
from test_batch import run

from article_convert.batch import BatchConfig, run_batch
from article_convert.batch.manifest import MANIFEST_NAME
from article_convert.batch.storage import RemotePath, location
from article_convert.errors import UsageError

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture
def mem() -> Iterator[tuple[Any, str]]:
    """A fresh folder on fsspec's in-process memory filesystem (its URL)."""
    fs = fsspec.filesystem("memory")
    root = f"/t-{uuid.uuid4().hex[:8]}"
    yield fs, root
    if fs.exists(root):
        fs.rm(root, recursive=True)


def put_tree(fs: Any, root: str) -> None:
    fs.pipe_file(f"{root}/src/a.txt", SEED_TEXT.encode("utf-8"))
    fs.pipe_file(f"{root}/src/nested/b.md", "# Вторая статья\n\nТекст второй статьи.\n".encode())
    fs.pipe_file(f"{root}/src/nested/b.txt", "Третья\n\nТекст.\n".encode())  # collides with b.md
    fs.pipe_file(f"{root}/src/empty.txt", b"")
    fs.pipe_file(f"{root}/src/.hidden/h.txt", "Скрытый\n\nНе трогать.\n".encode())
    fs.pipe_file(f"{root}/src/drafts/d.txt", "Черновик\n\nНе трогать.\n".encode())
    fs.pipe_file(f"{root}/src/pic.png", b"\x89PNG\r\n\x1a\n")


def config(root: str, **kw: Any) -> BatchConfig:
    return BatchConfig([f"memory://{root}/src"], location(f"memory://{root}/out"), ["epub"], jobs=1,
                       exclude=("drafts",), **kw)


def test_memory_storage_tree_manifest_and_incremental(mem: tuple[Any, str], tmp_path: Path) -> None:
    fs, root = mem
    put_tree(fs, root)
    result = run_batch(config(root))
    by_key = {r.key: r for r in result.records}
    assert set(by_key) == {"a.txt", "empty.txt", "nested/b.md", "nested/b.txt"}  # hidden, excluded, .png: not taken
    assert by_key["a.txt"].status == "converted" and by_key["a.txt"].input == f"memory://{root}/src/a.txt"
    assert by_key["empty.txt"].reason == "the file is empty"
    assert by_key["nested/b.md"].reason == ("output name collision: nested/b.epub would also be written from "
                                            f"memory://{root}/src/nested/b.txt; rename one of them")
    assert sorted(fs.find(f"{root}/out")) == [f"{root}/out/{MANIFEST_NAME}", f"{root}/out/a.epub"]
    (tmp_path / "a.epub").write_bytes(fs.cat_file(f"{root}/out/a.epub"))
    assert "Liter.kz" in epub_text(tmp_path / "a.epub")
    manifest = json.loads(fs.cat_file(f"{root}/out/{MANIFEST_NAME}"))
    assert manifest["entries"]["a.txt"]["input"] == f"memory://{root}/src/a.txt"
    assert manifest["written"] == ["a.epub"]

    again = run_batch(config(root))
    assert {r.key: r.status for r in again.records}["a.txt"] == "skipped"
    assert again.count("converted") == 0

    fs.pipe_file(f"{root}/src/a.txt", ("Новый заголовок\n\n" + SEED_TEXT).encode("utf-8"))
    changed = {r.key: r for r in run_batch(config(root)).records}
    assert changed["a.txt"].status == "converted" and changed["a.txt"].why == "input changed"
    (tmp_path / "a.epub").write_bytes(fs.cat_file(f"{root}/out/a.epub"))
    assert "Новый заголовок" in epub_text(tmp_path / "a.epub")

    fs.rm_file(f"{root}/out/a.epub")
    gone = {r.key: r for r in run_batch(config(root)).records}
    assert gone["a.txt"].why == "output missing: a.epub"


def test_outdir_inside_storage_src_is_not_an_input(mem: tuple[Any, str]) -> None:
    fs, root = mem
    fs.pipe_file(f"{root}/src/a.txt", SEED_TEXT.encode("utf-8"))
    cfg = BatchConfig([f"memory://{root}/src"], location(f"memory://{root}/src/out"), ["json"], jobs=1)
    assert [r.key for r in run_batch(cfg).records] == ["a.txt"]
    assert [r.key for r in run_batch(cfg).records] == ["a.txt"]  # out/a.json is never an input
    fs.pipe_file(f"{root}/same/a.txt", SEED_TEXT.encode("utf-8"))
    same = BatchConfig([f"memory://{root}/same"], location(f"memory://{root}/same"), ["json"], jobs=1)
    assert {r.key for r in run_batch(same).records} == {"a.txt"}
    assert {r.key for r in run_batch(same).records} == {"a.txt"}  # a.json, written by the run before, neither


def test_memory_storage_needs_one_process(mem: tuple[Any, str]) -> None:
    _, root = mem
    with pytest.raises(UsageError, match="memory:// exists only in this process"):
        run_batch(BatchConfig([f"memory://{root}/src"], location(f"memory://{root}/out"), ["epub"], jobs=2))
    with pytest.raises(UsageError, match="memory:// exists only in this process"):
        run_batch(BatchConfig([f"memory://{root}/src"], location(f"memory://{root}/out"), ["epub"],
                              scheduler="local:1"))


def test_missing_storage_src_and_unknown_protocol_are_usage_errors(mem: tuple[Any, str], tmp_path: Path) -> None:
    _, root = mem
    with pytest.raises(UsageError, match="no such file or folder"):
        run_batch(config(root))
    code, _, stderr = run("batch", str(tmp_path), "-o", "nosuchfs://bucket/out", "-t", "epub")
    assert code == 2 and stderr.startswith("error: nosuchfs://bucket/out: cannot open this storage")
    code, _, stderr = run("batch", str(tmp_path), "-o", f"memory://{root}/out", "-t", "epub", "--check")
    assert code == 2 and "--check validates local files only" in stderr


def test_write_through_a_non_object_store_uses_a_temporary_name_then_a_move(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from fsspec.implementations.dirfs import DirFileSystem
    from fsspec.implementations.local import LocalFileSystem

    fs = DirFileSystem(path=str(tmp_path), fs=LocalFileSystem())  # protocol "dir": neither local nor object store
    target = RemotePath(fs, "sub/a.epub")
    target.write_bytes(b"first")
    target.write_bytes(b"second")
    assert (tmp_path / "sub" / "a.epub").read_bytes() == b"second"
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["a.epub"]

    def broken_move(*args: Any, **kw: Any) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(fs, "mv", broken_move)
    with pytest.raises(OSError, match="disk gone"):
        target.write_bytes(b"third")
    assert (tmp_path / "sub" / "a.epub").read_bytes() == b"second"  # the old file, whole
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["a.epub"]  # and no temporary file


def test_file_url_is_written_atomically_as_a_local_path(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    code, stdout, _ = run("batch", f"file://{src}", "-o", f"file://{tmp_path}/out", "-t", "epub", "--jobs", "1")
    assert code == 0, stdout
    assert "Liter.kz" in epub_text(tmp_path / "out" / "a.epub")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [MANIFEST_NAME, "a.epub"]
    code, stdout, _ = run("batch", f"file://{src}", "-o", f"file://{tmp_path}/out", "-t", "epub", "--jobs", "1")
    assert code == 0 and "Nothing to do: all 1 input(s) are up to date." in stdout


def test_report_can_go_to_storage_too(mem: tuple[Any, str]) -> None:
    fs, root = mem
    fs.pipe_file(f"{root}/src/a.txt", SEED_TEXT.encode("utf-8"))
    code, stdout, _ = run("batch", f"memory://{root}/src", "-o", f"memory://{root}/out", "-t", "json", "--jobs", "1",
                          "--report", f"memory://{root}/report.json")
    assert code == 0, stdout
    report = json.loads(fs.cat_file(f"{root}/report.json"))
    assert report["outdir"] == f"memory://{root}/out"
    assert [(r["key"], r["status"], r["input"]) for r in report["inputs"]] == [
        ("a.txt", "converted", f"memory://{root}/src/a.txt")]
    assert report["inputs"][0]["outputs"][0]["path"] == f"memory://{root}/out/a.json"
