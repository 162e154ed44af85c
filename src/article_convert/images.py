"""Images for writers: resolve safely under the input folder (or through the fetcher of a web page),
decode, orient, downscale.

Readers keep image paths as written (relative to the input file); every writer loads them
through an :class:`ImageLoader` (one per document), the one place that decides what may be read:
it refuses anything outside ``base_dir`` (absolute paths, ``../`` escapes, also URL-encoded,
URLs, drive paths, symlinks pointing out) and returns bytes a writer can embed: JPEG stays JPEG,
everything else (PNG, WebP, GIF, BMP, TIFF) becomes PNG, EXIF orientation is applied and huge
images are downscaled. Each problem is one diagnostic with one of three codes, the same in every
writer: ``image-missing`` (no such file, or no input folder), ``image-refused`` (not a safe local
path) and ``image-unreadable`` (not a picture, unsupported, too large).
"""

from __future__ import annotations

import dataclasses
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import unquote

from .diagnostics import Diagnostics

MAX_LONG_SIDE = 2000
"""Images with a longer side than this (pixels) are downscaled before embedding."""

MAX_DECODED_PIXELS = 50_000_000
"""An image of more pixels is not decoded (a 445 KB PNG of 12,000 x 12,000 one-colour pixels took
1.3 GB to decode): a warning, the caption kept. A JPEG is first decoded at 1/2 to 1/8 of its size
when that is still larger than ``MAX_LONG_SIDE``, so photographs of any camera pass."""
MAX_FILE_BYTES = 50 * 1024 * 1024
IMAGE_MISSING = "image-missing"
IMAGE_REFUSED = "image-refused"
IMAGE_UNREADABLE = "image-unreadable"
_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
JPEG_MODES_KEPT = ("RGB", "L")
"""JPEGs in other modes (CMYK, YCCK from print workflows) are re-encoded as RGB: python-docx refuses
them and browsers and e-readers show Adobe CMYK JPEGs with inverted or wrong colours."""
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class LoadedImage:
    """Image bytes ready to embed, their media type and pixel size (after orientation and scaling)."""

    data: bytes
    media_type: str
    width: int
    height: int
    path: Path | None = None
    """The checked file under the input folder the image was read from (None for a fetched image)."""

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


@dataclass(frozen=True)
class ImageProblem:
    """Why an image is not used: a diagnostic code (``image-missing``, ``-refused``, ``-unreadable``)."""

    code: str
    message: str


