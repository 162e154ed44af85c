"""Document-level settings: fonts, page size and margins, core properties (docProps/core.xml)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ...diagnostics import Diagnostics
from ...ir import Document
from ..common import stable_identifier
from .styles import Fonts
from .xml import TextCleaner

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from ...profiles import PageGeometry

EMU_PER_MM = 36000
CORE_TEXT_LIMIT = 255
"""python-docx refuses longer core-property strings."""

def choose_fonts(font_family: str | None, diagnostics: Diagnostics) -> Fonts:
    """The font families: Noto by default, or the family named by ``--font-family`` (``Settings.font_family``)."""
    choice = (font_family or "").strip()
    if not choice:
        return Fonts()
    path = Path(choice)
    if path.exists():
        name = _family_name(path)
        if name is None:
            diagnostics.add("font-unknown", f"no TrueType font found in {choice!r}; using Noto Serif")
            return Fonts()
        return Fonts(body=name)
    return Fonts(body=choice)


def _family_name(path: Path) -> str | None:
    """The family name (name table id 1) of a TTF file or the first TTF in a folder."""
    files = sorted(path.glob("*.[tT][tT][fF]")) if path.is_dir() else [path]
    if not files:
        return None
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(files[0]), lazy=True) as font:
            return str(font["name"].getDebugName(1) or "") or None
    except Exception:  # noqa: BLE001 - an unreadable font falls back with a diagnostic
        return None


def set_page(document: DocxDocument, page: PageGeometry) -> tuple[int, int]:
    """Page size, margins and base font size of the settings' page (``--profile``, else ``--paper``,
    one table in ``profiles``); returns the text area (width, height) in EMU."""
    from docx.shared import Mm

    top, right, bottom, left = page.margins_mm
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = section.footer_distance = Mm(min(top, bottom) / 2)
    scale_font_sizes(document, page.base_pt / 11.0)
    text_w = int((page.width_mm - left - right) * EMU_PER_MM)
    text_h = int((page.height_mm - top - bottom) * EMU_PER_MM)
    return text_w, text_h


def scale_font_sizes(document: DocxDocument, factor: float) -> None:
    """Multiply every font size in styles.xml (defaults and styles; the template is 11 pt based)."""
    if abs(factor - 1.0) < 1e-6:
        return
    from docx.oxml.ns import qn

    root = document.styles.element
    for tag in ("w:sz", "w:szCs"):
        for node in root.iter(qn(tag)):
            value = node.get(qn("w:val"))
            if value and value.isdigit():
                node.set(qn("w:val"), str(max(2, round(int(value) * factor))))


def _short(text: str, clean: TextCleaner) -> str:
    """A core-property string: cleaned, on one line, at most 255 characters."""
    text = " ".join(clean(text).split())
    if len(text) > CORE_TEXT_LIMIT:
        text = text[: CORE_TEXT_LIMIT - 1].rstrip() + "…"
    return text


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def subject_of(doc: Document) -> str:
    """dc:subject: the rubric (or section/category) when known, else the keywords; never the lead,
    which is a description (calibre and file managers show the subject as tags)."""
    meta = doc.meta
    if meta.section.strip():
        return meta.section.strip()
    for key in ("rubric", "section", "category"):
        value = meta.extra_value(key).strip()
        if value:
            return value
    return ", ".join(k.strip() for k in meta.keywords if k.strip())


def set_core_properties(
    document: DocxDocument, doc: Document, locale: str, now: datetime, clean: TextCleaner
) -> None:
    """Every core property from the Document and ``now``; nothing left from any template."""
    meta = doc.meta
    props = document.core_properties
    props.title = _short(meta.title, clean)
    props.author = _short(meta.byline, clean)
    props.subject = _short(subject_of(doc), clean)
    props.comments = _short(meta.lead, clean)
    props.keywords = _short(", ".join(meta.keywords), clean)
    props.category = _short(meta.section or meta.extra_value("category"), clean)
    props.language = locale
    props.identifier = _short(stable_identifier(doc), clean)
    props.last_modified_by = "article-convert"
    props.revision = 1
    stamp = utc(now).replace(microsecond=0)
    props.created = stamp
    props.modified = stamp
