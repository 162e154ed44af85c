"""The faces the PDF uses, registered with reportlab once per process under unique names.

Body text is Noto Serif, headings and page furniture Noto Sans, DejaVu Sans draws the
characters those lack. Registered names carry an ``AC`` prefix so they never collide with
fonts another program registered in the same process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ... import fonts as bundled


@dataclass(frozen=True)
class Face:
    """One registered face: its reportlab name and the TTF file it came from."""

    name: str
    path: Path


@dataclass(frozen=True)
class Family:
    """A registered family: the reportlab name of each face (the regular one names the family)."""

    regular: Face
    bold: Face
    italic: Face
    bold_italic: Face

    def face(self, bold: bool = False, italic: bool = False) -> Face:
        """The face for a weight and slant."""
        faces = {"regular": self.regular, "bold": self.bold, "italic": self.italic, "bolditalic": self.bold_italic}
        return faces[bundled.style_name(bold, italic)]


@dataclass(frozen=True)
class FontSet:
    """The three families the writer draws with."""

    body: Family
    heading: Family
    fallback: Family


@functools.cache
def _register_family(family: bundled.FontFamily) -> Family:
    from reportlab.pdfbase import pdfmetrics

    from .tounicode import install
    from .ttfcache import register_lazy

    install()
    base = "AC" + family.key
    names = {"regular": base, "bold": base + "-Bold", "italic": base + "-Italic", "bolditalic": base + "-BoldItalic"}
    paths = family.faces()
    registered: dict[Path, str] = {}
    faces: dict[str, Face] = {}
    for style, path in paths.items():
        if path not in registered:  # DejaVu has no italics: one file, one name
            register_lazy(names[style], path)  # read (from the cache) when first drawn
            registered[path] = names[style]
        faces[style] = Face(registered[path], path)
    pdfmetrics.registerFontFamily(
        base,
        normal=faces["regular"].name,
        bold=faces["bold"].name,
        italic=faces["italic"].name,
        boldItalic=faces["bolditalic"].name,
    )
    return Family(faces["regular"], faces["bold"], faces["italic"], faces["bolditalic"])


@functools.cache
def font_set(body: bundled.FontFamily | None = None) -> FontSet:
    """Register the families (once per process each) and return them; ``body`` is the resolved
    ``--font-family`` (``Settings.font``), None for Noto Serif."""
    return FontSet(
        body=_register_family(body if body is not None else bundled.body_family()),
        heading=_register_family(bundled.heading_family()),
        fallback=_register_family(bundled.fallback_family()),
    )


def covers(face: Face, ch: str) -> bool:
    """True when ``face`` has a glyph for ``ch``."""
    return bundled.covers(face.path, ch)


@functools.cache
def charset(face: Face) -> frozenset[str]:
    """Every character ``face`` can draw, as strings (for fast set differences on whole texts)."""
    return frozenset(map(chr, bundled.cmap(face.path) | bundled.INVISIBLE))
