"""Pictures: resolve an Image under ``ctx.base_dir``, size it, and build its ``wp:inline``.

A picture is shown at its pixel size at 96 dpi and shrunk (never enlarged) to the text
width and to 70 % of the text height. Remote, missing, escaping or unreadable images give
a diagnostic (naming the alt text) and no picture; a Figure still shows its caption, or its
alt text as the caption when it has none.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import unquote

from ...ir import Image
from .state import Story

if TYPE_CHECKING:
    from lxml.etree import _Element

EMU_PER_INCH = 914400
NATIVE_DPI = 96


def resolve_image(image: Image, story: Story) -> Path | None:
    """The file for the image under the input folder, or None (with a diagnostic naming its alt)."""
    diagnostics = story.shared.ctx.diagnostics
    base_dir = story.shared.ctx.base_dir
    src = image.src
    name = f"image {src[:80]!r}" + (f" ({image.alt[:60]})" if image.alt else "")
    if "://" in src or src.startswith("data:"):
        diagnostics.add("image-missing", f"{name}: remote images are not fetched")
        return None
    if base_dir is None:
        diagnostics.add("image-missing", f"{name} not found (no input folder to look in)")
        return None
    base = base_dir.resolve()
    for candidate in dict.fromkeys((src, unquote(src))):
        path = (base / candidate).resolve()  # follows symlinks: one pointing out is refused too
        if not path.is_relative_to(base):
            diagnostics.add("image-outside", f"{name} lies outside the input folder; not included")
            return None
        if path.is_file():
            return path
    diagnostics.add("image-missing", f"{name} not found in {base_dir}")
    return None


def _as_png(path: Path) -> IO[bytes] | None:
    """The image converted to PNG with Pillow (for WebP and others Word cannot show), or None."""
    try:
        from PIL import Image as PILImage
    except ImportError:
        return None
    try:
        with PILImage.open(path) as im:
            out = io.BytesIO()
            im.save(out, "PNG")
    except Exception:  # noqa: BLE001 - any unreadable image is reported, never fatal
        return None
    out.seek(0)
    return out


def fit_emu(px_w: int, px_h: int, max_w: int, max_h: int) -> tuple[int, int]:
    """Width and height in EMU: the pixel size at 96 dpi, shrunk to fit, never enlarged."""
    width = px_w * EMU_PER_INCH // NATIVE_DPI
    height = px_h * EMU_PER_INCH // NATIVE_DPI
    scale = min(1.0, max_w / width if width else 1.0, max_h / height if height else 1.0)
    return max(1, int(width * scale)), max(1, int(height * scale))


def picture(image: Image, story: Story) -> _Element | None:
    """A ``wp:inline`` showing the image, or None when it cannot be included (diagnosed)."""
    from docx.oxml.shape import CT_Inline
    from docx.shared import Emu

    path = resolve_image(image, story)
    if path is None:
        return None
    shared = story.shared
    descriptor: str | IO[bytes] = str(path)
    try:
        rid, img = story.part.get_or_add_image(descriptor)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - unknown format or damaged file: try Pillow, else diagnose
        converted = _as_png(path)
        if converted is None:
            shared.ctx.diagnostics.add("image-unsupported", f"image {image.src!r}: format not supported")
            return None
        rid, img = story.part.get_or_add_image(converted)  # type: ignore[attr-defined]
    cx, cy = fit_emu(img.px_width, img.px_height, shared.text_width_emu, shared.text_height_emu * 7 // 10)
    shared.shape_id += 1
    inline = CT_Inline.new_pic_inline(shared.shape_id, rid, path.name, Emu(cx), Emu(cy))
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # without them LibreOffice adds 0.32 cm around the picture
    alt = shared.clean(image.alt)
    inline.docPr.set("descr", alt)
    return inline
