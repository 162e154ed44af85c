"""Read produced files back the way a person's software would, and return what a reader sees."""

from __future__ import annotations

import zipfile
from pathlib import Path


def epub_text(path: Path) -> str:
    """The text of every XHTML document of an EPUB, in spine order (nav excluded)."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(z.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        items = {i.get("id"): i for i in opf.iter("{*}item")}
        texts = []
        for ref in opf.iter("{*}itemref"):
            item = items[ref.get("idref")]
            if "nav" in (item.get("properties") or ""):
                continue
            doc = etree.fromstring(z.read(base + item.get("href")))
            body = doc.find("{http://www.w3.org/1999/xhtml}body")
            texts.append(_visible_text(body))
        return "\n".join(texts)


_XHTML_BLOCKS = {
    "p", "div", "section", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
    "figure", "figcaption", "pre", "header", "footer", "br", "hr", "nav", "dt", "dd", "table", "tr", "td", "th",
}


def _visible_text(element) -> str:  # type: ignore[no-untyped-def]
    """Text as a browser lays it out: inline elements run together, block elements on their own lines."""
    from lxml import etree

    parts: list[str] = []

    def walk(el) -> None:  # type: ignore[no-untyped-def]
        block = etree.QName(el).localname in _XHTML_BLOCKS
        if block:
            parts.append("\n")
        parts.append(el.text or "")
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        parts.append(el.tail or "")

    walk(element)
    return "".join(parts)


def docx_text(path: Path) -> str:
    """The text of a DOCX's paragraphs (tables included) and footnotes, in order."""
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" in z.namelist():
            from lxml import etree

            notes = etree.fromstring(z.read("word/footnotes.xml"))
            parts.append(" ".join(notes.itertext()))
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """The text layer of every page of a PDF (pypdf)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_fonts(path: Path) -> dict[str, bool]:
    """BaseFont name -> embedded? for every font used on any page (descendants included)."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for f in descendants:
                desc = f.get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else {}
                embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(font["/BaseFont"])] = embedded
    return found
