"""Images for the PDF, through the project's loader (``article_convert.images``): resolved under
``ctx.base_dir`` only, EXIF-rotated, downscaled when huge; here they are sized, never upscaled."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ...context import Context
from ...images import ImageLoader, LoadedImage

MAX_DPI_SCALE = 72.0 / 150.0  # points per pixel: an image is never drawn larger than at 150 dpi


@dataclass(frozen=True)
class ResolvedImage:
    """An image ready for reportlab: the loader's upright pixels and the checked file they came from."""

    loaded: LoadedImage

    @property
    def path(self) -> Path | str:
        """What ``<img>`` in paragraph markup takes: the checked file, or for a fetched image (no file)
        its loaded bytes as a ``data:`` URI, which reportlab decodes itself without any I/O."""
        if self.loaded.path is not None:
            return self.loaded.path
        import base64

        return f"data:{self.loaded.media_type};base64,{base64.b64encode(self.loaded.data).decode('ascii')}"

    @property
    def width_px(self) -> int:
        return self.loaded.width

    @property
    def height_px(self) -> int:
        return self.loaded.height

    def source(self) -> object:
        """What to hand reportlab's Image: a stream of the loaded (oriented, converted) bytes."""
        return io.BytesIO(self.loaded.data)

    def max_size(self) -> tuple[float, float]:
        """The largest size in points that does not upscale beyond 150 dpi."""
        return self.width_px * MAX_DPI_SCALE, self.height_px * MAX_DPI_SCALE


class ImageResolver:
    """Finds and opens images for one document, reporting each problem once."""

    def __init__(self, ctx: Context) -> None:
        self.loader = ImageLoader(ctx.base_dir, ctx.diagnostics, ctx.images)

    def resolve(self, src: str, where: str, alt: str = "") -> ResolvedImage | None:
        """The image at ``src`` (relative to the input's folder), or None with a diagnostic."""
        loaded = self.loader.load(src, alt=alt, where=where)
        return ResolvedImage(loaded) if loaded is not None else None


@contextmanager
def embedded_images_readable() -> Iterator[None]:
    """Let reportlab read the ``data:`` images the inline renderer writes into ``<img src>`` (an image
    with no file: from a Word file, a web page, a data URI), for the time of one PDF.

    reportlab 5 opens no URL, ``data:`` included, unless ``rl_config.trustedHosts`` names a host, so
    an inline image in a DOCX failed the whole PDF ("Cannot open resource 'data:…'"). Every src the
    renderer writes is ours (a checked local path or our own data URI), never the input's text;
    "localhost" is the least setting that lets ``data:`` through. Process-wide: restored after."""
    from reportlab import rl_config

    old = rl_config.trustedHosts
    rl_config.trustedHosts = ["localhost"]
    try:
        yield
    finally:
        rl_config.trustedHosts = old
