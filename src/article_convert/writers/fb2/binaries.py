"""Images for FB2: resolved under the input folder only, embedded once each as base64 ``<binary>``."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...context import Context
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

    def add_bytes(self, data: bytes, stem: str) -> str | None:
        """Register raw image bytes under an id starting with ``stem``; None if not an image."""
        kind = sniff(data)
        if kind is None:
            return None
        ctype, ext = kind
        bid = f"{stem}{ext}"
        self.items.append((bid, ctype, data))
        return bid

    def image_id(self, src: str) -> str | None:
        """The binary id for an image path, or None (with a diagnostic) when it cannot be embedded."""
        if src not in self._ids:
            data = self._load(src)
            bid = None
            if data is not None:
                bid = self.add_bytes(data, f"img{len(self.items) + 1}")
                if bid is None:
                    self.ctx.diagnostics.add("image-unsupported", f"image {src!r} is not PNG, JPEG or GIF; not embedded")
            self._ids[src] = bid
        return self._ids[src]

    def _load(self, src: str) -> bytes | None:
        diag = self.ctx.diagnostics
        if "://" in src or src.startswith("data:"):
            diag.add("image-remote", f"image {src!r} is not a local file; not embedded")
            return None
        base = self.ctx.base_dir
        if base is None:
            diag.add("image-missing", f"image {src!r}: no input folder to resolve it in; not embedded")
            return None
        root = Path(base).resolve()
        path = (root / src).resolve()
        if not path.is_relative_to(root):
            diag.add("image-outside", f"image {src!r} lies outside the input folder; refused")
            return None
        if not path.is_file():
            diag.add("image-missing", f"image {src!r} not found in {root}; not embedded")
            return None
        return path.read_bytes()

    def elements(self) -> list[Any]:
        """The ``<binary>`` elements, in first-use order."""
        out = []
        for bid, ctype, data in self.items:
            node = el("binary", id=bid, content_type=ctype)
            node.text = "\n" + base64.encodebytes(data).decode("ascii")
            out.append(node)
        return out
