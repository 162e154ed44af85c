"""Page headers and footers of Word and OpenDocument files: not read into the article (they repeat
on every page), but their words are reported, so leaving them out is never silent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .ooxml import W

if TYPE_CHECKING:
    from ...context import Context
    from .docx_package import DocxPackage

_LETTER = re.compile(r"[^\W\d_]")
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODT_PARTS = ("header", "footer", "header-left", "footer-left", "header-first", "footer-first")


def docx_furniture(docx: DocxPackage) -> list[str]:
    """The text of each header and footer part the main document uses (field codes left out)."""
    texts = []
    for rel in docx.rels.values():
        if rel.type in ("header", "footer") and not rel.external and docx.pkg.has(rel.target):
            root = docx.pkg.xml(rel.target)
            texts.append(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")))
    return texts


def odt_furniture(roots: list[object]) -> list[str]:
    """The text of each header and footer of the master pages (styles.xml, or the flat file)."""
    texts = []
    for root in roots:
        for name in _ODT_PARTS:
            for el in root.iter(STYLE + name):  # type: ignore[attr-defined]
                texts.append(" ".join(el.itertext()))
    return texts


def report_furniture(texts: list[str], ctx: Context) -> None:
    """One warning for header/footer text with words in it (page numbers alone are not text)."""
    seen: list[str] = []
    for text in texts:
        text = " ".join(text.split())
        if _LETTER.search(text) and text not in seen:
            seen.append(text)
    if seen:
        words = sum(len(t.split()) for t in seen)
        first = seen[0] if len(seen[0]) <= 80 else seen[0][:79] + "…"
        ctx.diagnostics.add(
            "header-footer-dropped",
            f"left out {words} word(s) of page headers/footers ({len(seen)} distinct), the first: «{first}»",
        )
