"""The glyph-check transform: report, before any writer runs, characters no font can draw."""

from __future__ import annotations

from typing import ClassVar

from ..context import Context
from ..errors import StrictModeError
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
            message = f"{len(missing)} character(s) no font can draw (they would print as boxes): {describe(missing)}"
            ctx.diagnostics.add("glyph-missing", message)
            if ctx.settings.strict and not ctx.diagnostics.strict:
                raise StrictModeError(f"{message} [glyph-missing] (--strict)")
        return doc
