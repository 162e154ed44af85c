"""Assembling the EPUB with EbookLib: OPF metadata, items, EPUB 3 nav + EPUB 2 NCX, a reproducible zip.

Imported only when an EPUB is written (EbookLib and lxml cost ~50 ms to import).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ebooklib import epub

from ... import __version__
from ...context import Context
from ...covers import cover_for
from ...ir import Document
from ..common import stable_identifier
from . import hyphen
from .cover_page import COVER_FILE, add_cover
from .fontembed import FONT_MEDIA_TYPE, embedded_fonts
from .images import ImageStore
from .labels import is_w3cdtf, landmarks_title, toc_title
from .markup import TextCleaner, plain, valid_lang
from .render import RenderState, TocEntry, heading_levels
from .split import file_name, render_chunks
from .style import stylesheet
from .titlepage import book_title, title_block, xhtml_page

ARTICLE_FILE = "article.xhtml"
CSS_FILE = "style.css"
XHTML_MEDIA_TYPE = "application/xhtml+xml"

A11Y_SUMMARY = (
    "Text article with a title block, structured headings, a table of contents and a linear "
    "reading order; footnotes are linked both ways. No accessibility hazards."
)


def accessibility_summary(articles: int | None, has_images: bool, alt_missing: int) -> str:
    """schema:accessibilitySummary: the single-article text, or one describing a bundle of ``articles``."""
    if articles is None:
        return A11Y_SUMMARY
    noun = "article" if articles == 1 else "articles"
    if not has_images:
        kind = f"Text-only collection of {articles} {noun}"
    elif alt_missing == 0:
        kind = f"Collection of {articles} {noun} with images, each described by alternative text"
    else:
        kind = f"Collection of {articles} {noun} with images, {alt_missing} of them without alternative text"
    return (
        f"{kind}; each article has its own title block and structured headings, the table of contents "
        "lists sections and articles, and the reading order is linear; footnotes are linked both ways. "
        "No accessibility hazards."
    )


def document_language(doc: Document, ctx: Context) -> str:
    """The book language: the document's BCP 47 tag, or ``und`` (with a diagnostic if malformed)."""
    lang = doc.meta.language.strip()
    if valid_lang(lang):
        return lang
    if lang:
        ctx.diagnostics.add("language-invalid", f"language {lang!r} is not a BCP 47 tag; using 'und'")
    return "und"


class Page(epub.EpubHtml):
    """A content document whose XHTML we write ourselves (EbookLib would re-parse it as HTML)."""

    def __init__(self, **kwargs: Any) -> None:
        # stated, not guessed: EbookLib guesses a missing media type through ``mimetypes``, whose
        # first use reads the system's mime.types files (~2.5 ms of a cold start; issue 18)
        kwargs.setdefault("media_type", XHTML_MEDIA_TYPE)
        super().__init__(**kwargs)

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.content  # type: ignore[no-any-return]


def build_epub(doc: Document, ctx: Context) -> bytes:
    """The EPUB file of one article as bytes (same Document + ctx.now -> same bytes); a bundle goes to
    ``bundle_book.build_bundle_epub`` (the writer chooses, so neither module imports the other's caller)."""
    lang = document_language(doc, ctx)
    cleaner = TextCleaner()
    title = cleaner.clean(book_title(doc, "Untitled"))
    first_level = 2 if doc.meta.title.strip() else 1
    st = RenderState(
        ctx, cleaner, ImageStore(ctx), hyphenator_for(ctx, lang), heading_levels(doc.blocks, first_level)
    )
    chunks = render_chunks(title_block(doc.meta, st, lang), doc.blocks, st, lang)
    pages = [
        Page(
            uid="article" if n == 0 else f"article-{n + 1}",
            file_name=file_name(n),
            title=title,
            content=xhtml_page(title, lang, CSS_FILE, chunk.body),
        )
        for n, chunk in enumerate(chunks)
    ]
    toc = [(file_name(n), entry) for n, chunk in enumerate(chunks) for entry in chunk.toc]
    book = epub.EpubBook()
    set_metadata(book, doc, title, lang, cleaner)
    return assemble(book, doc, ctx, Assembly(lang, title, pages, _toc(title, toc), st.images, st.alt_missing),
                    cleaner)


