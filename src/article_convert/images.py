"""Local images for writers: resolve safely under the input folder, decode, orient, downscale.

Readers keep image paths as written (relative to the input file); writers call
:func:`load_image`, which refuses anything outside ``base_dir`` (absolute paths, ``../``
escapes, symlinks pointing out, URLs) and returns bytes a writer can embed: JPEG stays JPEG,
everything else becomes PNG, EXIF orientation is applied and huge images are downscaled.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .diagnostics import Diagnostics

MAX_LONG_SIDE = 2000
"""Images with a longer side than this (pixels) are downscaled before embedding."""

MAX_FILE_BYTES = 50 * 1024 * 1024
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class LoadedImage:
    """Image bytes ready to embed, their media type and pixel size (after orientation and scaling)."""

    data: bytes
    media_type: str
    width: int
    height: int

    @property
    def suffix(self) -> str:
        """File suffix matching the media type (``.jpg`` or ``.png``)."""
        return ".jpg" if self.media_type == "image/jpeg" else ".png"


def image_src_problem(src: str) -> str | None:
    """Why ``src`` may not be read as a local image (URL, absolute path, ``..`` escape), else None."""
    src = src.strip()
    if not src:
        return "empty image path"
    if src.startswith("//") or (_SCHEME.match(src) and not re.match(r"^[a-zA-Z]:[\\/]", src)):
        return f"not a local file (images are never fetched): {src[:80]}"
    path = unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if path.startswith("/") or re.match(r"^[a-zA-Z]:/", path):
        return f"absolute path refused: {src[:80]}"
    depth = 0
    for part in PurePosixPath(path).parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return f"path escapes the input folder: {src[:80]}"
    return None


def resolve_image(src: str, base_dir: Path | None, diagnostics: Diagnostics | None = None) -> Path | None:
    """The real file ``src`` names under ``base_dir``, or None (with a diagnostic) if refused or missing."""
    problem = image_src_problem(src) if base_dir is not None else "no input folder to resolve images in"
    if problem is None and base_dir is not None:
        rel = unquote(src.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        root = base_dir.resolve()
        target = (root / rel).resolve()  # follows symlinks: a link pointing out is caught below
        if not target.is_relative_to(root):
            problem = f"path leaves the input folder (symlink?): {src[:80]}"
        elif not target.is_file():
            problem = f"image not found: {src[:80]}"
        else:
            return target
    if diagnostics is not None:
        diagnostics.add("image-refused", problem or "image refused")
    return None


def load_image(src: str, base_dir: Path | None, diagnostics: Diagnostics | None = None) -> LoadedImage | None:
    """Load a local JPEG/PNG/WebP/GIF (first frame) under ``base_dir``; None with a diagnostic otherwise."""
    path = resolve_image(src, base_dir, diagnostics)
    if path is None:
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        _warn(diagnostics, f"image too large to embed ({path.stat().st_size} bytes): {src}")
        return None
    try:
        return _decode(path.read_bytes())
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for broken files
        _warn(diagnostics, f"cannot read image {src}: {type(exc).__name__}: {exc}")
        return None


def _warn(diagnostics: Diagnostics | None, message: str) -> None:
    if diagnostics is not None:
        diagnostics.add("image-unreadable", message)


def _decode(data: bytes) -> LoadedImage:
    """Decode, orient and downscale image bytes; keep JPEG bytes untouched when nothing changes."""
    from PIL import Image, ImageOps  # lazy: Pillow is only needed when a document has images

    with Image.open(io.BytesIO(data)) as img:
        fmt = img.format
        if fmt not in ("JPEG", "PNG", "WEBP", "GIF"):
            raise ValueError(f"unsupported image format {fmt}")
        img.seek(0)
        changed = img.getexif().get(0x0112, 1) not in (0, 1)  # EXIF orientation other than "normal"
        frame = (ImageOps.exif_transpose(img) if changed else None) or img.copy()
    if max(frame.size) > MAX_LONG_SIDE:
        frame.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
        changed = True
    if fmt == "JPEG" and not changed:
        return LoadedImage(data, "image/jpeg", frame.width, frame.height)
    out = io.BytesIO()
    if fmt == "JPEG":
        frame.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
        return LoadedImage(out.getvalue(), "image/jpeg", frame.width, frame.height)
    if frame.mode not in ("RGB", "RGBA", "L", "LA"):
        frame = frame.convert("RGBA" if "transparency" in frame.info or frame.mode in ("P", "PA") else "RGB")
    frame.save(out, "PNG", optimize=False)
    return LoadedImage(out.getvalue(), "image/png", frame.width, frame.height)
