"""Pictures: load an Image through the project's loader, size it, and build its ``wp:inline``.

What may be read is decided by ``article_convert.images`` (under ``ctx.base_dir`` only; oriented,
converted to JPEG/PNG, downscaled when huge). A picture is shown at its pixel size at 96 dpi and
shrunk (never enlarged) to the text width and to 70 % of the text height. Remote, missing,
escaping or unreadable images give one diagnostic (naming the alt text) and no picture; a Figure
still shows its caption, or its alt text as the caption when it has none.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...images import ImageLoader, LoadedImage
from ...ir import Image
from .state import Story

if TYPE_CHECKING:
    from lxml.etree import _Element

EMU_PER_INCH = 914400
NATIVE_DPI = 96


def load(image: Image, story: Story) -> LoadedImage | None:
    """The loaded picture, or None (diagnosed once per source by the document's loader)."""
    shared = story.shared
    if shared.images is None:
        shared.images = ImageLoader(shared.ctx.base_dir, shared.ctx.diagnostics, shared.ctx.images)
    return shared.images.load(image.src, alt=image.alt)


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

    loaded = load(image, story)
    if loaded is None:
        return None
    shared = story.shared
    try:
        rid, _ = story.part.get_or_add_image(io.BytesIO(loaded.data))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - python-docx could not parse what Pillow wrote: diagnose
        shared.ctx.diagnostics.add("image-unreadable", f"cannot embed image {image.src[:80]}: {exc}")
        return None
    cx, cy = fit_emu(loaded.width, loaded.height, shared.text_width_emu, shared.text_height_emu * 7 // 10)
    shared.shape_id += 1
    name = loaded.path.name if loaded.path is not None else f"image{loaded.suffix}"
    inline = CT_Inline.new_pic_inline(shared.shape_id, rid, name, Emu(cx), Emu(cy))
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # without them LibreOffice adds 0.32 cm around the picture
    alt = shared.clean(image.alt)
    inline.docPr.set("descr", alt)
    return inline
