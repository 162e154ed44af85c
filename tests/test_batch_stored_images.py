"""Images beside an input on fsspec storage are read from the same store, under the rules of a local
input's images, so a conversion from storage embeds what a local one does."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest
from outputs import docx_text, epub_text
from PIL import Image
from pypdf import PdfReader

from article_convert import images
from article_convert.batch import BatchConfig, run_batch
from article_convert.batch.storage import location
from article_convert.batch.stored_images import StoredImages
from article_convert.images import IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, ImageProblem

ARTICLE = """# Статья с картинками

Первый абзац статьи о том, как картинки лежат рядом с текстом.

![Первая картинка](img/pic.png)

Второй абзац, после которого идёт фотография.

![Фотография](img/sub/../photo.jpg)

![Побег из папки](../secret.png)

![Нет такой](img/none.png)
"""


def picture(fmt: str, colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


FILES = {"src/a.md": ARTICLE.encode(), "src/img/pic.png": picture("PNG", (200, 30, 30)),
         "src/img/photo.jpg": picture("JPEG", (20, 90, 200), (64, 48)), "secret.png": picture("PNG", (0, 0, 0))}


@pytest.fixture
def mem() -> Iterator[tuple[Any, str]]:
    fs = fsspec.filesystem("memory")
    root = f"/img-{uuid.uuid4().hex[:8]}"
    for name, data in FILES.items():
        fs.pipe_file(f"{root}/{name}", data)
    yield fs, root
    fs.rm(root, recursive=True)


def pictures(zipped: Path, folder: str) -> list[bytes]:
    """The image files inside an EPUB or DOCX, in name order."""
    with zipfile.ZipFile(zipped) as z:
        return [z.read(n) for n in sorted(z.namelist()) if folder in n and n.lower().endswith((".png", ".jpg", ".jpeg"))]


def test_storage_input_embeds_its_images_as_a_local_conversion_does(mem: tuple[Any, str], tmp_path: Path) -> None:
    """Regression: relative images of an input on storage were never read (an image-missing warning each)."""
    fs, root = mem
    for name, data in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    formats = ["epub", "docx", "pdf"]
    local = run_batch(BatchConfig([str(tmp_path / "src")], tmp_path / "out-local", formats, jobs=1))
    stored = run_batch(BatchConfig([f"memory://{root}/src"], location(f"memory://{root}/out"), formats, jobs=1))
    [lrec], [srec] = local.records, stored.records
    assert (lrec.status, srec.status) == ("converted", "converted")
    got = tmp_path / "got"
    got.mkdir()
    for suffix in ("epub", "docx", "pdf"):
        (got / f"a.{suffix}").write_bytes(fs.cat_file(f"{root}/out/a.{suffix}"))
    lo = tmp_path / "out-local"
    assert epub_text(got / "a.epub") == epub_text(lo / "a.epub") and docx_text(got / "a.docx") == docx_text(lo / "a.docx")
    assert len(pictures(got / "a.epub", "EPUB/")) == 2  # the two safe ones, not the escape, not the missing one
    assert pictures(got / "a.epub", "EPUB/") == pictures(lo / "a.epub", "EPUB/")
    assert len(pictures(got / "a.docx", "word/media")) == 2
    assert pictures(got / "a.docx", "word/media") == pictures(lo / "a.docx", "word/media")
    pdf_images = [sorted((i.image.size for i in page.images), key=str) for page in PdfReader(got / "a.pdf").pages]
    assert pdf_images == [sorted((i.image.size for i in p.images), key=str) for p in PdfReader(lo / "a.pdf").pages]
    assert sum(len(p) for p in pdf_images) == 2
    warnings = sorted((d["code"], d["message"]) for d in srec.diagnostics if d["code"].startswith("image-"))
    assert warnings == sorted((d["code"], d["message"]) for d in lrec.diagnostics if d["code"].startswith("image-"))
    assert [c for c, _ in warnings] == [IMAGE_MISSING, IMAGE_REFUSED]  # each problem once, for all writers


def test_stored_images_keep_to_the_input_folder_and_the_size_limit(mem: tuple[Any, str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fs, root = mem
    source = StoredImages(fs, f"{root}/src")
    data, path = source.fetch("img/pic.png")  # type: ignore[misc]
    assert data == FILES["src/img/pic.png"] and path is None
    assert source.fetch("./img/%70ic.png")[0] == data  # type: ignore[index]  # URL-encoded, as local paths are
    for bad in ("../secret.png", "img/../../secret.png", "%2e%2e/secret.png", f"{root}/secret.png",
                "s3://bucket/x.png", "//host/x.png"):
        got = source.fetch(bad)
        assert isinstance(got, ImageProblem) and got.code == IMAGE_REFUSED, bad
    for missing in ("img/none.png", "img", "#frag"):
        got = source.fetch(missing)
        assert isinstance(got, ImageProblem) and got.code == IMAGE_MISSING, missing
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 100)
    big = StoredImages(fs, f"{root}/src").fetch("img/photo.jpg")
    assert isinstance(big, ImageProblem) and big.code == IMAGE_UNREADABLE and "too large" in big.message
