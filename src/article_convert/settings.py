"""Every option resolved and validated once, up front, into one frozen :class:`Settings`.

The command line (or the Python API) gives raw :class:`~article_convert.context.ConvertOptions`;
:func:`resolve_settings` turns them into typed settings before any input is read: the language
(forced or fallback), the page from one table (``--paper`` or ``--profile``), the cover, the
fonts, the typography switches and the checked ``-M`` pairs. A bad option is one
:class:`~article_convert.errors.UsageError` (exit 2) that names the option. Readers, transforms
and writers read ``ctx.settings``, never the raw options; nothing else falls back to a language.

Kept light on purpose (no reportlab, no fontTools unless a font folder is named): ``--help`` and
``-t json`` pay nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .context import ConvertOptions
from .errors import UsageError
from .languages import DEFAULT_LANGUAGE
from .profiles import PAPERS, PROFILES, PageGeometry, Profile, get_profile

if TYPE_CHECKING:
    from .fonts import FontFamily
    from .ir import Metadata


EXTRACT_MODES = ("auto", "article", "page")
"""``--extract``: the extractors' article (reader view), the page's article element whole, the whole page."""

DEFAULT_COVER_PX = (1600, 2560)
"""The generated cover's size without ``--profile``."""


@dataclass(frozen=True)
class CoverSettings:
    """Whether a single article gets a cover, the user's image for it, and its size in pixels."""

    wanted: bool = False
    image: Path | None = None
    size_px: tuple[int, int] = DEFAULT_COVER_PX


@dataclass(frozen=True)
class Settings:
    """The resolved, validated options of a conversion; picklable, so batch workers get it as is."""

    language: str | None = None
    """The language every document is forced to (``--lang``, normalised); None = each its own."""
    fallback_language: str | None = None
    """The language when a document names none and none can be detected (a bundle's ``--lang``)."""
    book_language: str | None = None
    """The language of a book of many articles (``bundle --lang``); None = the articles' majority."""
    encoding: str | None = None
    """The input encoding, canonical (``cp1251``); None = detect."""
    metadata: tuple[tuple[str, str], ...] = ()
    """``-M key=value`` overrides, checked (language and date values are valid)."""
    keep_boilerplate: bool = False
    keep_comments: bool = False
    extract: str = "auto"
    """``--extract``: what of a web page is read (one of :data:`EXTRACT_MODES`)."""
    strict: bool = False
    typography: bool = True
    soft_hyphens: bool = False
    paper: str = "a4"
    page: PageGeometry = PAPERS["a4"]
    """Page size, margins and base size for PDF and DOCX: from ``--profile`` if given, else ``--paper``."""
    profile: Profile | None = None
    font_family: str | None = None
    """``--font-family`` as given (a bundled name or a folder/file of TTFs); None = Noto Serif."""
    font: FontFamily | None = None
    """That family resolved once (its faces found and checked); None = Noto Serif."""
    font_notes: tuple[str, ...] = ()
    """What resolving it noticed (no italic face…): reported per document by the glyph check."""
    cover: CoverSettings = CoverSettings()
    embed_fonts: bool = False
    """Embed subset fonts in the EPUB."""
    no_embed_fonts: bool = False
    """Embed no fonts anywhere (the DOCX embeds subsets by default)."""
    writer_options: tuple[tuple[str, str], ...] = ()
    options: ConvertOptions = field(default_factory=ConvertOptions, repr=False)
    """The raw options these were resolved from: ``Context.options`` for third-party plugins only."""

    def body_family(self) -> FontFamily:
        """The body font family: ``--font-family`` resolved, else Noto Serif."""
        from .fonts import body_family

        return self.font if self.font is not None else body_family()

    @property
    def quirks(self) -> frozenset[str]:
        """The chosen device's reader quirks (empty without ``--profile``)."""
        return self.profile.quirks if self.profile is not None else frozenset()

    def language_of(self, meta: Metadata) -> str:
        """The language a writer uses for a document or article: its own tag, else the forced or
        fallback language, else :data:`DEFAULT_LANGUAGE`."""
        return meta.language or self.language or self.fallback_language or DEFAULT_LANGUAGE

    def writer_option(self, key: str, default: str = "") -> str:
        """A free-form writer option or ``default``."""
        for k, v in self.writer_options:
            if k == key:
                return v
        return default

    def with_writer_options(self, extra: tuple[tuple[str, str], ...]) -> Settings:
        """These settings with more writer options (``.fb2.zip`` is FB2 with ``zip=1``)."""
        if not extra:
            return self
        more = (*self.writer_options, *extra)
        return replace(self, writer_options=more, options=replace(self.options, writer_options=more))

    def for_articles(self) -> Settings:
        """The settings each article of a bundle is read with: ``--lang`` is the book's language and
        the fallback, never forced on an article (a Kazakh article stays ``kk``)."""
        forced = self.language
        return replace(self, language=None, fallback_language=forced or self.fallback_language,
                       book_language=forced or self.book_language)


