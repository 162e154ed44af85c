"""reportlab's TrueType faces without parsing the TrueType tables at every start (issue 18).

``TTFontFile.extractInfo`` costs ~50-100 ms per face in pure Python. What it extracts (metrics,
widths, cmap, glyph offsets) is kept in the per-user cache (``…/article-convert/reportlab``),
keyed by the font file (path, size, mtime), reportlab's version and this format's version, and
written with ``marshal`` (plain data only: a damaged file cannot run code). A record also holds the
SHA-256 of the font bytes: a changed font, a damaged or foreign record is parsed again, never used.
The font bytes themselves are read from the file (reportlab subsets from them when writing).
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

FORMAT = "rl-ttf-v1"
_NAME_MARK = "\x00ttfname"


def _state(face: Any) -> dict[str, Any]:
    """The face's parsed attributes as marshal-able data (name strings tagged, no bytes of the file)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    out: dict[str, Any] = {}
    for key, value in vars(face).items():
        if key in ("_ttf_data", "_pdfScale"):
            continue
        if isinstance(value, TTFNameBytes):
            value = (_NAME_MARK, bytes(value), value.ustr)
        out[key] = value
    return out


def _restore(face: Any, state: dict[str, Any]) -> None:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    for key, value in state.items():
        if isinstance(value, tuple) and len(value) == 3 and value[0] == _NAME_MARK:
            name = bytes.__new__(TTFNameBytes, value[1])
            name.ustr = value[2]
            value = name
        setattr(face, key, value)
    units = int(state["unitsPerEm"])
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)  # as extractInfo


def _cache_name(path: Path) -> str:
    import reportlab

    from ...cache import file_key

    return file_key(path, FORMAT, reportlab.Version) + ".marshal"


def load_face(path: Path) -> Any:
    """A ``TTFontFace`` for ``path``: from the cache when it is valid for these bytes, else parsed
    (and cached for the next process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace

    from ...cache import read_cached, write_cached

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    name = _cache_name(path)
    raw = read_cached("reportlab", name)
    if raw is not None:
        try:
            record = marshal.loads(raw)
            if isinstance(record, dict) and record.get("sha256") == digest and isinstance(record.get("state"), dict):
                face = TTFontFace.__new__(TTFontFace)
                pdfmetrics.TypeFace.__init__(face, None)
                _restore(face, record["state"])
                face._ttf_data = data
                face.filename = str(path)
                return face
        except (ValueError, EOFError, TypeError, KeyError, ZeroDivisionError):
            pass  # damaged or foreign: parse again below and overwrite it
    face = TTFontFace(str(path))
    try:
        write_cached("reportlab", name, marshal.dumps({"sha256": digest, "state": _state(face)}))
    except ValueError:
        pass  # a newer reportlab keeps something marshal cannot write: no cache, still correct
    return face


def make_lazy_ttfont(name: str, path: Path) -> Any:
    """A reportlab ``TTFont`` called ``name`` whose face is loaded (``load_face``) only when reportlab
    first measures or embeds it: a document registers ten faces and draws with four or five."""
    from reportlab.pdfbase.ttfonts import TTFont

    class LazyTTFont(TTFont):  # type: ignore[misc]
        """``face`` read on first use."""

        @property  # type: ignore[override]
        def face(self) -> Any:
            loaded = self.__dict__.get("_lazy_face")
            if loaded is None:
                loaded = self.__dict__["_lazy_face"] = load_face(path)
            return loaded

        @face.setter
        def face(self, value: Any) -> None:
            self.__dict__["_lazy_face"] = value

    font = make_ttfont(name, path, lazy=True)
    font.__class__ = LazyTTFont
    return font


def register_lazy(name: str, path: Path) -> Any:
    """Register ``make_lazy_ttfont(name, path)`` as ``pdfmetrics.registerFont`` does, without reading
    the face for its PostScript name (only used there to share one face between two names)."""
    from reportlab.pdfbase import pdfmetrics

    font = make_lazy_ttfont(name, path)
    if name not in pdfmetrics._fonts:
        pdfmetrics._fonts[name] = font
    pdfmetrics.registerFontFamily(name)  # as registerFont does for multi-byte fonts
    return pdfmetrics._fonts[name]


def make_ttfont(name: str, path: Path, lazy: bool = False) -> Any:
    """A reportlab ``TTFont`` called ``name`` whose face comes from ``load_face``; set up exactly as
    ``TTFont.__init__`` does (a test compares the two)."""
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, unShapedFontGlob

    font = TTFont.__new__(TTFont)
    font.fontName = name
    if not lazy:
        font.face = load_face(path)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    from fnmatch import fnmatch

    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font
