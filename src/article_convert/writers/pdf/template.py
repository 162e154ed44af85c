"""The page: frame, running header from page 2, page number in the footer, outline, metadata."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ...covers import CoverArt
from .bidi import shape, visual_runs
from .glyphs import GlyphMapper
from .linktags import install_link_hook
from .styles import MUTED_COLOR, RULE_COLOR, Geometry, Styles
from .tagging import Node, Tagger, install_bullet_hook, make_frame_class, tag


@contextmanager
def artifact(canv: Any, kind: str) -> Iterator[None]:
    """Draw page furniture as an /Artifact (of ``kind``: Pagination, Layout…) when tagging."""
    tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
    if tagger is None:
        yield
        return
    start = tagger.begin(canv, None, kind)
    try:
        yield
    finally:
        tagger.end(canv, None, start)


@dataclass(frozen=True)
class PdfInfo:
    """What goes into the PDF's Info dictionary and catalog."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str
    created: datetime


_LINE_BREAKS = re.compile(r"[ \t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")
Runs = list[tuple[str, str]]  # (reportlab font name, text) in drawing order


def _runs_width(runs: Runs, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(text, font, size) for font, text in runs)


def _truncate(runs: Runs, size: float, width: float, ellipsis_font: str) -> Runs:
    """``runs`` shortened with an ellipsis to fit ``width`` points."""
    if _runs_width(runs, size) <= width:
        return runs
    chars = [(font, ch) for font, text in runs for ch in text]
    tail = [(ellipsis_font, "…")]
    while chars and _runs_width(_join(chars) + tail, size) > width:
        chars = chars[: max(len(chars) - max(len(chars) // 8, 1), 0)]
    while chars and chars[-1][1] in " ,.:;—-":
        chars.pop()
    return _join(chars) + tail


def _join(chars: list[tuple[str, str]]) -> Runs:
    """Characters with their fonts -> runs of one font each (in linear time: adding each character
    to its run's string was quadratic in a run, and a 100,000-letter title is one run)."""
    import itertools

    return [(font, "".join(ch for _, ch in group)) for font, group in itertools.groupby(chars, key=lambda c: c[0])]


def draw_runs(canv: Any, runs: Runs, size: float, x: float, y: float, mode: int = 0) -> None:
    """Draw runs one after another from ``x`` on the baseline ``y``, each in its own font, as one
    text object (so extraction reads one line); ``mode`` 3 draws invisible text."""
    text = canv.beginText(x, y)
    if mode:
        text.setTextRenderMode(mode)
    for font, chunk in visual_runs(runs):  # right-to-left runs in display order (logical until here)
        text.setFont(font, size)
        text.textOut(chunk)
    canv.drawText(text)


def _make_doc_class() -> type:
    from reportlab.platypus import BaseDocTemplate

    class ArticleDocTemplate(BaseDocTemplate):  # type: ignore[misc, valid-type]
        """Adds an outline entry for every flowable tagged by the block renderer."""

        _ac_outline_last: int = -1  # the level of the last outline entry drawn
        _ac_pending: tuple[str, int] | None = None  # the mark of the flowable being placed

        def handle_flowable(self, flowables: list[Any]) -> None:
            # a tagged flowable split across pages (a title of one very long word) reaches
            # afterFlowable only as its first piece, which carries no mark of its own
            self._ac_pending = getattr(flowables[0], "_ac_outline", None) if flowables else None
            super().handle_flowable(flowables)

        def afterFlowable(self, flowable: Any) -> None:
            entry = getattr(flowable, "_ac_outline", None) or self._ac_pending
            self._ac_pending = None
            if entry is None:
                return
            text, level = entry
            level = min(level, self._ac_outline_last + 1)  # never a jump reportlab refuses
            self._ac_outline_last = level
            key = f"ac-outline-{self._ac_outline_count}"
            self._ac_outline_count += 1
            top = self.frame._y + flowable.getSpaceAfter() + flowable.height
            self.canv.bookmarkHorizontalAbsolute(key, top + 0.5 * getattr(flowable.style, "leading", 12))
            self.canv.addOutlineEntry(text, key, level=level, closed=False)

    return ArticleDocTemplate


def _canvas_maker(created: datetime, tagger: Tagger | None = None,
                  finish: Callable[[Any], None] | None = None) -> Any:
    """A Canvas class that stamps the document with ``created`` (from ctx.now, not the clock) and
    calls ``finish(canvas)`` after the last page is shown, before the document is written."""
    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfgen.canvas import Canvas

    moment = created.astimezone(timezone.utc) if created.tzinfo else created.replace(tzinfo=timezone.utc)

    class StampedCanvas(Canvas):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            stamp = TimeStamp(invariant=1)
            stamp.t = moment.timestamp()
            stamp.lt = moment.timetuple()
            stamp.YMDhms = tuple(stamp.lt)[:6]
            self._doc._timeStamp = stamp
            self._ac_tagger = tagger

        def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: float = 0, color: Any = None,
                    dashArray: Any = None, kind: str = "URI", **kw: Any) -> None:
            """A URI link with reportlab's defaults (how paragraphs make them) as a four-slot record
            that writes the same bytes (``records.UriLink``): 200,000 dictionaries took ~2.3 KB each."""
            if kind != "URI" or thickness or color is not None or dashArray or kw:
                return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
            from .records import UriLink

            self._addAnnotation(UriLink(tuple(self._absRect(rect, relative)), url))

        def save(self) -> None:
            if len(self._code):  # as Canvas.save: the last page first
                self.showPage()
            if finish is not None:
                finish(self)
            super().save()

    return StampedCanvas


class PageDecor:
    """Draws the running header (pages 2+) and the page number on every page."""

    def __init__(self, styles: Styles, title: str, glyphs: GlyphMapper) -> None:
        self.styles = styles
        self.geo: Geometry = styles.geo
        self.title = _LINE_BREAKS.sub(" ", title).strip()  # tabs, newlines: one line; no-break spaces stay
        self.glyphs = glyphs
        self._header_runs: Runs | None = None

    def _title_runs(self, style_name: str, bold: bool, text: str | None = None) -> Runs:
        """The title (or ``text``) in the style's face, with the fallback font for what that face lacks."""
        style = self.styles.get(style_name)
        face = next(f for fam in (self.styles.fonts.heading, self.styles.fonts.body)
                    for f in (fam.regular, fam.bold, fam.italic, fam.bold_italic) if f.name == style.fontName)
        return self.glyphs.runs(shape(self.title if text is None else text), face, bold, "running header")

    def cover(self, canv: Any, doc: Any) -> None:
        """The title as invisible text over the cover image (searchable, extractable, read aloud); for
        a document without a title the dash the cover shows (a page without text fails ``check``)."""
        style = self.styles.get("title")
        with artifact(canv, ""):  # the title again, over the cover picture: the H1 follows
            self._cover_title(canv, style)

    def _cover_title(self, canv: Any, style: Any) -> None:
        canv.saveState()
        runs = self._title_runs("title", True, self.title or "—")
        draw_runs(canv, runs, style.fontSize, self.geo.left, self.geo.height / 2, 3)
        canv.restoreState()

    def first(self, canv: Any, doc: Any) -> None:
        with artifact(canv, "Pagination"):
            self._footer(canv, doc)

    def later(self, canv: Any, doc: Any) -> None:
        with artifact(canv, "Pagination"):
            self._header(canv)
            self._footer(canv, doc)

    def _header(self, canv: Any) -> None:
        if not self.title:
            return
        geo, style = self.geo, self.styles.get("header")
        if self._header_runs is None:  # the same on every page: shortened once
            self._header_runs = _truncate(self._title_runs("header", False), style.fontSize, geo.frame_width,
                                          style.fontName)
        runs = self._header_runs
        y = geo.height - geo.top + 0.9 * style.fontSize * 2
        canv.saveState()
        canv.setFillColor(MUTED_COLOR)
        x = geo.left + (geo.frame_width - _runs_width(runs, style.fontSize)) / 2
        draw_runs(canv, runs, style.fontSize, x, y)
        canv.setStrokeColor(RULE_COLOR)
        canv.setLineWidth(0.3)
        canv.line(geo.left, y - 0.5 * style.fontSize, geo.width - geo.right, y - 0.5 * style.fontSize)
        canv.restoreState()

    def _footer(self, canv: Any, doc: Any) -> None:
        geo, style = self.geo, self.styles.get("footer")
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(MUTED_COLOR)
        canv.drawCentredString(geo.left + geo.frame_width / 2, geo.bottom * 0.55, str(doc.page))
        canv.restoreState()


def _cover_flowables(cover: CoverArt, geo: Geometry) -> list[Any]:
    """The cover image scaled to fill the page (aspect kept, centred), then a page break."""
    from reportlab.platypus import Image, PageBreak

    scale = min(geo.width / cover.width, geo.height / cover.height) * 0.999
    image = Image(io.BytesIO(cover.data), cover.width * scale, cover.height * scale)
    image.hAlign = "CENTER"
    return [tag(image, None), PageBreak()]  # the cover is decoration: the title follows as H1


class _Sink:
    """Where reportlab saves the PDF: it writes the whole file in one call, kept as it is (a
    ``BytesIO`` copied it twice more; 200,000 links make a PDF of over 100 MB)."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data = data if not self.data else self.data + data
        return len(data)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams Flate-compressed without reportlab's ASCII85 layer while building (issue 18).

    ASCII85 makes the streams a quarter larger and costs time to encode (and made the former
    pikepdf re-save for tagging decode and re-compress every page). ``rl_config.useA85`` is
    process-wide: restored after."""
    from reportlab import rl_config

    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def build_pdf(flowables: list[Any], styles: Styles, info: PdfInfo, glyphs: GlyphMapper,
              cover: CoverArt | None = None, root: Node | None = None) -> bytes:
    """Lay the flowables out on pages (after a full-page cover, if any) and return the PDF's bytes;
    with ``root`` (the structure tree the flowables are tagged with) the PDF is a tagged PDF."""
    from reportlab.platypus import PageTemplate

    from .flate import install as install_flate
    from .pdfformat import install as install_format

    install_flate()  # libdeflate for the Flate streams, when installed
    install_format()  # reportlab's object formatting, same bytes, fewer Python steps
    geo = styles.geo
    decor = PageDecor(styles, info.title, glyphs)
    tagger = Tagger(root) if root is not None else None
    if tagger is not None:
        install_bullet_hook()
        install_link_hook()
    frame_class = make_frame_class()
    frame = frame_class(geo.left, geo.bottom, geo.frame_width, geo.frame_height, id="body",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    buf = _Sink()
    doc = _make_doc_class()(
        buf,
        pagesize=(geo.width, geo.height),
        leftMargin=geo.left, rightMargin=geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
        title=info.title, author=info.author, subject=info.subject, keywords=list(info.keywords),
        creator="article-convert", lang=info.lang, displayDocTitle=True, invariant=1,
        initialFontName=styles.fonts.body.regular.name, initialFontSize=styles.size,
        initialLeading=styles.get("body").leading,
    )
    doc._ac_outline_count = 0
    doc._ac_outline_last = -1
    templates = [
        PageTemplate(id="first", frames=[frame], onPage=decor.first, autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[frame], onPage=decor.later),
    ]
    if cover is not None:
        whole = frame_class(0, 0, geo.width, geo.height, id="cover", leftPadding=0, rightPadding=0, topPadding=0,
                            bottomPadding=0)
        templates.insert(0, PageTemplate(id="cover", frames=[whole], onPage=decor.cover,
                                         autoNextPageTemplate="first"))
        flowables = _cover_flowables(cover, geo) + flowables
    doc.addPageTemplates(templates)
    finish = None
    if tagger is not None:
        from .structure import write_structure

        def finish(canv: Any) -> None:
            write_structure(canv, tagger, info.title, info.author, info.lang, info.subject, info.created)

    with _binary_streams():
        doc.build(flowables, canvasmaker=_canvas_maker(info.created, tagger, finish))
    return buf.data
