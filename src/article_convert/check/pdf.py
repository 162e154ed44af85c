"""PDF: opens, every font embedded, text extractable, no character drawn as .notdef."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def check(path: Path, problems: list[str], notes: list[str]) -> None:
    """Append the problems of one PDF file."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs ("EOF marker not found") through Python's last-resort handler,
    # as bare stderr lines beside ours; what matters reaches the FAIL line
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        pages = list(reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        problems.append(f"pypdf cannot open it: {exc}")
        return
    if not pages:
        problems.append("the PDF has no pages")
        return
    unembedded: set[str] = set()
    for number, page in enumerate(pages, start=1):
        fonts = page_fonts(page)
        for name, font in fonts.items():
            if not embedded(font):
                unembedded.add(name)
        _page_text(page, number, fonts, problems, notes)
    for name in sorted(unembedded):
        problems.append(f"font {name} is not embedded")
    notes.append(f"{len(pages)} pages")


def _page_text(page: Any, number: int, fonts: dict[str, Any], problems: list[str], notes: list[str]) -> None:
    text = page.extract_text() or ""
    if not text.strip():
        if fonts:
            problems.append(f"page {number}: no extractable text")
        else:
            notes.append(f"page {number}: no text (image only)")
        return
    if "\ufffd" in text and any(maps_to_replacement(f) for f in fonts.values()):
        notes.append(f"page {number}: contains U+FFFD REPLACEMENT CHARACTER (drawn as such, from the input)")
    elif "\ufffd" in text:
        problems.append(f"page {number}: text extracts with U+FFFD (a glyph without a Unicode mapping)")
    if "\x00" in text:
        problems.append(f"page {number}: a character is drawn with the .notdef glyph (missing from the font)")


_FFFD_DEST = re.compile(rb"<[0-9A-Fa-f]+>\s*<(?:00)?[Ff][Ff][Ff][Dd]>")


def maps_to_replacement(font: Any) -> bool:
    """True when the font's ToUnicode map sends a glyph to U+FFFD: the document really shows that
    character (an input that contained it), rather than a glyph nobody mapped."""
    for f in [font, *(d.get_object() for d in (font.get("/DescendantFonts") or []))]:
        cmap = f.get("/ToUnicode")
        if cmap is None:
            continue
        from pypdf.errors import PyPdfError

        try:
            data = cmap.get_object().get_data()
        except (PyPdfError, ValueError, OSError):  # a broken stream proves nothing either way
            data = b""
        if _FFFD_DEST.search(data):
            return True
    return False


def page_fonts(page: Any) -> dict[str, Any]:
    """BaseFont name -> font dictionary for every font a page uses (form XObjects included)."""
    found: dict[str, Any] = {}
    seen: list[Any] = []  # kept alive so that identity comparison stays meaningful
    stack = [page.get("/Resources")]
    while stack:
        res = stack.pop()
        res = res.get_object() if res is not None else None
        if not res or any(res is s for s in seen):
            continue
        seen.append(res)
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont", "?")).lstrip("/")] = font
        for xobj in (res.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                stack.append(xobj.get("/Resources"))
    return found


def embedded(font: Any) -> bool:
    """True for Type 3 fonts and for fonts whose descriptor carries a font file."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts") or []
        return bool(descendants) and all(embedded(d.get_object()) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in FONT_FILES)
