"""A generated cover: title, subtitle/source and date on white, high contrast for e-ink screens.

Drawn with Pillow in the bundled fonts (Noto Sans Bold for the title, Noto Serif for the rest,
DejaVu Sans per character where Noto lacks a glyph). The title is word-wrapped and shrinks until
it fits; a word too long for the line is split with a hyphen. Same arguments -> same bytes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fonts import body_family, covers, fallback_family, heading_family

BLACK = (0, 0, 0)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class _Face:
    """A font file with the fallback used for characters it lacks, at one pixel size."""

    path: Path
    size: int

    def runs(self, text: str) -> list[tuple[Any, str]]:
        """``text`` cut into (Pillow font, run) pieces: main font where it covers, else fallback."""
        out: list[tuple[Any, str]] = []
        for ch in text:
            path = self.path if covers(self.path, ch) else fallback_family().face(bold=True)
            font = _font(str(path), self.size)
            if out and out[-1][0] is font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def width(self, text: str) -> float:
        """Advance width of ``text`` in pixels."""
        return sum(font.getlength(run) for font, run in self.runs(text))

    def draw(self, draw: Any, xy: tuple[float, float], text: str, fill: tuple[int, int, int]) -> None:
        """Draw ``text`` with its baseline-relative top at ``xy``."""
        x, y = xy
        for font, run in self.runs(text):
            draw.text((x, y), run, font=font, fill=fill)
            x += font.getlength(run)


@functools.cache
def _font(path: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _split_word(face: _Face, word: str, width: float) -> list[str]:
    """Pieces of a word too long for a line, each ending in a hyphen except the last."""
    pieces: list[str] = []
    rest = word
    while face.width(rest) > width and len(rest) > 2:
        cut = 2
        while cut < len(rest) - 1 and face.width(rest[: cut + 1] + "-") <= width:
            cut += 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    return pieces + [rest]


def wrap(face: _Face, text: str, width: float, split_words: bool) -> list[str] | None:
    """Lines of ``text`` no wider than ``width``; None when a word does not fit and may not be split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        parts = [word]
        if face.width(word) > width:
            if not split_words:
                return None
            parts = _split_word(face, word, width)
        for part in parts:
            candidate = f"{line} {part}" if line else part
            if line and face.width(candidate) > width:
                lines.append(line)
                line = part
            else:
                line = candidate
    if line:
        lines.append(line)
    return lines


def fit(path: Path, text: str, width: float, height: float, start: int, floor: int = 10,
        leading: float = 1.18) -> tuple[_Face, list[str]]:
    """The largest size (<= ``start``) at which ``text`` wraps into the box, and its lines.

    Whole words are tried down to half the starting size; below that, over-long words are split.
    """
    for split_words, lowest in ((False, max(floor, start // 2)), (True, floor)):
        size = start
        while size >= lowest:
            face = _Face(path, size)
            lines = wrap(face, text, width, split_words)
            if lines is not None and len(lines) * size * leading <= height:
                return face, lines
            size = int(size * 0.92)
    face = _Face(path, floor)
    return face, wrap(face, text, width, True) or []


MAX_COVER_CHARS = 600
"""Characters of a title, subtitle or date line drawn on a cover (the rest ends in «…»; the whole
text stays in the book): fitting a 3,000-letter word took 11 s, 30,000 letters over two minutes."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_COVER_CHARS else text[: MAX_COVER_CHARS - 1].rstrip() + "…"


def render_cover(title: str, subtitle: str, date_text: str, *, size: tuple[int, int] = (1600, 2560),
                 fmt: str = "PNG") -> bytes:
    """A cover image (PNG or JPEG bytes) with the title, subtitle/source and date."""
    from PIL import Image, ImageDraw

    title, subtitle, date_text = _clip(title), _clip(subtitle), _clip(date_text)

    w, h = size
    margin = round(w * 0.08)
    img = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(img)
    band = round(h * 0.14)
    draw.rectangle((0, 0, w, band), fill=BLACK)
    inner = w - 2 * margin
    serif = body_family()
    if subtitle:
        face, lines = fit(serif.face(), subtitle, inner, band - 2 * round(h * 0.025), round(h * 0.035))
        _block(draw, face, lines, margin, (band - len(lines) * face.size * 1.18) / 2, WHITE)
    top, bottom = band + round(h * 0.07), h - round(h * 0.16)
    face, lines = fit(heading_family().face(bold=True), title or "—", inner, bottom - top, round(h * 0.08))
    _block(draw, face, lines, margin, top, BLACK)
    rule_y = h - round(h * 0.12)
    draw.rectangle((margin, rule_y, w - margin, rule_y + max(4, round(h * 0.006))), fill=BLACK)
    if date_text:
        face, lines = fit(serif.face(bold=True), date_text, inner, round(h * 0.07), round(h * 0.03))
        _block(draw, face, lines, margin, rule_y + round(h * 0.025), BLACK)
    out = io.BytesIO()
    if fmt.upper() in ("JPEG", "JPG"):
        img.save(out, "JPEG", quality=90, optimize=True)
    else:
        img.save(out, "PNG", optimize=True)
    return out.getvalue()


def _block(draw: Any, face: _Face, lines: list[str], x: float, y: float, fill: tuple[int, int, int]) -> None:
    for k, line in enumerate(lines):
        face.draw(draw, (x, y + k * face.size * 1.18), line, fill)
