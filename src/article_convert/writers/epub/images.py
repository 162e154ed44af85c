"""Images for the EPUB, through the project's loader (``article_convert.images``): resolved under
``ctx.base_dir`` only, oriented, downscaled, JPEG kept and every other format (WebP, GIF) as PNG,
so EPUB 2 readers show them too."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...context import Context
from ...images import ImageLoader


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
    loader: ImageLoader = field(init=False)

    def __post_init__(self) -> None:
        self.loader = ImageLoader(self.ctx.base_dir, self.ctx.diagnostics, self.ctx.images)

    def href(self, src: str, alt: str = "") -> str | None:
        """The in-book file name for ``src``, or None (diagnosed once by the loader) if it cannot be embedded."""
        if src in self.images:
            return self.images[src].file_name
        loaded = self.loader.load(src, alt=alt)
        if loaded is None:
            return None
        image = EmbeddedImage(f"image{len(self.images) + 1}{loaded.suffix}", loaded.media_type, loaded.data)
        self.images[src] = image
        return image.file_name
