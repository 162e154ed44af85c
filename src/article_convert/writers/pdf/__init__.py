"""PDF writer (reportlab): a typeset article with embedded Noto fonts, hyphenation and an outline.

The work is split by job: ``fonts`` registers the faces, ``styles`` sets the page and the
paragraph styles, ``glyphs`` does per-character font fallback, ``inline``/``blocks``/``figures``/
``code`` turn the IR into flowables, ``render`` assembles the document and ``template`` lays it
out on pages. reportlab is imported only inside ``write``.
"""

from __future__ import annotations

from ...context import Context
from ...ir import Document
from ..common import locale_tag


def tagged(ctx: Context) -> bool:
    """Tagged PDF unless ``--writer-option tagged=0`` (for comparing, and for very old viewers)."""
    return ctx.settings.writer_option("tagged", "1") != "0"


class PdfWriter:
    """Writes a Document as a PDF with embedded fonts, hyphenated justified text and bookmarks."""

    name = "pdf"
    suffix = ".pdf"
    description = "PDF (A4/A5/Letter) typeset with Noto Serif/Sans, hyphenated, with outline and metadata"

    def write(self, doc: Document, ctx: Context) -> bytes:
        """The PDF's bytes; reproducible for the same Document, options and ``ctx.now``."""
        from .images import embedded_images_readable

        with embedded_images_readable():  # reportlab reads inline images when it parses a paragraph
            return self._write(doc, ctx)

    def _write(self, doc: Document, ctx: Context) -> bytes:
        from ...covers import cover_for
        from ...ir.book import is_bundle
        from .render import document_flowables, make_renderer
        from .template import PdfInfo, build_pdf

        lang = ctx.settings.language_of(doc.meta)
        renderer = make_renderer(ctx)
        if is_bundle(doc):
            from .bundle import bundle_flowables

            flowables = bundle_flowables(doc, renderer, lang)
        else:
            flowables = document_flowables(doc, renderer, lang)
        meta = doc.meta
        info = PdfInfo(
            title=meta.title,
            author=meta.byline,
            subject=meta.lead or meta.subtitle,
            keywords=tuple(k for k in (meta.section, *meta.keywords) if k),
            lang=locale_tag(lang),
            created=ctx.now,
        )
        data = build_pdf(flowables, renderer.styles, info, renderer.inlines.glyphs, cover=cover_for(doc, ctx),
                         root=renderer.parent if tagged(ctx) else None)
        renderer.inlines.glyphs.report_missing()  # after the build: the running header meets characters too
        return data
