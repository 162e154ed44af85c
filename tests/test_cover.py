"""Generated covers: size, mode, contrast, determinism, long titles kept inside the margins."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from article_convert.covers.draw import render_cover

LONG_KK = ("Қазақстан Республикасының Тәуелсіздік күніне арналған салтанатты жиналыс: "
           "Жоғарыоқуорындарыныңбітірушілерінеарналғанұзақсөз ") * 3


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_size_mode_and_png() -> None:
    img = _open(render_cover("«Якорная роль» Астаны", "Liter.kz", "4 декабря 2025"))
    assert img.format == "PNG" and img.size == (1600, 2560) and img.mode == "RGB"


def test_jpeg_and_custom_size() -> None:
    img = _open(render_cover("Заголовок", "", "", size=(600, 960), fmt="JPEG"))
    assert img.format == "JPEG" and img.size == (600, 960)


def test_high_contrast_and_not_blank() -> None:
    img = _open(render_cover("Український заголовок: ґанок, їжак", "Джерело", "2025")).convert("L")
    hist = img.histogram()
    dark, light = sum(hist[:64]), sum(hist[192:])
    assert dark > 0.05 * img.width * img.height  # band and title
    assert dark + light > 0.97 * img.width * img.height  # black on white, little grey


def test_deterministic() -> None:
    args = ("Беларуская: ўсё", "Крыніца", "1 снежня 2025")
    assert render_cover(*args) == render_cover(*args)


def _title_box(title: str, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Bounding box of the dark pixels below the band and above the rule (the title)."""
    w, h = size
    img = _open(render_cover(title, "", "", size=size)).convert("L")
    region = img.crop((0, round(h * 0.14) + 2, w, h - round(h * 0.12) - 2))
    box = region.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None, "title not drawn"
    return box


@pytest.mark.parametrize("title", [LONG_KK, "Сверхдлинноесловобезпробеловкотороенепоместитсявстроку" * 2, "Ё"])
def test_long_titles_stay_inside_margins(title: str) -> None:
    size = (800, 1280)
    left, _top, right, bottom = _title_box(title, size)
    margin = round(size[0] * 0.08)
    assert left >= margin - 4 and right <= size[0] - margin + 4
    assert bottom < size[1] - round(size[1] * 0.12) - round(size[1] * 0.14)


def test_long_title_shrinks_but_stays_readable() -> None:
    short = _title_box("Коротко", (800, 1280))
    long = _title_box(LONG_KK, (800, 1280))
    assert long[3] - long[1] > short[3] - short[1]  # more lines, still within the box (above)
