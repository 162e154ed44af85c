"""ToUnicode maps that are right for characters beyond U+FFFF (emoji, rare CJK).

reportlab (checked on 4.x and 5.1) writes each ToUnicode entry as ``<%04X>``: U+1F600 becomes the
odd-length ``<1F600>``, which viewers and pypdf misread (text extracts as U+1F60 or nothing). The
PDF reference wants UTF-16BE, so a character above the BMP is a surrogate pair (``<D83DDE00>``).
This replaces ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap`` with a function that does so.
"""

from __future__ import annotations

import functools


def _utf16_hex(cp: int) -> str:
    """``cp`` as UTF-16BE in upper-case hex: four digits, or eight (a surrogate pair) above U+FFFF."""
    return f"{cp:04X}" if cp <= 0xFFFF else chr(cp).encode("utf-16-be").hex().upper()


_CODES = [f"<{i:02X}> <" for i in range(256)]  # a subset has at most 256 codes
_DESTINATIONS: dict[int, str] = {}  # code point -> its UTF-16BE hex and ">" (shared by every map)


def _destination(cp: int) -> str:
    found = _DESTINATIONS.get(cp)
    if found is None:
        found = _DESTINATIONS[cp] = _utf16_hex(cp) + ">"
    return found


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's CMap with UTF-16BE destination strings (each entry from two remembered pieces)."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(map(str.__add__, _CODES, map(_destination, subset)) if len(subset) <= len(_CODES)
          else (f"<{i:02X}> <{_destination(v)}" for i, v in enumerate(subset))),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


@functools.cache
def install() -> None:
    """Patch reportlab once per process."""
    from reportlab.pdfbase import ttfonts

    if not hasattr(ttfonts, "makeToUnicodeCMap"):
        raise RuntimeError("reportlab.pdfbase.ttfonts.makeToUnicodeCMap moved: update tounicode.py")
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