@dataclass
class Assembly:
    """What a finished book needs besides metadata: its pages, TOC, images, and alt-text count."""

    lang: str
    title: str
    pages: list[Page]
    toc: list[object]
    images: ImageStore
    alt_missing: int
    nav_in_spine: bool = False
    articles: int | None = None
    """How many articles a bundle holds (None for a single article)."""
    front: list[Page] = field(default_factory=list)
    """Pages between the cover and the nav: a bundle's title page."""


def assemble(book: epub.EpubBook, doc: Document, ctx: Context, a: Assembly, cleaner: TextCleaner) -> bytes:
    """Stylesheet (with embedded fonts), pages, images, cover, nav + NCX, spine, guide -> the zip bytes."""
    quirks = ctx.settings.quirks
    family = ctx.settings.body_family()  # resolved once, with the settings
    pages = [p.content.decode("utf-8") for p in a.front + a.pages]
    fonts = embedded_fonts(pages, family) if ctx.settings.embed_fonts else []
    css = book.add_item(epub.EpubItem(
        uid="style", file_name=CSS_FILE, media_type="text/css",
        content=stylesheet(quirks, "".join(f.css() for f in fonts), family.name),
    ))
    font_files = {f.file_name: f.data for f in fonts}  # two faces may share a file (no italic face)
    for n, (name, data) in enumerate(font_files.items(), 1):
        book.add_item(epub.EpubItem(uid=f"font{n}", file_name=name, media_type=FONT_MEDIA_TYPE, content=data))
    for page in a.front + a.pages:
        book.add_item(page)
    for n, image in enumerate(a.images.images.values(), 1):
        book.add_item(epub.EpubImage(uid=f"img{n}", file_name=image.file_name, media_type=image.media_type,
                                     content=image.data))
    art = cover_for(doc, ctx)
    cover = add_cover(book, Page, art, a.title, a.lang, CSS_FILE, "full-cover" in quirks) if art else None
    nav = epub.EpubNav(title=toc_title(a.lang))
    nav.add_item(css)
    book.add_item(epub.EpubNcx())
    book.add_item(nav)
    book.toc = a.toc
    book.spine = ([cover] if cover else []) + a.front + (["nav"] if a.nav_in_spine else []) + a.pages  # type: ignore[operator]
    book.guide = ([{"type": "cover", "href": COVER_FILE, "title": a.title}] if cover else []) + [
        {"type": "text", "href": a.pages[0].file_name, "title": a.title}
    ]
    summary = accessibility_summary(a.articles, bool(a.images.images), a.alt_missing)
    _set_accessibility(book, bool(a.images.images) or cover is not None, a.alt_missing, summary)
    if cleaner.removed:
        ctx.diagnostics.add(
            "xml-illegal-char",
            f"removed {cleaner.removed} character(s) XML cannot carry ({', '.join(sorted(cleaner.samples))})",
        )
    return _write(book, ctx.now, landmarks_title(a.lang), scrub_comments="kindle" in quirks)


def hyphenator_for(ctx: Context, lang: str):  # type: ignore[no-untyped-def]
    """The soft-hyphen function when ``--soft-hyphens`` is on, else None."""
    if not ctx.settings.soft_hyphens:
        return None
    func, supported = hyphen.hyphenator(lang)
    if not supported:
        ctx.diagnostics.info("soft-hyphens-unavailable", f"no hyphenation patterns for {lang!r}")
    return func


def set_metadata(book: epub.EpubBook, doc: Document, title: str, lang: str, cleaner: TextCleaner) -> None:
    """Dublin Core: identifier, title, language, creators, publisher, date, description, subjects."""
    meta = doc.meta

    def clean(text: str) -> str:
        return plain(cleaner.clean(text))

    book.set_identifier(clean(stable_identifier(doc)))
    book.set_title(title)
    book.set_language(lang)
    for n, author in enumerate((a for a in meta.authors if a.strip()), 1):
        book.add_author(clean(author.strip()), uid=f"creator{n}", role="aut")
    if meta.source.strip():
        book.add_metadata("DC", "publisher", clean(meta.source.strip()))
    if meta.date.strip() and is_w3cdtf(meta.date.strip()):
        book.add_metadata("DC", "date", meta.date.strip())
    if meta.lead.strip():
        book.add_metadata("DC", "description", clean(" ".join(meta.lead.split())))
    for keyword in dict.fromkeys(k.strip() for k in (meta.section, *meta.keywords) if k.strip()):
        book.add_metadata("DC", "subject", clean(keyword))
    rights = meta.extra_value("rights").strip()
    if rights:
        book.add_metadata("DC", "rights", clean(rights))
    book.set_unique_metadata(
        "OPF", "generator", "", {"name": "generator", "content": f"article-convert {__version__}"}
    )


