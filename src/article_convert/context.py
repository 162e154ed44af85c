"""Options and context handed to every reader, transform and writer of one conversion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostics

if TYPE_CHECKING:
    from .images import ImageSource
    from .settings import Settings


@dataclass(frozen=True)
class ConvertOptions:
    """Everything a user can choose for one conversion, raw; every field has a sensible default.

    These are checked and resolved once, up front, by :func:`article_convert.settings.resolve_settings`;
    readers, transforms and writers read the resolved ``Context.settings``, never these fields.
    """

    lang: str | None = None
    """Force the document language (BCP 47); None = detect."""
    encoding: str | None = None
    """Force the input encoding; None = detect."""
    keep_boilerplate: bool = False
    """Keep closing boilerplate ("Читайте также", "Новости партнеров") instead of dropping it."""
    keep_comments: bool = False
    """Keep comments of DOCX/ODT documents as notes instead of dropping (and reporting) them."""
    extract: str = "auto"
    """What of a web page is read: ``auto`` (the article extractors' choice), ``article`` (the page's
    <article>/<main> element whole) or ``page`` (the whole body, without scripts and hidden elements)."""
    metadata: tuple[tuple[str, str], ...] = ()
    """``-M key=value`` overrides, applied after reading."""
    paper: str = "a4"
    """Page size for paged formats: a4, a5 or letter."""
    strict: bool = False
    """Turn warnings (missing glyphs, dropped content) into errors."""
    typography: bool = True
    """Apply language-aware typography (quotes, dashes, no-break spaces)."""
    soft_hyphens: bool = False
    """Insert U+00AD into EPUB text for readers that ignore CSS hyphenation."""
    font_family: str | None = None
    """Another body font family (bundled name or folder of TTF files); None = Noto Serif."""
    profile: str | None = None
    """Device profile (kindle, kobo, pocketbook, onyx, ereader-6in, tablet, a4, a5); see profiles.py."""
    cover: bool = False
    """Generate a cover for a single article (bundles always get one)."""
    cover_image: str | None = None
    """Use this image file as the cover instead of a generated one."""
    embed_fonts: bool = False
    """Embed (subset) fonts in the EPUB."""
    no_embed_fonts: bool = False
    """Embed no fonts anywhere (the DOCX embeds subsets of its faces by default)."""
    writer_options: tuple[tuple[str, str], ...] = ()
    """Free-form options for third-party writers (``--writer-option key=value``)."""

    def writer_option(self, key: str, default: str = "") -> str:
        """A free-form writer option or ``default``."""
        for k, v in self.writer_options:
            if k == key:
                return v
        return default


@dataclass
class Context:
    """The state of one conversion: settings, collected diagnostics, the clock, the input folder.

    ``settings`` are the options resolved and checked once (``resolve_settings(options)`` when not
    given); built-in readers, transforms and writers read only them (``options`` stay for plugins).
    Writers take the time from ``now`` and never read the clock themselves, so the same
    input and options give the same output.
    """

    options: ConvertOptions = field(default_factory=ConvertOptions)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))
    base_dir: Path | None = None
    """Folder of the input file: relative image paths resolve here and nowhere else."""
    source_name: str = ""
    """How the input is named in messages (its path as the user gave it)."""
    images: ImageSource | None = None
    """Where images come from; None = files under ``base_dir`` (a fetched page's come through the fetcher)."""
    settings: Settings = None  # type: ignore[assignment]  # resolved from ``options`` in __post_init__
    """The resolved options (language, page, cover, fonts, typography…): what every built-in step reads."""

    def __post_init__(self) -> None:
        if self.settings is None:
            from .settings import resolve_settings

            self.settings = resolve_settings(self.options)
        elif self.options == ConvertOptions():
            self.options = self.settings.options  # built from settings alone: plugins still see the raw options
