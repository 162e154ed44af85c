"""reportlab's TrueType faces without parsing the TrueType tables at every start (issue 18).

``TTFontFile.extractInfo`` costs ~50-100 ms per face in pure Python. What it extracts (metrics,
widths, cmap, glyph offsets) is kept in the per-user cache (``…/article-convert/reportlab``),
keyed by the font file (path, size, mtime), reportlab's version and this format's version, and
written with ``marshal`` (plain data only: a damaged file cannot run code). A record also holds the
size and CRC-32 of the font bytes: a changed font, a damaged or foreign record is parsed again,
never used. The font bytes themselves are read from the file (reportlab subsets from them).

Loading a record is made cheap (~3 -> ~1 ms a face in a cold process, issue 18): the two tables
reportlab reads while measuring and drawing (``charToGlyph``, ``charWidths``) are dictionaries as
before; the glyph offsets and horizontal metrics, read only when the subset is embedded, are typed
arrays (one ``frombytes`` instead of ~3,000 Python objects each); ``glyphToChar``, which only
reportlab's text shaping reads, stays marshalled bytes until first asked for.
"""

from __future__ import annotations

import functools
import marshal
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = "rl-ttf-v2"
_NAME_MARK = "\x00ttfname"
_TABLES = ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar")
_METRIC = "i"  # hmtx advance and left side bearing (uint16; reportlab reads the bearing unsigned)
_SCALED = "d"  # advances after the last full hmtx pair: reportlab keeps them scaled (float) when unitsPerEm != 1000
_OFFSET = "q"  # glyph offsets into 'glyf' (uint32)


class Metrics:
    """``TTFontFace.hmetrics`` over two typed arrays: ``metrics[glyph]`` is ``(advance, lsb)`` as in
    reportlab's list of tuples (the only way reportlab reads it: ``makeSubset``)."""

    __slots__ = ("advances", "bearings")

    def __init__(self, advances: array[Any], bearings: array[int]) -> None:
        self.advances, self.bearings = advances, bearings

    def __getitem__(self, glyph: int) -> tuple[Any, int]:
        return self.advances[glyph], self.bearings[glyph]

    def __len__(self) -> int:
        return len(self.advances)

    def __iter__(self) -> Iterator[tuple[Any, int]]:
        return zip(self.advances, self.bearings, strict=True)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Metrics)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


@functools.cache
def _face_class() -> type:
    """``TTFontFace`` whose ``glyphToChar`` is unmarshalled on first use (for shaping only)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):  # type: ignore[misc]
        """A face restored from the cache."""

        def __getattr__(self, name: str) -> Any:  # only for attributes not set on the instance
            state = self.__dict__
            packed = state.get("_packed_glyphToChar")
            if name != "glyphToChar" or packed is None:
                if name == "glyphToChar" and name in state:  # another thread unpacked it meanwhile
                    return state[name]
                raise AttributeError(name)
            value = state.setdefault(name, marshal.loads(packed))  # the first one unpacked wins
            state.pop("_packed_glyphToChar", None)
            return value

        def makeSubset(self, subset: list[int]) -> bytes:
            """reportlab's subset, byte for byte, faster (``subset.make_subset``)."""
            from .subset import make_subset

            return make_subset(self, subset)

    return CachedFace