def _set_accessibility(book: epub.EpubBook, has_images: bool, alt_missing: int, summary: str) -> None:
    """schema.org accessibility metadata: textual, navigable, no hazards, and ``summary``."""
    modes = ["textual", "visual"] if has_images else ["textual"]
    sufficient = "textual" if not has_images or alt_missing == 0 else "textual,visual"
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if has_images and alt_missing == 0:
        features.append("alternativeText")
    pairs = [("schema:accessMode", m) for m in modes] + [("schema:accessModeSufficient", sufficient)]
    pairs += [("schema:accessibilityFeature", f) for f in features]
    pairs += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    for prop, value in pairs:
        book.add_metadata(None, "meta", value, {"property": prop})


def _toc(title: str, entries: list[tuple[str, TocEntry]]) -> list[object]:
    """The article as the one top entry, its headings nested below it by level."""
    top = epub.Link(ARTICLE_FILE, title, "toc-title")
    if not entries:
        return [top]
    root: list[list[object]] = []
    stack: list[tuple[int, list[list[object]]]] = [(0, root)]
    for href, entry in entries:
        node: list[object] = [epub.Link(f"{href}#{entry.anchor}", entry.text, f"toc-{entry.anchor}"), []]
        while stack[-1][0] >= entry.level:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((entry.level, node[1]))  # type: ignore[arg-type]
    return [(top, _finish(root))]


def _finish(nodes: list[list[object]]) -> list[object]:
    return [n[0] if not n[1] else (n[0], _finish(n[1])) for n in nodes]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- reproducible zip


_XML_SUFFIXES = (".xhtml", ".opf", ".ncx", ".xml")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)


def scrub_xml_comments(data: bytes | str) -> bytes | str:
    """``data`` without XML comments (Send to Kindle rejects files with ``--`` inside a comment)."""
    if isinstance(data, str):
        return _COMMENT.sub(b"", data.encode("utf-8")).decode("utf-8")
    return _COMMENT.sub(b"", data)


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one timestamp and Unix attributes (no clock, no host OS)."""

    def __init__(
        self, *args: object, date_time: tuple[int, int, int, int, int, int], scrub_comments: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type, call-overload]
        self._date_time = date_time
        self._scrub = scrub_comments

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def, override]
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        if self._scrub and zinfo_or_arcname.filename.endswith(_XML_SUFFIXES):
            data = scrub_xml_comments(data)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


class _ReproducibleWriter(epub.EpubWriter):
    """EbookLib's writer with fixed zip timestamps taken from the document's clock."""

    def __init__(self, out: io.BytesIO, book: epub.EpubBook, mtime: datetime, landmarks: str,
                 scrub_comments: bool = False) -> None:
        super().__init__(out, book, {"mtime": mtime, "epub3_pages": False, "landmark_title": landmarks})
        self._scrub = scrub_comments
        self._date_time = (
            max(mtime.year, 1980),
            mtime.month,
            mtime.day,
            mtime.hour,
            mtime.minute,
            mtime.second,
        )

    def _write_opf_file(self, root):  # type: ignore[no-untyped-def]
        """The package document with ``xml:lang`` on ``<package>`` (Ace's epub-lang; EbookLib omits it)."""
        if self.book.language:
            root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)

    def write(self) -> None:
        self.out = _FixedTimeZip(
            self.file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=9, date_time=self._date_time,
            scrub_comments=self._scrub,
        )
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


def _write(book: epub.EpubBook, now: datetime, landmarks: str, scrub_comments: bool = False) -> bytes:
    """The zipped book; ``now`` (UTC) is dcterms:modified and every entry's timestamp."""
    mtime = now.astimezone(timezone.utc) if now.tzinfo else now
    buf = io.BytesIO()
    writer = _ReproducibleWriter(buf, book, mtime.replace(microsecond=0), landmarks, scrub_comments)
    writer.process()
    writer.write()
    return buf.getvalue()
