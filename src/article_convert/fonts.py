"""The bundled font families, where their files are, and which characters they can draw."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

_PACKAGE_FONTS = Path(__file__).resolve().parent / "fonts"
_REPO_FONTS = Path(__file__).resolve().parents[2] / "fonts"


def fonts_dir() -> Path:
    """The folder holding the bundled TTF files (inside the wheel, or the repo's ``fonts/``)."""
    for candidate in (_PACKAGE_FONTS, _REPO_FONTS):
        if (candidate / "NotoSerif-Regular.ttf").is_file():
            return candidate
    raise FileNotFoundError(
        f"bundled fonts not found (looked in {_PACKAGE_FONTS} and {_REPO_FONTS}); reinstall article-convert"
    )


@dataclass(frozen=True)
class FontFamily:
    """Four faces of one family; ``key`` is a short ASCII name safe for PDF/CSS ids."""

    name: str
    key: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def face(self, bold: bool = False, italic: bool = False) -> Path:
        """The file of the face with the given weight and slant."""
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular

    def faces(self) -> dict[str, Path]:
        """Style name -> file, for registering all four faces."""
        return {
            "regular": self.regular,
            "bold": self.bold,
            "italic": self.italic,
            "bolditalic": self.bold_italic,
        }


def _family(name: str, key: str, stem: str) -> FontFamily:
    d = fonts_dir()
    return FontFamily(
        name,
        key,
        d / f"{stem}-Regular.ttf",
        d / f"{stem}-Bold.ttf",
        d / f"{stem}-Italic.ttf",
        d / f"{stem}-BoldItalic.ttf",
    )


@functools.cache
def body_family() -> FontFamily:
    """Noto Serif: the face for body text."""
    return _family("Noto Serif", "NotoSerif", "NotoSerif")


@functools.cache
def heading_family() -> FontFamily:
    """Noto Sans: headings, captions, page furniture."""
    return _family("Noto Sans", "NotoSans", "NotoSans")


@functools.cache
def fallback_family() -> FontFamily:
    """DejaVu Sans: drawn per character where the main family lacks a glyph (no italics)."""
    d = fonts_dir()
    return FontFamily(
        "DejaVu Sans",
        "DejaVuSans",
        d / "DejaVuSans.ttf",
        d / "DejaVuSans-Bold.ttf",
        d / "DejaVuSans.ttf",
        d / "DejaVuSans-Bold.ttf",
    )


@functools.cache
def cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (read once per process)."""
    from fontTools.ttLib import TTFont  # imported lazily: fontTools is slow to import

    with TTFont(str(path), lazy=True) as font:
        best = font.getBestCmap() or {}
        return frozenset(best)


# Characters that need no glyph: layout controls a renderer handles without drawing.
INVISIBLE = frozenset(
    {0x09, 0x0A, 0x0D, 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
)


def covers(path: Path, char: str) -> bool:
    """True when the font at ``path`` can draw ``char`` (invisible controls always count)."""
    cp = ord(char)
    return cp in INVISIBLE or cp in cmap(path)
