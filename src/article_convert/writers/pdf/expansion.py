"""Micro-typography for justified lines, as pdfTeX's microtype: glyph expansion and a little tracking.

A justified line is filled by its word spaces and, within small limits either way, by setting
its glyphs a little wider or narrower (``EXPANSION``, drawn with ``Tz``) and its letters a
hair further apart or closer (``TRACKING``, drawn with ``Tc``), so that word spaces stay near
their natural width. The line breaker counts this give as stretch and shrink of the boxes
(``give``), up to adjustment ratio 1 (past it only the word spaces stretch), and stores on each
line the scale and tracking it chose (``line_fit``). Here reportlab's two justified-line drawers
are wrapped: around such a line they set ``Tz``/``Tc`` and give reportlab the word space that
fills the measure with them (``Tz`` scales word and letter spacing too). While the line is
drawn, reportlab's own widths (where it puts links, underlines, notes and inline images) are
those of the scaled, tracked text, so they still sit on their words.
"""

from __future__ import annotations

from typing import Any

EXPANSION = 0.025  # the most a line's glyphs are widened or narrowed (InDesign's usual 97–103 %; microtype: 2 %)
TRACKING = 0.0075  # the most letters are spaced apart, in ems (0.08 pt at 11 pt)
TRACK_SHRINK = 0.0075  # the most letters are brought closer, in ems
STEP = 0.0025  # scales are rounded to this (fewer distinct Tz values; pdfTeX's expansion steps too)


def give(width: float, chars: int, size: float) -> tuple[float, float]:
    """(stretch, shrink) of a run of ``chars`` characters, ``width`` wide in a ``size`` font."""
    return EXPANSION * width + TRACKING * size * chars, EXPANSION * width + TRACK_SHRINK * size * chars


def line_fit(ratio: float, size: float) -> tuple[float, float]:
    """(horizontal scale, letter spacing in points) of a line set at adjustment ratio ``ratio``."""
    r = max(-1.0, min(1.0, ratio))
    return 1.0 + round(r * EXPANSION / STEP) * STEP, round((r * TRACKING if r > 0 else r * TRACK_SHRINK) * size, 3)


class ScaledWords(list[str]):
    """The words of a one-style line (reportlab's kind-0 line), with how to draw them."""

    __slots__ = ("natural", "scale", "track")

    def __init__(self, words: list[str], scale: float, track: float, natural: float) -> None:
        super().__init__(words)
        self.scale, self.track, self.natural = scale, track, natural


def _filled_extra(extra: float, natural: float, scale: float, track: float, chars: int) -> float:
    """The extra space that, drawn at ``scale`` with ``track`` after each of ``chars`` characters
    but the last, fills the same measure as ``extra`` does plainly."""
    return (natural + extra) / scale - natural - track * max(chars - 1, 0)


class _Fitted:
    """Within one line: ``Tz``/``Tc`` set, and the canvas's widths and word space as drawn."""

    def __init__(self, tx: Any, scale: float, track: float) -> None:
        self.tx, self.scale, self.track = tx, scale, track

    def __enter__(self) -> None:
        tx, scale, track = self.tx, self.scale, self.track
        canvas = tx._canvas
        width = canvas.stringWidth
        set_word_space = tx.setWordSpace
        if scale != 1.0:
            tx.setHorizScale(100.0 * scale)
        if track:
            tx.setCharSpace(track)

        def fitted_width(text: str, font: str, size: float, *a: Any, **k: Any) -> float:
            return (float(width(text, font, size, *a, **k)) + track * len(text)) * scale

        def word_space(ws: float) -> None:
            set_word_space(ws)
            tx._wordSpace = ws * scale  # what reportlab adds per space to place links and lines

        canvas.stringWidth = fitted_width
        tx.setWordSpace = word_space

    def __exit__(self, *exc: object) -> None:
        tx = self.tx
        del tx._canvas.stringWidth
        del tx.setWordSpace
        if self.scale != 1.0:
            tx.setHorizScale(100.0)
        if self.track:
            tx.setCharSpace(0)


def _chars(line: Any) -> int:
    return sum(len(getattr(f, "text", "")) for f in line.words if not hasattr(f, "cbDefn"))


_PATCHED = False


def install_expansion_hook() -> None:
    """Wrap reportlab's justified-line drawers so fitted lines are drawn so (once per process)."""
    global _PATCHED
    if _PATCHED:
        return
    _PATCHED = True
    from reportlab.platypus import paragraph

    plain = paragraph._justifyDrawParaLine
    frags = paragraph._justifyDrawParaLineX

    def _justifyDrawParaLine(tx: Any, offset: Any, extraspace: Any, words: Any, last: Any = 0) -> Any:
        scale, track = getattr(words, "scale", 1.0), getattr(words, "track", 0.0)
        if scale == 1.0 and not track:
            return plain(tx, offset, extraspace, words, last)
        chars = sum(map(len, words)) + len(words) - 1
        with _Fitted(tx, scale, track):  # a fitted line is a full line, even the last one (it was shrunk)
            return plain(tx, offset, _filled_extra(extraspace, words.natural, scale, track, chars), words, 0)

    def _justifyDrawParaLineX(tx: Any, offset: Any, line: Any, last: Any = 0) -> Any:
        scale, track = getattr(line, "_ac_scale", 1.0), getattr(line, "_ac_track", 0.0)
        if scale == 1.0 and not track:
            return frags(tx, offset, line, last)
        extra, forced = line.extraSpace, line.lineBreak
        line.extraSpace = _filled_extra(extra, line.maxWidth - extra, scale, track, _chars(line))
        line.lineBreak = False  # a fitted line is a full line, even before a forced break (it was shrunk)
        try:
            with _Fitted(tx, scale, track):
                return frags(tx, offset, line, 0)
        finally:
            line.extraSpace, line.lineBreak = extra, forced

    paragraph._justifyDrawParaLine = _justifyDrawParaLine
    paragraph._justifyDrawParaLineX = _justifyDrawParaLineX