def resolve_settings(options: ConvertOptions) -> Settings:
    """Check every option and resolve it; the first bad one is a UsageError naming it (exit 2)."""
    language = _language(options.lang)
    page, profile, paper = _page(options.paper, options.profile)
    font_family, font, font_notes = _font_family(options.font_family)
    return Settings(
        language=language,
        encoding=_encoding(options.encoding),
        metadata=_metadata(options.metadata),
        keep_boilerplate=options.keep_boilerplate,
        keep_comments=options.keep_comments,
        extract=_extract(options.extract),
        strict=options.strict,
        typography=options.typography,
        soft_hyphens=options.soft_hyphens,
        paper=paper,
        page=page,
        profile=profile,
        font_family=font_family,
        font=font,
        font_notes=font_notes,
        cover=_cover(options.cover, options.cover_image, profile),
        embed_fonts=options.embed_fonts and not options.no_embed_fonts,
        no_embed_fonts=options.no_embed_fonts,
        writer_options=_writer_options(options.writer_options),
        options=options,
    )


def _language(value: str | None) -> str | None:
    """``--lang``: a BCP 47 tag, normalised (``ru_RU`` -> ``ru-RU``); UsageError naming ``--lang``."""
    if value is None or not value.strip():
        if value is not None:
            raise UsageError("--lang: empty (give a BCP 47 tag such as ru, kk, sr-Cyrl)")
        return None
    from .language import normalize_language
    from .validate import language_problem

    problem = language_problem(value)
    if problem:
        raise UsageError(f"--lang {problem}")
    return normalize_language(value) or value.strip()


def _extract(value: str | None) -> str:
    """``--extract``: one of :data:`EXTRACT_MODES` (case-insensitive); UsageError naming the option."""
    mode = (value or "auto").strip().lower()
    if mode not in EXTRACT_MODES:
        raise UsageError(f"--extract {value!r}: unknown mode (choose {', '.join(EXTRACT_MODES)})")
    return mode


def _page(paper: str | None, profile_name: str | None) -> tuple[PageGeometry, Profile | None, str]:
    """The page from ``--profile`` if given, else from ``--paper``, both from ``profiles``' one table."""
    key = (paper or "a4").strip().lower()
    if key not in PAPERS:
        raise UsageError(f"--paper {paper!r}: unknown paper size (choose {', '.join(PAPERS)})")
    if profile_name is None:
        return PAPERS[key], None, key
    if profile_name.strip().lower() not in PROFILES:
        raise UsageError(f"--profile {profile_name!r}: unknown profile (choose {', '.join(PROFILES)})")
    profile = get_profile(profile_name.strip().lower())
    return profile.page, profile, key


def _encoding(value: str | None) -> str | None:
    """``--encoding``: Python's name for the label; UsageError if no codec has it."""
    if value is None:
        return None
    import codecs

    try:
        info = codecs.lookup(value.strip())
    except LookupError:
        raise UsageError(f"--encoding {value!r}: unknown encoding") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib: bytes-to-bytes codecs
        raise UsageError(f"--encoding {value!r}: not a text encoding")
    return info.name


def _metadata(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``-M`` pairs with their values checked (text, ``lang``, ``date``); UsageError naming the pair."""
    from .validate import metadata_value_problem

    for key, value in pairs:
        problem = metadata_value_problem(key, value)
        if problem:
            raise UsageError(f"-M {problem}")
    return pairs


def _writer_options(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``--writer-option`` pairs: text only (UTF-8, no control characters); UsageError naming the pair."""
    from .validate import text_problem

    for key, value in pairs:
        problem = text_problem(key, value)
        if problem:
            raise UsageError(f"--writer-option {problem}")
    return pairs


def _font_family(spec: str | None) -> tuple[str | None, FontFamily | None, tuple[str, ...]]:
    """``--font-family``: a bundled family or a folder/file of usable TrueType faces, resolved once;
    with what resolving it noticed (a face missing)."""
    if spec is None or not spec.strip():
        return None, None, ()
    from .diagnostics import Diagnostics
    from .fonts import resolve_family

    notes = Diagnostics()
    try:
        family = resolve_family(spec.strip(), notes)
    except UsageError as exc:
        raise UsageError(f"--font-family: {exc.message}") from None
    return spec.strip(), family, tuple(d.message for d in notes.items)


def _cover(wanted: bool, image: str | None, profile: Profile | None) -> CoverSettings:
    """``--cover`` / ``--cover-image``: the image must be a file (whether Pillow reads it is the writers' warning)."""
    size = profile.cover_px if profile is not None else DEFAULT_COVER_PX
    if not image:
        return CoverSettings(wanted, None, size)
    path = Path(image).expanduser()
    if not path.is_file():
        raise UsageError(f"--cover-image {image}: no such file")
    return CoverSettings(True, path, size)
