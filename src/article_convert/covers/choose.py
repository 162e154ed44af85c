"""The cover a writer should put in front of a book: the user's image, a generated one, or none.

Bundles always get a cover (generated unless ``--cover-image``); single articles only with
``--cover`` / ``--cover-image``. The generated cover has the profile's screen size
(``Profile.cover_px``) and shows the title, the subtitle or source (for bundles the section
names) and the date in the book's language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..context import Context
from ..ir import Document
from ..ir.book import is_bundle, parts
from ..settings import DEFAULT_COVER_PX

DEFAULT_SIZE = DEFAULT_COVER_PX
"""The generated cover's size without ``--profile`` (``Settings.cover.size_px`` holds the chosen one)."""


@dataclass(frozen=True)
class CoverArt:
    """Cover image bytes with their media type, file suffix and pixel size."""

    data: bytes
    media_type: str
    width: int
    height: int

    @property
    def suffix(self) -> str:
        return {"image/jpeg": ".jpg", "image/gif": ".gif"}.get(self.media_type, ".png")


def cover_size(ctx: Context) -> tuple[int, int]:
    """The cover's pixel size: the profile's screen, else 1600 x 2560 (resolved in the settings)."""
    return ctx.settings.cover.size_px


def wants_cover(doc: Document, ctx: Context) -> bool:
    """Whether this book gets a cover at all."""
    return ctx.settings.cover.wanted or is_bundle(doc)


def cover_for(doc: Document, ctx: Context, fmt: str = "PNG") -> CoverArt | None:
    """The cover for ``doc`` (None when none is wanted or the user's image is unusable); a generated
    one is drawn as ``fmt`` (PNG: crisp and small; JPEG: what every FB2 reader shows)."""
    if not wants_cover(doc, ctx):
        return None
    if ctx.settings.cover.image is not None:
        art = user_cover(str(ctx.settings.cover.image), ctx)
        if art is not None or not is_bundle(doc):
            return art
    title, subtitle, date_text = cover_texts(doc, ctx.settings.language_of(doc.meta))
    size = cover_size(ctx)
    media_type = "image/jpeg" if fmt.upper() in ("JPEG", "JPG") else "image/png"
    return CoverArt(_render(title, subtitle, date_text, size, fmt.upper()), media_type, size[0], size[1])


@functools.lru_cache(maxsize=8)
def _render(title: str, subtitle: str, date_text: str, size: tuple[int, int], fmt: str) -> bytes:
    from .draw import render_cover

    return render_cover(title, subtitle, date_text, size=size, fmt=fmt)


def cover_texts(doc: Document, lang: str) -> tuple[str, str, str]:
    """(title, subtitle line, date line) for the generated cover, in ``lang`` (``Settings.language_of``)."""
    from ..languages import human_date

    meta = doc.meta
    subtitle = meta.subtitle or meta.source
    if is_bundle(doc) and not subtitle:
        names = [p.title_text(lang) for p in parts(doc) if p.title]
        if not names:
            names = list(dict.fromkeys(a.meta.source for p in parts(doc) for a in p.articles if a.meta.source))
        subtitle = " · ".join(names[:4]) + (" …" if len(names) > 4 else "")
    date_text = human_date(meta.date.strip(), lang) if meta.date.strip() else ""
    return meta.title or "—", subtitle, date_text


def user_cover(path: str, ctx: Context) -> CoverArt | None:
    """The user's own cover (any path the user named); JPEG/PNG kept, other formats made PNG."""
    import io

    try:
        data = Path(path).expanduser().read_bytes()
    except OSError as exc:
        ctx.diagnostics.add("cover-missing", f"cover image {path!r} cannot be read: {exc.strerror or exc}")
        return None
    try:
        from PIL import UnidentifiedImageError

        from ..images import JPEG_MODES_KEPT, ImageTooLarge, open_image

        try:
            img = open_image(data)
        except ImageTooLarge as exc:
            ctx.diagnostics.add("cover-unsupported", f"cover image {path!r} has {exc}; no cover from it")
            return None
        with img:
            fmt, width, height = img.format, img.width, img.height
            if fmt == "JPEG" and img.mode not in JPEG_MODES_KEPT:  # CMYK/YCCK: RGB for every writer
                out = io.BytesIO()
                img.convert("RGB").save(out, "JPEG", quality=92)
                return CoverArt(out.getvalue(), "image/jpeg", width, height)
            if fmt not in ("JPEG", "PNG"):
                out = io.BytesIO()
                img.convert("RGB").save(out, "PNG", optimize=True)
                return CoverArt(out.getvalue(), "image/png", width, height)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        ctx.diagnostics.add("cover-unsupported", f"cover image {path!r} is not an image Pillow can read ({exc})")
        return None
    return CoverArt(data, "image/jpeg" if fmt == "JPEG" else "image/png", width, height)
