"""What markup a file's first bytes show, for input no reader claims by extension (or a .txt):
a saved web page or our IR JSON is read by its own reader, RTF by LibreOffice, an FB2 book is
refused: never read as plain text with its tags (issue 9 item 27's class: ``.rtf`` read as text)."""

from __future__ import annotations

import re

_HEAD = 4096
_BOMS = (b"\xef\xbb\xbf",)
_XHTML = re.compile(rb"<(?:!doctype\s+html|html)[\s>]")


def markup_kind(data: bytes) -> str | None:
    """``html``, ``json`` (article-convert IR), ``rtf``, ``fb2`` or ``xml`` when the file starts as one; else None."""
    head = data[:_HEAD]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    head = head.lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"{") and b'"article-convert-ir"' in head:
        return "json"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"<?xml") or head.startswith(b"<fictionbook"):
        if _XHTML.search(head):
            return "html"
        return "fb2" if b"<fictionbook" in head else "xml"
    return None
