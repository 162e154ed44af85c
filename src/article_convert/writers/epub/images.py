"""Images for the EPUB, through the project's loader (``article_convert.images``): resolved under
``ctx.base_dir`` only, oriented, downscaled, JPEG kept and every other format (WebP, GIF) as PNG,
so EPUB 2 readers show them too."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ...context import Context
from ...images import image_src_problem, load_image


@dataclass(frozen=True)
class EmbeddedImage:
    """An image stored in the book: its flat file name, media type and bytes."""

    file_name: str
    media_type: str
    data: bytes


@dataclass
class ImageStore:
    """Images of one book, keyed by their source path, each embedded once."""

    ctx: Context
    images: dict[str, EmbeddedImage] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)

    def href(self, src: str) -> str | None:
        """The in-book file name for ``src``, or None (with a diagnostic) if it cannot be embedded."""
        if src in self.images:
            return self.images[src].file_name
        if src in self.failed:
            return None
        image = self._load(src)
        if image is None:
            self.failed.add(src)
            return None
        self.images[src] = image
        return image.file_name

    def _load(self, src: str) -> EmbeddedImage | None:
        if self._missing(src):
            self.ctx.diagnostics.add("image-missing", f"image not found: {src[:200]}")
            return None
        loaded = load_image(src, self.ctx.base_dir, self.ctx.diagnostics)
        if loaded is None:
            return None
        return EmbeddedImage(f"image{len(self.images) + 1}{loaded.suffix}", loaded.media_type, loaded.data)

    def _missing(self, src: str) -> bool:
        """A safe relative path whose file does not exist (or no input folder at all)."""
        base = self.ctx.base_dir
        if base is None:
            return True
        if image_src_problem(src) is not None:
            return False
        rel = unquote(src.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        return not (Path(base) / rel).is_file()
