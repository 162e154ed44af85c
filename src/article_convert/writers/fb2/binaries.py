"""Images for FB2, through the project's loader (``article_convert.images``: under the input folder
only, oriented, JPEG kept and everything else as PNG), embedded once each as base64 ``<binary>``."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from ...context import Context
from ...images import IMAGE_UNREADABLE, ImageLoader
from .xml import el

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of PNG/JPEG/GIF bytes, else None (FB2 readers show only these)."""
    for magic, ctype, ext in _MAGIC:
        if data.startswith(magic):
            return ctype, ext
    return None


@dataclass
class Binaries:
    """The images of one FB2 file: id per source, bytes and content type, in first-use order."""

    ctx: Context
    items: list[tuple[str, str, bytes]] = field(default_factory=list)
    _ids: dict[str, str | None] = field(default_factory=dict)
    _loader: ImageLoader = field(init=False)

    def __post_init__(self) -> None:
        self._loader = ImageLoader(self.ctx.base_dir, self.ctx.diagnostics, self.ctx.images)

    def add_bytes(self, data: bytes, stem: str) -> str | None:
        """Register raw image bytes under an id starting with ``stem``; None if not an image."""
        kind = sniff(data)
        if kind is None:
            return None
        ctype, ext = kind
        bid = f"{stem}{ext}"
        self.items.append((bid, ctype, data))
        return bid

    def image_id(self, src: str, alt: str = "") -> str | None:
        """The binary id for an image path, or None (with a diagnostic) when it cannot be embedded."""
        if src not in self._ids:
            loaded = self._loader.load(src, alt=alt)
            bid = None
            if loaded is not None:
                bid = self.add_bytes(loaded.data, f"img{len(self.items) + 1}")
                if bid is None:  # the loader writes JPEG or PNG: only a defect gets here
                    self.ctx.diagnostics.add(IMAGE_UNREADABLE, f"image {src!r} is not PNG, JPEG or GIF; not embedded")
            self._ids[src] = bid
        return self._ids[src]

    def elements(self) -> list[Any]:
        """The ``<binary>`` elements, in first-use order."""
        out = []
        for bid, ctype, data in self.items:
            node = el("binary", id=bid, content_type=ctype)
            node.text = "\n" + base64.encodebytes(data).decode("ascii")
            out.append(node)
        return out
