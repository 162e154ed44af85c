"""Per-character font fallback: text becomes reportlab markup that never draws an empty box.

reportlab draws a character its font lacks as nothing (or .notdef) without a word. Each run
of text is checked against the face it will really be set in (bold and italic included);
characters that face lacks are wrapped in ``<font name="DejaVu…">``, and characters no
bundled font has are drawn as a visible ``[U+XXXX]`` and reported, all in one ``glyph-missing``
warning when the document is laid out (``GlyphMapper.report_missing``): the PDF is the one format
drawn with these fonts alone, so this is where a missing glyph is a defect of the output.
"""

from __future__ import annotations

import re
import unicodedata

from ...diagnostics import Diagnostics
from ...xmlesc import escape
from .fonts import Face, FontSet, charset

# Invisible format characters reportlab would draw as .notdef: removed before drawing.
DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Control characters and odd spaces become a plain space.
for _cp in list(range(0x20)) + [0x7F, 0x2028, 0x2029]:
    DROP[_cp] = " "


_DROPPED = re.compile("[" + re.escape("".join(map(chr, DROP))) + "]")


def clean(text: str) -> str:
    """Text without soft hyphens, zero-width characters and control characters (most texts have
    none: found by a search in C before any per-character translation)."""
    return text.translate(DROP) if _DROPPED.search(text) else text


class GlyphMapper:
    """Turns plain text into escaped markup for a given face, with fallback and diagnostics."""

    def __init__(self, fonts: FontSet, diagnostics: Diagnostics) -> None:
        self.fonts = fonts
        self.diagnostics = diagnostics
        self._reported: set[tuple[str, str]] = set()
        self._missing: dict[str, dict[str, None]] = {}  # character -> where it was met, in order

    def markup(self, text: str, face: Face, bold: bool, where: str) -> str:
        """Escaped markup of ``text`` set in ``face``; ``bold`` picks the fallback's weight."""
        return "".join(escape(t) if name == face.name else f'<font name="{name}">{escape(t)}</font>'
                       for name, t in self.runs(text, face, bold, where))

    def runs(self, text: str, face: Face, bold: bool, where: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, text) runs: ``face`` where it has the glyphs, the fallback
        where it does not, ``[U+XXXX]`` in the fallback for what no font has (reported)."""
        text = clean(text)
        have = charset(face)
        if set(text) <= have:  # the common case: one run, no per-character work
            return [(face.name, text)] if text else []
        fallback = self.fonts.fallback.face(bold=bold)
        spare = charset(fallback)
        out: list[tuple[str, str]] = []
        run: list[str] = []
        run_kind = "main"
        for ch in text:
            kind = "main" if ch in have else "fallback" if ch in spare else "missing"
            if kind != run_kind and run:
                out.append(self._run("".join(run), run_kind, face, fallback))
                run = []
            run_kind = kind
            run.append(ch)
            if kind != "main":
                self._report(ch, kind, face, where)
        if run:
            out.append(self._run("".join(run), run_kind, face, fallback))
        return out

    def _run(self, text: str, kind: str, face: Face, fallback: Face) -> tuple[str, str]:
        if kind == "main":
            return face.name, text
        if kind == "fallback":
            return fallback.name, text
        return fallback.name, "".join(f"[U+{ord(ch):04X}]" for ch in text)

    def _report(self, ch: str, kind: str, face: Face, where: str) -> None:
        if kind == "missing":
            self._missing.setdefault(ch, {})[where or "running header"] = None
            return
        key = (ch, kind)
        if key in self._reported:
            return
        self._reported.add(key)
        label = f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"
        self.diagnostics.info("glyph-fallback", f"{label} is not in {face.path.name}; drawn with DejaVu Sans",
                              where=where)

    def report_missing(self) -> None:
        """One ``glyph-missing`` warning for every character drawn as ``[U+XXXX]`` (none: nothing)."""
        if not self._missing:
            return
        from ...glyphs import MissingGlyph, describe

        found = [MissingGlyph(ch, tuple(places), False) for ch, places in sorted(self._missing.items())]
        self.diagnostics.add(
            "glyph-missing",
            f"{len(found)} character(s) in no bundled font, drawn in the PDF as [U+XXXX]: {describe(found)}",
            where=next(iter(self._missing[found[0].char])),
        )
