"""The title block at the top of the article and the XHTML document around the body."""

from __future__ import annotations

from ...ir import Document, Metadata
from ...ir.text import block_texts
from ...languages import human_date
from ..common import publisher_line, source_url
from .labels import html_date
from .markup import attr, esc, plain
from .render import RenderState

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


def title_block(meta: Metadata, st: RenderState, lang: str) -> str:
    """``<header>``: rubric, h1 title, subtitle, lead (class lead), byline, source, its address, date;
    '' if all are empty."""
    clean = st.cleaner.clean
    parts: list[str] = []
    if meta.section.strip():  # the rubric, as printed above the headline
        parts.append(f'<p class="rubric">{esc(clean(meta.section.strip()))}</p>')
    if meta.title.strip():
        parts.append(f'<h1 class="title" id="title">{esc(clean(meta.title))}</h1>')
    if meta.subtitle.strip():
        parts.append(f'<p class="subtitle">{esc(clean(meta.subtitle))}</p>')
    if meta.lead.strip():
        parts.append(f'<p class="lead">{st.text(meta.lead, lang, True)}</p>')
    if meta.byline.strip():
        parts.append(f'<p class="byline">{esc(clean(meta.byline))}</p>')
    publisher = publisher_line(meta)
    if publisher:
        parts.append(f'<p class="source">{esc(clean(publisher))}</p>')
    url = source_url(meta)
    if url:
        parts.append(f'<p class="source-url"><a href="{attr(clean(url))}">{esc(clean(url))}</a></p>')
    if meta.date.strip():
        parts.append(_date_line(clean(meta.date.strip()), lang))
    if not parts:
        return ""
    return '<header class="titleblock">\n' + "\n".join(parts) + "\n</header>"


def book_title_page(meta: Metadata, st: RenderState, lang: str) -> str:
    """The body of a book's own title page (a bundle's title, subtitle, lead, authors, source, date),
    marked ``epub:type="titlepage"``; '' when the book has none of them."""
    block = title_block(meta, st, lang)
    if not block:
        return ""
    return f'<section class="titlepage" epub:type="titlepage">\n{block}\n</section>'


def _date_line(date: str, lang: str) -> str:
    machine = html_date(date)
    shown = esc(human_date(date, lang))
    if machine:
        return f'<p class="date"><time datetime="{machine}">{shown}</time></p>'
    return f'<p class="date">{shown}</p>'


def book_title(doc: Document, fallback: str) -> str:
    """The title for dc:title and the TOC: the article title, else its first words, else ``fallback``."""
    if plain(doc.meta.title):
        return plain(doc.meta.title)
    for text in block_texts(doc.blocks, doc.meta.language):
        words = text.split()
        if words:
            return plain(" ".join(words[:8])) + ("…" if len(words) > 8 else "")
    return fallback


def xhtml_page(title: str, lang: str, css_href: str, body: str) -> bytes:
    """A complete XHTML 5 content document (``lang`` and ``xml:lang`` on the root)."""
    lang_value = attr(lang)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html>\n"
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{lang_value}" xml:lang="{lang_value}">\n'
        "<head>\n"
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{attr(css_href)}"/>\n'
        "</head>\n"
        "<body>\n"
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    ).encode()
