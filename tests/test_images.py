"""Shared image loading: safe resolution under the input folder, formats, orientation, downscaling."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from article_convert.diagnostics import Diagnostics
from article_convert.images import MAX_LONG_SIDE, image_src_problem, load_image


def _save(path: Path, fmt: str, size: tuple[int, int] = (40, 20), **kw) -> Path:
    img = Image.new("RGB", size, (200, 30, 30))
    img.save(path, fmt, **kw)
    return path


@pytest.mark.parametrize(
    ("fmt", "name", "media"),
    [
        ("JPEG", "a.jpg", "image/jpeg"),
        ("PNG", "a.png", "image/png"),
        ("WEBP", "a.webp", "image/png"),
        ("GIF", "a.gif", "image/png"),
    ],
)
def test_formats_load_with_media_type_and_size(tmp_path: Path, fmt: str, name: str, media: str) -> None:
    _save(tmp_path / name, fmt)
    loaded = load_image(name, tmp_path, Diagnostics())
    assert loaded is not None
    assert (loaded.media_type, loaded.width, loaded.height) == (media, 40, 20)
    with Image.open(io.BytesIO(loaded.data)) as back:
        assert back.format == ("JPEG" if media == "image/jpeg" else "PNG")
        assert back.size == (40, 20)


@pytest.mark.parametrize(("fmt", "name"), [("BMP", "a.bmp"), ("TIFF", "a.tif")])
def test_bmp_and_tiff_become_png(tmp_path: Path, fmt: str, name: str) -> None:
    """Formats Word reads natively stay usable in every writer, as PNG."""
    _save(tmp_path / name, fmt)
    loaded = load_image(name, tmp_path, Diagnostics())
    assert loaded is not None and (loaded.media_type, loaded.width, loaded.height) == ("image/png", 40, 20)


def test_untouched_jpeg_keeps_its_bytes(tmp_path: Path) -> None:
    path = _save(tmp_path / "p.jpg", "JPEG")
    assert load_image("p.jpg", tmp_path).data == path.read_bytes()


def test_gif_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    loaded = load_image("anim.gif", tmp_path)
    with Image.open(io.BytesIO(loaded.data)) as back:
        r, _g, b = back.convert("RGB").getpixel((5, 5))
    assert r > 200 and b < 50


def test_exif_orientation_applied(tmp_path: Path) -> None:
    img = Image.new("RGB", (60, 20), (0, 128, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    img.save(tmp_path / "rot.jpg", "JPEG", exif=exif)
    loaded = load_image("rot.jpg", tmp_path)
    assert (loaded.width, loaded.height) == (20, 60)
    assert loaded.media_type == "image/jpeg"


def test_huge_image_downscaled(tmp_path: Path) -> None:
    _save(tmp_path / "big.png", "PNG", size=(4000, 1000))
    loaded = load_image("big.png", tmp_path)
    assert (loaded.width, loaded.height) == (MAX_LONG_SIDE, 500)


@pytest.mark.parametrize(
    "src",
    [
        "/etc/passwd",
        "../../x.png",
        "a/../../x.png",
        "https://x.org/a.png",
        "file:///etc/passwd",
        "//cdn.org/a.png",
        "C:\\Windows\\a.png",
        "%2e%2e/x.png",
        "",
    ],
)
def test_unsafe_sources_refused(tmp_path: Path, src: str) -> None:
    assert image_src_problem(src) is not None
    diags = Diagnostics()
    assert load_image(src, tmp_path, diags) is None
    assert diags.by_code("image-refused")


def test_symlink_out_of_folder_refused(tmp_path: Path) -> None:
    outside = _save(tmp_path / "outside.png", "PNG")
    base = tmp_path / "article"
    base.mkdir()
    os.symlink(outside, base / "link.png")
    diags = Diagnostics()
    assert load_image("link.png", base, diags) is None
    assert "leaves the input folder" in diags.items[0].message


def test_missing_and_broken_images_give_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "bad.png").write_bytes(b"not an image")
    diags = Diagnostics()
    assert load_image("none.png", tmp_path, diags) is None
    assert load_image("bad.png", tmp_path, diags) is None
    assert [d.code for d in diags.items] == ["image-refused", "image-unreadable"]


def test_subfolder_paths_allowed(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    _save(tmp_path / "img" / "a.png", "PNG")
    assert image_src_problem("img/./a.png") is None
    assert load_image("img/a.png?v=2", tmp_path) is not None


# --------------------------------------------------------------------------- one loader, every writer

CASES = (  # (src, expected diagnostic or None, caption)
    ("ok.png", None, "Альфа"),
    ("missing.png", "image-missing", "Бета"),
    ("../outside.png", "image-refused", "Гамма"),
    ("%2e%2e/outside.png", "image-refused", "Дельта"),
    ("https://example.org/a.png", "image-refused", "Эпсилон"),
    ("link.png", "image-refused", "Дзета"),
    ("broken.png", "image-unreadable", "Омега"),
)


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shared-loader")
    base = root / "article"
    base.mkdir()
    _save(base / "ok.png", "PNG")
    _save(root / "outside.png", "PNG")
    os.symlink(root / "outside.png", base / "link.png")
    (base / "broken.png").write_bytes(b"not an image")
    return base


def _written_text_and_images(fmt: str, data: bytes, tmp_path: Path) -> tuple[str, int]:
    """What a reader of the file sees, and how many pictures the file carries."""
    import zipfile

    from . import outputs

    path = tmp_path / f"out.{fmt}"
    path.write_bytes(data)
    if fmt == "epub":
        names = zipfile.ZipFile(path).namelist()
        return outputs.epub_text(path), len([n for n in names if n.startswith("EPUB/image")])
    if fmt == "docx":
        names = zipfile.ZipFile(path).namelist()
        return outputs.docx_text(path), len([n for n in names if n.startswith("word/media/")])
    if fmt == "pdf":
        from pypdf import PdfReader

        return outputs.pdf_text(path), sum(len(page.images) for page in PdfReader(path).pages)
    from lxml import etree

    root = etree.fromstring(data)
    return " ".join(root.itertext()), len(root.findall("{*}binary"))


@pytest.mark.parametrize("fmt", ["epub", "docx", "pdf", "fb2"])
def test_every_writer_reads_images_through_the_shared_loader(
    image_folder: Path, tmp_path: Path, fmt: str
) -> None:
    """Same refusals, same codes, captions kept, only the safe picture embedded, in every writer."""
    from datetime import datetime, timezone

    from article_convert.context import Context
    from article_convert.ir import Document, Figure, Metadata, Text
    from article_convert.ir import Image as IRImage
    from article_convert.registry import get_writer

    doc = Document(
        Metadata(title="Картинки", language="ru"),
        tuple(Figure(IRImage(src, "описание"), caption=(Text(cap),)) for src, _, cap in CASES),
    )
    ctx = Context(now=datetime(2025, 1, 1, tzinfo=timezone.utc), base_dir=image_folder)
    data = get_writer(fmt).write(doc, ctx)
    codes = sorted(d.code for d in ctx.diagnostics.items if d.code.startswith("image-"))
    assert codes == sorted(code for _, code, _ in CASES if code)
    text, pictures = _written_text_and_images(fmt, data, tmp_path)
    for _, _, caption in CASES:
        assert caption in text
    assert pictures == 1
