"""The glyph-check transform: report, before any writer runs, characters the bundled fonts lack.

Only the PDF is drawn with these fonts alone (a missing glyph prints as ``[U+XXXX]`` there, and the
PDF writer warns, ``glyph-missing``); e-readers, word processors and JSON consumers draw such
characters with fonts of their own, so here the finding is information, not a warning that would
fail ``--strict`` for an EPUB of a page quoting Japanese.
"""

from __future__ import annotations

from typing import ClassVar

from ..context import Context
from ..ir import Document


class GlyphCheck:
    """Check every character against the chosen family and the fallback; never changes the document."""

    name: ClassVar[str] = "glyph-check"
    description: ClassVar[str] = "report characters the fonts cannot draw (U+XXXX, name, where)"
    order: ClassVar[int] = 90

    def apply(self, doc: Document, ctx: Context) -> Document:
        """Add ``glyph-missing`` (warning) and ``glyph-fallback`` (info) diagnostics; return ``doc``."""
        from .. import fonts
        from ..glyphs import coverage_report, describe

        family = ctx.settings.body_family()  # resolved once, with the settings
        for note in ctx.settings.font_notes:
            ctx.diagnostics.info("font-style-missing", note)
        report = coverage_report(doc, family, fonts.fallback_family())
        drawn = [g for g in report if g.fallback]
        missing = [g for g in report if not g.fallback]
        if drawn:
            ctx.diagnostics.info(
                "glyph-fallback",
                f"{len(drawn)} character(s) not in {family.name}, drawn with "
                f"{fonts.fallback_family().name}: {describe(drawn)}",
            )
        if missing:
            ctx.diagnostics.info(
                "glyph-missing",
                f"{len(missing)} character(s) in no bundled font (a PDF draws them as [U+XXXX]; e-readers and "
                f"word processors use fonts of their own): {describe(missing)}",
            )
        return doc