def locate_image(src: str, base_dir: Path | None) -> Path | ImageProblem:
    """The real file ``src`` names under ``base_dir``, or why it may not or cannot be read."""
    problem = image_src_problem(src)
    if problem is not None:
        return ImageProblem(IMAGE_REFUSED, problem)
    if base_dir is None:
        return ImageProblem(IMAGE_MISSING, f"no input folder to resolve images in: {src[:80]}")
    rel = unquote(src.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    root = base_dir.resolve()
    target = (root / rel).resolve()  # follows symlinks: a link pointing out is caught below
    if not target.is_relative_to(root):
        return ImageProblem(IMAGE_REFUSED, f"path leaves the input folder (symlink?): {src[:80]}")
    if not target.is_file():
        return ImageProblem(IMAGE_MISSING, f"image not found: {src[:80]}")
    return target


def data_uri(data: bytes, media_type: str) -> str:
    """Image bytes as a ``data:`` URI: how readers of container formats (DOCX, ODT) keep embedded pictures."""
    import base64

    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _read_data_uri(src: str) -> LoadedImage | ImageProblem:
    """Decode a base64 ``data:`` image (never a file, never the network)."""
    import base64
    import binascii

    head, _, payload = src.partition(",")
    if not head.endswith(";base64") or len(payload) > MAX_FILE_BYTES * 4 // 3 + 4:
        return ImageProblem(IMAGE_UNREADABLE, f"unsupported or too large data: image {src[:40]}…")
    try:
        return _decode(base64.b64decode(payload, validate=False))
    except ImageTooLarge as exc:
        return ImageProblem(IMAGE_UNREADABLE, f"embedded image not decoded: {exc}; the caption is kept")
    except (binascii.Error, ValueError, OSError) as exc:
        return ImageProblem(IMAGE_UNREADABLE, f"cannot read embedded image: {type(exc).__name__}: {exc}")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for broken files
        return ImageProblem(IMAGE_UNREADABLE, f"cannot read embedded image: {type(exc).__name__}: {exc}")


class ImageSource(Protocol):
    """Where a document's images come from: the input's folder (``LocalImages``) or, for a page fetched
    from the web, the fetcher (``article_convert.web.images``). Readers ask ``accept`` which ``src`` to
    keep in the IR; writers (through :class:`ImageLoader`) ask ``fetch`` for the bytes."""

    def accept(self, src: str) -> str | ImageProblem: ...

    def fetch(self, src: str) -> tuple[bytes, Path | None] | ImageProblem: ...


class LocalImages:
    """Images under one folder (the input's), by the rules of :func:`locate_image`."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = base_dir

    def accept(self, src: str) -> str | ImageProblem:
        """``src`` itself when it is a safe relative path, else why it is refused."""
        problem = image_src_problem(src)
        return ImageProblem(IMAGE_REFUSED, problem) if problem is not None else src

    def fetch(self, src: str) -> tuple[bytes, Path | None] | ImageProblem:
        """The file's bytes and its checked path, or why it cannot be read."""
        path = locate_image(src, self.base_dir)
        if isinstance(path, ImageProblem):
            return path
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ImageProblem(IMAGE_UNREADABLE, f"image too large to embed ({size} bytes): {src[:80]}")
        try:
            return path.read_bytes(), path
        except OSError as exc:
            return ImageProblem(IMAGE_UNREADABLE, f"cannot read image {src[:80]}: {exc.strerror or exc}")


def load_from(source: ImageSource, src: str) -> LoadedImage | ImageProblem:
    """Fetch, decode, orient and downscale one image from ``source`` (a ``data:`` image is decoded
    in place, from no source); never raises for a bad image."""
    if src.startswith("data:"):
        return _read_data_uri(src)
    got = source.fetch(src)
    if isinstance(got, ImageProblem):
        return got
    data, path = got
    try:
        return dataclasses.replace(_decode(data), path=path)
    except ImageTooLarge as exc:
        return ImageProblem(IMAGE_UNREADABLE, f"image {src[:80]} not decoded: {exc}; the caption is kept")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for broken files
        return ImageProblem(IMAGE_UNREADABLE, f"cannot read image {src[:80]}: {type(exc).__name__}: {exc}")


def read_image(src: str, base_dir: Path | None) -> LoadedImage | ImageProblem:
    """Locate, decode, orient and downscale one image under ``base_dir``; never raises for a bad path or file."""
    return load_from(LocalImages(base_dir), src)


class ImageLoader:
    """The images of one document for a writer: each source read once, each problem reported once."""

    def __init__(self, base_dir: Path | None, diagnostics: Diagnostics, source: ImageSource | None = None) -> None:
        self.base_dir = base_dir
        self.diagnostics = diagnostics
        self.source: ImageSource = source if source is not None else LocalImages(base_dir)
        self._cache: dict[str, LoadedImage | None] = {}

    def load(self, src: str, *, alt: str = "", where: str = "") -> LoadedImage | None:
        """The image ``src`` names, or None after one diagnostic (naming ``alt`` when given)."""
        if src not in self._cache:
            result = load_from(self.source, src)
            if isinstance(result, ImageProblem):
                label = f" ({' '.join(alt.split())[:60]})" if alt.strip() else ""
                self.diagnostics.add(result.code, result.message + label, where=where)
            self._cache[src] = result if isinstance(result, LoadedImage) else None
        return self._cache[src]


def resolve_image(src: str, base_dir: Path | None, diagnostics: Diagnostics | None = None) -> Path | None:
    """The real file ``src`` names under ``base_dir``, or None (with an ``image-refused`` diagnostic)."""
    found = locate_image(src, base_dir)
    if isinstance(found, Path):
        return found
    if diagnostics is not None:
        diagnostics.add(IMAGE_REFUSED, found.message)
    return None


def load_image(src: str, base_dir: Path | None, diagnostics: Diagnostics | None = None) -> LoadedImage | None:
    """Load one image under ``base_dir``; None with a diagnostic otherwise.

    For callers that only need "usable or not", every path problem (a missing file too) is reported
    as ``image-refused``; writers use :class:`ImageLoader`, which tells ``image-missing`` apart.
    """
    result = read_image(src, base_dir)
    if isinstance(result, LoadedImage):
        return result
    if diagnostics is not None:
        code = IMAGE_REFUSED if result.code == IMAGE_MISSING else result.code
        diagnostics.add(code, result.message)
    return None


class ImageTooLarge(ValueError):
    """An image of more pixels than ``MAX_DECODED_PIXELS``, refused before it is decoded."""


def open_image(data: bytes, *, shrink_jpeg: bool = False) -> Any:
    """Pillow's (lazy) image of ``data``, refused with ``ImageTooLarge`` before decoding when it has
    more than ``MAX_DECODED_PIXELS`` pixels; ``shrink_jpeg``: a JPEG larger than ``MAX_LONG_SIDE`` is
    first set to decode at the smallest scale still larger (1/2 to 1/8). Pillow's own bomb warning is
    not printed: this limit is lower and is reported once, by the caller."""
    from PIL import Image  # lazy: Pillow is only needed when a document has images

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img: Any = Image.open(io.BytesIO(data))
    img.ac_stored_size = img.size  # as stored, before any reduced-scale decoding
    if shrink_jpeg and img.format == "JPEG" and max(img.size) > MAX_LONG_SIDE:
        img.draft(img.mode, (MAX_LONG_SIDE, MAX_LONG_SIDE))
    if img.width * img.height > MAX_DECODED_PIXELS:
        img.close()
        raise ImageTooLarge(f"{img.width} x {img.height} pixels, over the limit of {MAX_DECODED_PIXELS:,} "
                            "(a decompression bomb, or a scan far larger than any page)")
    return img


def _decode(data: bytes) -> LoadedImage:
    """Decode, orient and downscale image bytes; keep JPEG bytes untouched when nothing changes."""
    from PIL import Image, ImageOps

    with open_image(data, shrink_jpeg=True) as img:
        fmt = img.format
        if fmt not in _FORMATS:
            raise ValueError(f"unsupported image format {fmt}")
        img.seek(0)
        changed = img.getexif().get(0x0112, 1) not in (0, 1)  # EXIF orientation other than "normal"
        changed = changed or img.size != img.ac_stored_size  # decoded at a smaller scale: the bytes must be new
        frame = (ImageOps.exif_transpose(img) if changed else None) or img.copy()
    if max(frame.size) > MAX_LONG_SIDE:
        frame.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
        changed = True
    if fmt == "JPEG" and not changed and frame.mode in JPEG_MODES_KEPT:
        return LoadedImage(data, "image/jpeg", frame.width, frame.height)
    out = io.BytesIO()
    if fmt == "JPEG":
        frame.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
        return LoadedImage(out.getvalue(), "image/jpeg", frame.width, frame.height)
    if frame.mode not in ("RGB", "RGBA", "L", "LA"):
        frame = frame.convert("RGBA" if "transparency" in frame.info or frame.mode in ("P", "PA") else "RGB")
    frame.save(out, "PNG", optimize=False)
    return LoadedImage(out.getvalue(), "image/png", frame.width, frame.height)
