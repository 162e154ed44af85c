"""Images for the PDF: resolved under ``ctx.base_dir`` only, EXIF-rotated, never upscaled."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ...context import Context

MAX_DPI_SCALE = 72.0 / 150.0  # points per pixel: an image is never drawn larger than at 150 dpi
REMOTE = ("http://", "https://", "ftp://", "data:")


@dataclass(frozen=True)
class ResolvedImage:
    """An image ready for reportlab: a path or re-encoded bytes, and its upright pixel size."""

    path: Path
    width_px: int
    height_px: int
    data: bytes | None = None  # set when the pixels had to be rotated (EXIF orientation)

    def source(self) -> object:
        """What to hand reportlab's Image: the file path, or a stream of the rotated pixels."""
        return io.BytesIO(self.data) if self.data is not None else str(self.path)

    def max_size(self) -> tuple[float, float]:
        """The largest size in points that does not upscale beyond 150 dpi."""
        return self.width_px * MAX_DPI_SCALE, self.height_px * MAX_DPI_SCALE


class ImageResolver:
    """Finds and opens images for one document, reporting each problem once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._cache: dict[str, ResolvedImage | None] = {}

    def resolve(self, src: str, where: str) -> ResolvedImage | None:
        """The image at ``src`` (relative to the input's folder), or None with a diagnostic."""
        if src not in self._cache:
            self._cache[src] = self._open(src, where)
        return self._cache[src]

    def _path(self, src: str, where: str) -> Path | None:
        diag = self.ctx.diagnostics
        if src.lower().startswith(REMOTE):
            diag.add("image-remote", f"image {src!r} is not a local file; only its caption is shown", where=where)
            return None
        base = self.ctx.base_dir
        if base is None:
            diag.add("image-missing", f"image {src!r} cannot be found: the input has no folder", where=where)
            return None
        root = base.resolve()
        path = (root / src).resolve()
        if not path.is_relative_to(root):
            diag.add("image-outside", f"image {src!r} lies outside the input's folder; not read", where=where)
            return None
        if not path.is_file():
            diag.add("image-missing", f"image {src!r} not found", where=where)
            return None
        return path

    def _open(self, src: str, where: str) -> ResolvedImage | None:
        path = self._path(src, where)
        if path is None:
            return None
        from PIL import Image as PILImage
        from PIL import ImageOps, UnidentifiedImageError

        try:
            with PILImage.open(path) as im:
                orientation = im.getexif().get(0x0112, 1)
                if orientation in (None, 1):
                    return ResolvedImage(path, im.width, im.height)
                upright = ImageOps.exif_transpose(im)
                buf = io.BytesIO()
                upright.save(buf, format="PNG", optimize=False)
                return ResolvedImage(path, upright.width, upright.height, buf.getvalue())
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            self.ctx.diagnostics.add("image-unreadable", f"image {src!r} cannot be read ({exc})", where=where)
            return None
