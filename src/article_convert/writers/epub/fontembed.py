"""``--embed-fonts``: subsets of the faces a book uses (the ``--font-family`` choice or Noto Serif
for the body, Noto Sans for headings); the subsetting and its cache are shared with the DOCX
writer (``article_convert.fontsubset``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from ...fonts import FontFamily, body_family, heading_family
from ...fontsubset import subset

FONT_MEDIA_TYPE = "font/ttf"


@dataclass(frozen=True)
class EmbeddedFont:
    """One subset face in the book: CSS family/weight/style, flat file name and bytes."""

    family: str
    weight: str
    style: str
    file_name: str
    data: bytes

    def css(self) -> str:
        """Its ``@font-face`` rule (relative URL: the CSS and the font share a folder)."""
        return (
            f'@font-face {{\n  font-family: "{self.family}";\n  font-weight: {self.weight};\n'
            f'  font-style: {self.style};\n  src: url({self.file_name});\n}}\n'
        )


def used_faces(xhtml: Iterable[str], body: FontFamily | None = None) -> list[tuple[str, str, str, Path]]:
    """(family, weight, style, file) of the faces the pages need, judged from their markup;
    ``body`` is the ``--font-family`` choice (Noto Serif when None), headings stay Noto Sans."""
    text = "\n".join(xhtml)
    body, heading = body or body_family(), heading_family()
    bold = bool(re.search(r"<(strong|b)[ >]|class=\"(byline|question|speaker)", text))
    italic = bool(re.search(r"<(em|i|blockquote)[ >]|class=\"(lead|credit|image-alt|caption)", text))
    faces = [(body.name, "normal", "normal", body.regular)]
    if bold:
        faces.append((body.name, "bold", "normal", body.bold))
    if italic:
        faces.append((body.name, "normal", "italic", body.italic))
    if bold and italic:
        faces.append((body.name, "bold", "italic", body.bold_italic))
    if re.search(r"<h[1-6][ >]", text):
        faces.append((heading.name, "bold", "normal", heading.bold))
    if 'class="subtitle"' in text:
        faces.append((heading.name, "normal", "normal", heading.regular))
    unique: dict[tuple[str, str, str], tuple[str, str, str, Path]] = {}
    for face in faces:  # the body may be Noto Sans too: one rule per family, weight and style
        unique.setdefault(face[:3], face)
    return list(unique.values())


def text_codepoints(xhtml: Iterable[str]) -> frozenset[int]:
    """Every character shown in the pages (tags removed, entities decoded), plus ASCII for labels."""
    chars: set[int] = set(range(0x20, 0x7F))
    for page in xhtml:
        chars.update(ord(ch) for ch in unescape(re.sub(r"<[^>]*>", " ", page)) if ord(ch) >= 0x20)
    chars.update((0xA0, 0xAD, 0x2014, 0x2013, 0xAB, 0xBB, 0x201E, 0x201C, 0x2026))
    return frozenset(chars)


def embedded_fonts(xhtml: list[str], body: FontFamily | None = None) -> list[EmbeddedFont]:
    """The subset faces for these pages, in a fixed order (faces sharing a file share its name)."""
    codepoints = tuple(sorted(text_codepoints(xhtml)))
    names: dict[Path, str] = {}
    out = []
    for family, weight, style, path in used_faces(xhtml, body):
        name = names.setdefault(path, _book_file_name(path, set(names.values())))
        out.append(EmbeddedFont(family, weight, style, name, subset(str(path), codepoints)))
    return out


def _book_file_name(path: Path, taken: set[str]) -> str:
    """A flat ASCII ``.ttf`` name for ``path`` in the book, unlike any name in ``taken``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "font"
    name, n = f"{stem}.ttf", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.ttf"
    return name
