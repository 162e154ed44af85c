"""Our lean DOCX template: a few small XML parts instead of python-docx's 900 KB default.

python-docx's ``Document()`` parses a 438 KB styles.xml (~17 ms) and carries Letter paper,
en-US, a 2013 date and "python-docx" as author. Ours lives as readable XML files in
``template/``; styles.xml and fontTable.xml are generated (they depend on the fonts and the
document language). The zip is built in memory once per (fonts, language) and reused.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .styles import Fonts, font_table_xml, styles_xml

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"

# zip member name -> file in TEMPLATE_DIR
STATIC_PARTS: dict[str, str] = {
    "[Content_Types].xml": "content_types.xml",
    "_rels/.rels": "package.rels",
    "docProps/core.xml": "core.xml",
    "docProps/app.xml": "app.xml",
    "word/document.xml": "document.xml",
    "word/_rels/document.xml.rels": "document.xml.rels",
    "word/settings.xml": "settings.xml",
    "word/numbering.xml": "numbering.xml",
    "word/footer1.xml": "footer1.xml",
}


@functools.cache
def static_part(filename: str) -> bytes:
    """The bytes of one file of the template folder (read once per process)."""
    return (TEMPLATE_DIR / filename).read_bytes()


@functools.lru_cache(maxsize=16)
def template_bytes(fonts: Fonts, locale: str) -> bytes:
    """The template package as zip bytes, for these fonts and this document language."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for member, filename in STATIC_PARTS.items():
            zf.writestr(member, static_part(filename))
        zf.writestr("word/styles.xml", styles_xml(fonts, locale))
        zf.writestr("word/fontTable.xml", font_table_xml(fonts))
    return buffer.getvalue()


def open_template(fonts: Fonts, locale: str) -> DocxDocument:
    """A fresh python-docx Document loaded from our lean template."""
    import docx

    return docx.Document(io.BytesIO(template_bytes(fonts, locale)))
