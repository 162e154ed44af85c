"""The title block of one article in DOCX: rubric, title, secondary title, lead, byline with the date,
and the source line (publisher, address); and a bundle's own title page built of the same lines.

Shared by single articles (``render``) and the articles of a bundle (``bundle``), so neither of those
imports the other's helpers; the byline and date are ``common.dated_byline``, as in the PDF and FB2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ir import Link, Metadata, Text
from ..common import BYLINE_SEPARATOR, dated_byline, publisher_line, source_url
from .inlines import render_inlines
from .state import Story
from .xml import RunFormat, add_text_run, new_paragraph, sub

if TYPE_CHECKING:
    from lxml.etree import _Element


def render_head(body: _Element, meta: Metadata, story: Story) -> None:
    """Title, secondary title, lead and byline (with the date) and the source line above the body."""
    for p in head_paragraphs(meta, story, fields=("rubric", "title", "subtitle", "lead")):
        body.append(p)
    for p in byline_paragraphs(meta, story, RunFormat()):
        body.append(p)


def head_paragraphs(meta: Metadata, story: Story, fields: tuple[str, ...], fmt: RunFormat | None = None,
                    centred: bool = False) -> list[_Element]:
    """Paragraphs for the named title fields that are set (rubric, title, subtitle, lead)."""
    clean = story.shared.clean
    styles = {"rubric": ("Byline", meta.section), "title": ("Title", meta.title),
              "subtitle": ("SecondaryTitle", meta.subtitle), "lead": ("Subtitle", meta.lead)}
    out: list[_Element] = []
    for name in fields:
        style, text = styles[name]
        if text.strip():
            p = new_paragraph(style)
            if centred:
                sub(p[0], "jc", val="center")
            add_text_run(p, clean(text), fmt or RunFormat())
            out.append(p)
    return out


def byline_paragraphs(meta: Metadata, story: Story, fmt: RunFormat, centred: bool = False) -> list[_Element]:
    """The byline with the date, then the source line (publisher · linked address) when there is one."""
    clean = story.shared.clean
    out: list[_Element] = []
    byline = dated_byline(meta, story.lang or story.shared.doc_lang)
    publisher, url = publisher_line(meta), source_url(meta)
    if byline.strip():
        p = new_paragraph("Byline")
        if publisher or url:
            sub(p[0], "spacing", after="0")  # the source line below keeps the gap to the body
        if centred:
            sub(p[0], "jc", val="center")
        add_text_run(p, clean(byline), fmt)
        out.append(p)
    if publisher or url:
        p = new_paragraph("SourceLine")
        if centred:
            sub(p[0], "jc", val="center")
        if publisher:
            add_text_run(p, clean(publisher) + (BYLINE_SEPARATOR if url else ""), fmt)
        if url:
            render_inlines(p, (Link((Text(url),), url),), story, fmt)
        out.append(p)
    return out


def render_title_page(body: _Element, meta: Metadata, story: Story) -> bool:
    """A bundle's own title page: title, subtitle, lead, authors with the date, source line, centred on
    a page of its own (its own section, vertically centred); False when the book has none of them."""
    import copy

    from .xml import w

    paragraphs = head_paragraphs(meta, story, ("rubric", "title", "subtitle", "lead"), centred=True)
    paragraphs += byline_paragraphs(meta, story, RunFormat(), centred=True)
    if not paragraphs:
        return False
    spacing = sub(paragraphs[0][0], "spacing", before="1440")  # Word centres the page; others start lower
    paragraphs[0][0].remove(spacing)
    paragraphs[0][0].insert(1, spacing)  # after pStyle, before jc (schema order)
    for p in paragraphs:
        body.append(p)
    final = body.find(w("sectPr"))
    end = new_paragraph("Normal")
    if final is not None:  # a section of its own: same page, text centred vertically, next page after
        sect = copy.deepcopy(final)
        for child in list(sect):
            if child.tag in (w("headerReference"), w("footerReference")):
                sect.remove(child)
        _set_valign(sect)
        end[0].append(sect)
    else:
        sub(sub(end, "r"), "br", type="page")
    body.append(end)
    return True


_AFTER_VALIGN = ("noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


def _set_valign(sect: _Element) -> None:
    """``w:vAlign center`` in its place in the schema's order of ``w:sectPr`` children."""
    from .xml import w

    for old in sect.findall(w("vAlign")):
        sect.remove(old)
    valign = sub(sect, "vAlign", val="center")
    sect.remove(valign)
    for k, child in enumerate(sect):
        if any(child.tag == w(name) for name in _AFTER_VALIGN):
            sect.insert(k, valign)
            return
    sect.append(valign)