def _record(face: Any, data: bytes) -> dict[str, Any]:
    """The face's parsed attributes as marshal-able data (name strings tagged, big tables packed)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    state: dict[str, Any] = {}
    for key, value in vars(face).items():
        if key in ("_ttf_data", "_pdfScale", *_TABLES):
            continue
        if isinstance(value, TTFNameBytes):
            value = (_NAME_MARK, bytes(value), value.ustr)
        state[key] = value
    return {
        "size": len(data), "crc32": zlib.crc32(data), "state": state,
        "charToGlyph": face.charToGlyph, "charWidths": face.charWidths,
        "advances": _pack([aw for aw, _ in face.hmetrics]),
        "bearings": array(_METRIC, [lsb for _, lsb in face.hmetrics]).tobytes(),
        "glyphPos": array(_OFFSET, face.glyphPos).tobytes(),
        # reportlab < 5 keeps no glyphToChar on the face: then neither does the restored one
        "glyphToChar": marshal.dumps(face.glyphToChar) if hasattr(face, "glyphToChar") else None,
    }


def _pack(values: list[Any]) -> tuple[str, bytes]:
    """Advances as a typed array: ints as ints, or all as doubles when reportlab left floats."""
    kind = _METRIC if all(type(v) is int for v in values) else _SCALED
    return kind, array(kind, values).tobytes()


def _typed(kind: str, raw: object) -> array[Any]:
    if not isinstance(raw, bytes):
        raise TypeError("not bytes")
    out = array(kind)
    out.frombytes(raw)  # ValueError unless a whole number of items
    return out


def _advances(packed: object) -> array[Any]:
    if not (isinstance(packed, tuple) and len(packed) == 2 and packed[0] in (_METRIC, _SCALED)):
        raise TypeError("advances of another shape")
    return _typed(packed[0], packed[1])


def _restore(record: dict[str, Any], data: bytes, path: Path) -> Any:
    """A face from ``record``; raises (ValueError, TypeError, KeyError…) when it does not fit."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    state = record["state"]
    c2g, widths = record["charToGlyph"], record["charWidths"]
    if not (isinstance(state, dict) and isinstance(c2g, dict) and isinstance(widths, dict)
            and isinstance(record["glyphToChar"], (bytes, type(None)))):
        raise TypeError("record of another shape")
    metrics = Metrics(_advances(record["advances"]), _typed(_METRIC, record["bearings"]))
    offsets = _typed(_OFFSET, record["glyphPos"])
    glyphs = int(state["numGlyphs"])
    if not len(metrics.bearings) == len(metrics) == glyphs == len(offsets) - 1:
        raise ValueError("tables of different lengths")
    cls: Any = _face_class()
    face = cls.__new__(cls)
    pdfmetrics.TypeFace.__init__(face, None)
    for key, value in state.items():
        if isinstance(value, tuple) and len(value) == 3 and value[0] == _NAME_MARK:
            name = bytes.__new__(TTFNameBytes, value[1])
            name.ustr = value[2]
            value = name
        setattr(face, key, value)
    face.charToGlyph, face.charWidths, face.hmetrics, face.glyphPos = c2g, widths, metrics, offsets
    if record["glyphToChar"] is not None:
        face._packed_glyphToChar = record["glyphToChar"]
    units = int(state["unitsPerEm"])
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)  # as extractInfo
    face._ttf_data = data
    face.filename = str(path)
    return face


def _cache_name(path: Path) -> str:
    import reportlab

    from ...cache import file_key

    return file_key(path, FORMAT, reportlab.Version) + ".marshal"


def load_face(path: Path) -> Any:
    """A ``TTFontFace`` for ``path``: from the cache when it is valid for these bytes, else parsed
    (and cached for the next process)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from ...cache import read_cached, write_cached

    data = path.read_bytes()
    name = _cache_name(path)
    raw = read_cached("reportlab", name)
    if raw is not None:
        try:
            record = marshal.loads(raw)
            if (isinstance(record, dict) and record.get("size") == len(data)
                    and record.get("crc32") == zlib.crc32(data)):
                return _restore(record, data, path)
        except (ValueError, EOFError, TypeError, KeyError, ZeroDivisionError, OverflowError):
            pass  # damaged or foreign: parse again below and overwrite it
    face = TTFontFace(str(path))
    try:
        write_cached("reportlab", name, marshal.dumps(_record(face, data)))
    except (ValueError, OverflowError, TypeError):
        pass  # a newer reportlab keeps something marshal (or a typed array) cannot hold: no cache
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
    from reportlab.pdfbase import ttfonts

    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    font.fontName = name
    if not lazy:
        font.face = load_face(path)
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    globs = getattr(ttfonts, "unShapedFontGlob", None)
    if globs is not None:  # a reportlab that shapes (5.x): its __init__ sets shapable, false without uharfbuzz
        from fnmatch import fnmatch

        font.shapable = bool(getattr(ttfonts, "uharfbuzz", None)) and not any(fnmatch(name, g) for g in globs)
    return font
