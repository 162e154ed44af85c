"""EPUB 3 writer (with an EPUB 2 NCX for older readers), built with EbookLib.

Cheap to import: EbookLib, lxml and Pillow are loaded only when a book is written.
Submodules: ``render`` (IR -> XHTML), ``titlepage`` (title block, page shell), ``book``
(one article; EbookLib assembly, metadata, reproducible zip), ``bundle_book`` (a book of many
articles, built on ``book``), ``style`` (CSS), ``images``, ``links``,
``hyphen`` (soft hyphens), ``labels`` (localised words), ``markup`` (escaping).
"""

from __future__ import annotations

from ...context import Context
from ...ir import Document


class EpubWriter:
    """Writes one article as an EPUB 3 book that EPUBCheck accepts without a single message."""

    name = "epub"
    suffix = ".epub"
    description = "EPUB 3 e-book (with EPUB 2 NCX), reflowable, hyphenated, validated with EPUBCheck"

    def write(self, doc: Document, ctx: Context) -> bytes:
        """The EPUB file's bytes for ``doc`` (same Document + ctx.now -> identical bytes)."""
        from ...ir.book import is_bundle

        if is_bundle(doc):
            from .bundle_book import build_bundle_epub

            return build_bundle_epub(doc, ctx)
        from .book import build_epub

        return build_epub(doc, ctx)
