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
