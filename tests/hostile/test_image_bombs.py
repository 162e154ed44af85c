"""Image decompression bombs (issue 9): a few hundred KB of PNG that decode to gigabytes.

A one-colour 12,000 x 12,000 PNG is 445 KB on disk and took 1.3 GB to decode, in every writer and
as a cover. Now an image of more than ``images.MAX_DECODED_PIXELS`` is refused before it is decoded
(a warning, the caption kept), and a large JPEG is decoded at a reduced scale, so photographs pass.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

from article_convert import images

from .test_hostile_suite import PER_EXTRA_FORMAT, TIME_LIMIT, run_bounded

ARTICLE = "# Снимки\n\nГородской совет утвердил план набережной.\n\n![Подпись под огромным снимком](bomb.png)\n"


def _one_colour_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 200).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_i9_png_decompression_bomb_is_refused_in_bounded_memory_and_keeps_its_caption(tmp_path: Path) -> None:
    side = int(images.MAX_DECODED_PIXELS ** 0.5) + 600  # just over the limit: 1 byte a pixel, ~55 MB decoded
    bomb = _one_colour_png(side, side)
    assert len(bomb) < 200_000
    (tmp_path / "bomb.png").write_bytes(bomb)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    formats = ("docx", "pdf", "epub")
    proc = run_bounded(["a.md", "-t", ",".join(formats), "-o", "out/"], tmp_path, TIME_LIMIT + 2 * PER_EXTRA_FORMAT)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "DecompressionBomb" not in proc.stderr
    assert f"{side} x {side} pixels" in proc.stderr and "[image-unreadable]" in proc.stderr
    with zipfile.ZipFile(tmp_path / "out" / "a.docx") as z:
        assert "Подпись под огромным снимком" in z.read("word/document.xml").decode()
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    strict = run_bounded(["a.md", "-t", "docx", "-o", "s.docx", "--strict"], tmp_path, TIME_LIMIT)
    assert strict.returncode != 0


def test_i9_large_jpeg_photograph_is_decoded_at_a_smaller_scale_and_embedded(tmp_path: Path) -> None:
    """Over the pixel limit too, but a JPEG: decoded at 1/4 scale, then downscaled, and embedded."""
    side = int(images.MAX_DECODED_PIXELS ** 0.5) + 600
    out = io.BytesIO()
    Image.new("RGB", (side, side), (30, 120, 200)).save(out, "JPEG", quality=60)
    loaded = images.load_from(images.LocalImages(tmp_path), "data:image/jpeg;base64," + __import__("base64")
                              .b64encode(out.getvalue()).decode())
    assert isinstance(loaded, images.LoadedImage)
    assert max(loaded.width, loaded.height) == images.MAX_LONG_SIDE
    with Image.open(io.BytesIO(loaded.data)) as img:
        assert img.size == (loaded.width, loaded.height)


def test_i9_cover_image_decompression_bomb_is_refused(tmp_path: Path) -> None:
    side = int(images.MAX_DECODED_PIXELS ** 0.5) + 600
    (tmp_path / "cover.png").write_bytes(_one_colour_png(side, side))
    (tmp_path / "a.md").write_text("# Снимки\n\nГородской совет утвердил план набережной.\n", encoding="utf-8")
    proc = run_bounded(["a.md", "-t", "epub", "-o", "a.epub", "--cover-image", "cover.png"], tmp_path,
                       TIME_LIMIT)
    assert proc.returncode == 0, proc.stderr
    assert "[cover-unsupported]" in proc.stderr and "DecompressionBomb" not in proc.stderr
    assert (tmp_path / "a.epub").exists()
