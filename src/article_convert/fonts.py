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


def style_name(bold: bool = False, italic: bool = False) -> str:
    """The face a weight and slant call for: regular, bold, italic or bolditalic."""
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


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
        return self.faces()[style_name(bold, italic)]

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
    """The code points a font file maps to glyphs (once per process; kept in the user cache,
    since importing fontTools and reading a cmap costs ~50 ms at every start). Stored as a
    ``marshal``-ed frozenset: loading one costs ~0.2 ms, parsing the hex list it replaced ~0.7 ms,
    and a conversion checks four to six faces (issue 18)."""
    import marshal

    from .cache import file_key, read_cached, write_cached

    name = file_key(path, "cmap-v2") + ".marshal"
    cached = read_cached("cmap", name)
    if cached is not None:
        try:
            found = marshal.loads(cached)
        except (ValueError, EOFError, TypeError):
            found = None  # damaged: rebuild it below
        if type(found) is frozenset and all(type(cp) is int for cp in found):
            return found
    from fontTools.ttLib import TTFont  # imported lazily: fontTools is slow to import

    with TTFont(str(path), lazy=True) as font:
        codepoints = frozenset(font.getBestCmap() or {})
    write_cached("cmap", name, marshal.dumps(codepoints))
    return codepoints


# Characters that need no glyph: layout controls a renderer handles without drawing.
INVISIBLE = frozenset(
    {0x09, 0x0A, 0x0D, 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
)


def covers(path: Path, char: str) -> bool:
    """True when the font at ``path`` can draw ``char`` (invisible controls always count)."""
    cp = ord(char)
    return cp in INVISIBLE or cp in cmap(path)


# --------------------------------------------------------------------------- --font-family

BUNDLED_FAMILIES = ("Noto Serif", "Noto Sans", "DejaVu Sans")
STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class FaceInfo:
    """What a TTF file says about itself: family name, weight, slant, and why it is unusable."""

    path: Path
    family: str
    weight: int
    italic: bool
    problem: str = ""


def _bundled(spec: str) -> FontFamily | None:
    """The bundled family named ``spec`` (case, spaces and hyphens ignored), or None."""
    wanted = "".join(ch for ch in spec.lower() if ch.isalnum())
    table = {"notoserif": body_family, "notosans": heading_family, "dejavusans": fallback_family}
    make = table.get(wanted)
    return make() if make else None


def face_info(path: Path) -> FaceInfo:
    """Read family, weight and slant from the OS/2 and name tables (file name as a fallback)."""
    from fontTools.ttLib import TTFont, TTLibError

    stem = path.stem.lower()
    guess_italic = "italic" in stem or "oblique" in stem
    guess_weight = 700 if "bold" in stem and "semibold" not in stem else 400
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            if "fvar" in font:
                return FaceInfo(path, "", 400, False, "a variable font (reportlab draws only its default instance)")
            if "CFF " in font or "CFF2" in font:
                return FaceInfo(path, "", 400, False, "a CFF/PostScript-outline font (reportlab needs TrueType outlines)")
            name = font["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1) or path.stem)
            os2 = font.get("OS/2")
            weight = int(os2.usWeightClass) if os2 is not None else guess_weight
            italic = bool(os2.fsSelection & 1) if os2 is not None else guess_italic
            if os2 is not None and os2.fsSelection & 0x20:
                weight = max(weight, 700)
            return FaceInfo(path, family, weight, italic or guess_italic)
    except (TTLibError, OSError, KeyError, AssertionError) as exc:
        return FaceInfo(path, "", 400, False, f"not a readable TrueType font ({exc})")


def _pick(faces: list[FaceInfo], italic: bool, bold: bool) -> FaceInfo | None:
    """The face closest to the wanted weight (400 or 700) with the wanted slant."""
    target = 700 if bold else 400
    fitting = [f for f in faces if f.italic == italic and (f.weight >= 600) == bold]
    if not fitting:
        return None
    return min(fitting, key=lambda f: (abs(f.weight - target), f.path.name))


def _family_from_faces(faces: list[FaceInfo], where: Path) -> tuple[FontFamily, tuple[str, ...]]:
    """Assemble four faces (missing styles take the regular one) and say which were missing."""
    from .errors import UsageError

    by_family: dict[str, list[FaceInfo]] = {}
    for f in faces:
        by_family.setdefault(f.family, []).append(f)
    name, members = max(by_family.items(), key=lambda kv: (_pick(kv[1], False, False) is not None, len(kv[1])))
    regular = _pick(members, False, False)
    if regular is None:
        raise UsageError(f"{where}: no regular (upright, normal weight) face of {name!r} found")
    chosen = {s: _pick(members, s.endswith("italic"), s.startswith("bold")) for s in STYLES}
    missing = tuple(s for s in STYLES if chosen[s] is None)
    paths = {s: (f or regular).path for s, f in chosen.items()}
    key = "".join(ch for ch in name if ch.isascii() and ch.isalnum()) or "Custom"
    family = FontFamily(name, key, paths["regular"], paths["bold"], paths["italic"], paths["bolditalic"])
    return family, missing


def resolve_family(spec: str | None, diagnostics: object | None = None) -> FontFamily:
    """The family for ``--font-family``: a bundled name, a folder of TTF files, or one TTF file.

    Missing styles fall back to the regular face (an ``info`` diagnostic ``font-style-missing``
    when ``diagnostics`` is given); CFF ``.otf`` and variable fonts are refused with a UsageError.
    """
    from .errors import UsageError

    if not spec:
        return body_family()
    bundled = _bundled(spec)
    if bundled is not None:
        return bundled
    path = Path(spec).expanduser()
    if not path.exists():
        raise UsageError(
            f"font family {spec!r} not found: not a bundled family ({', '.join(BUNDLED_FAMILIES)}) "
            "and no such folder or file"
        )
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    otf = [p for p in files if p.suffix.lower() == ".otf"]
    infos = [face_info(p) for p in files if p.suffix.lower() in (".ttf", ".ttc")]
    usable = [f for f in infos if not f.problem]
    if not usable:
        reasons = [f"{f.path.name}: {f.problem}" for f in infos if f.problem]
        reasons += [f"{p.name}: a CFF .otf font (reportlab can only embed TrueType .ttf)" for p in otf]
        detail = "; ".join(reasons) if reasons else "no .ttf files"
        raise UsageError(f"{spec}: no usable TrueType font ({detail})")
    family, missing = _family_from_faces(usable, path)
    if missing and diagnostics is not None:
        diagnostics.info(  # type: ignore[attr-defined]
            "font-style-missing",
            f"{family.name}: no {', '.join(missing)} face; the regular face is used instead",
        )
    return family
