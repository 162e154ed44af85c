"""The FB2 ``<description>``: title-info, document-info, publish-info, custom-info (schema order)."""

from __future__ import annotations

import re
from typing import Any

from ... import __version__
from ...context import Context
from ...ir import Document
from ...languages import human_date, word
from ..common import base_language, stable_identifier
from .xml import el, sub

DEFAULT_GENRE = "nonf_publicism"

# Words that mark an organisation rather than a person ("Редакция Liter.kz", "Пресс-служба ...").
_ORG_WORDS = frozenset(
    ["редакция", "редакція", "рэдакцыя", "редакциясы", "редакцията", "редакција", "служба", "пресс-служба", "прес-служба", "агентство", "агенцтва", "агенція", "агенција", "агенция", "информагентство", "сайт", "портал", "газета", "журнал", "отдел", "бюро", "корреспондент", "корреспондентов", "собкор", "штаб"]
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*\.?$|^(?:[^\W\d_]\.){1,2}$")

def _is_bundle(doc: Document) -> bool:
    from ...ir.book import is_bundle

    return is_bundle(doc)


def split_name(name: str) -> tuple[str, str, str] | None:
    """(first, middle, last) for a person's name like "Иван Петров"; None for an organisation."""
    parts = name.split()
    if not 2 <= len(parts) <= 3:
        return None
    if any(p.lower().strip(".") in _ORG_WORDS for p in parts):
        return None
    if not all(_NAME_WORD.match(p) and p[0].isupper() for p in parts):
        return None
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return parts[0], parts[1], parts[2]


def author(parent: Any, name: str, tag: str = "author") -> Any:
    """An author element: first/middle/last name for people, nickname for everything else."""
    node = sub(parent, tag)
    split = split_name(name)
    if split is None:
        sub(node, "nickname", name)
        return node
    first, middle, last = split
    sub(node, "first-name", first)
    if middle:
        sub(node, "middle-name", middle)
    sub(node, "last-name", last)
    return node


def iso_date(value: str) -> str | None:
    """``value`` if it is a full ISO date (YYYY-MM-DD), else None (xs:date needs all three parts)."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    return m.group(0) if m else None


def _genre(doc: Document, ctx: Context) -> str:
    from .genres import known_genres

    wanted = ctx.settings.writer_option("genre") or doc.meta.extra_value("genre")
    if wanted and wanted in known_genres():
        return wanted
    if wanted:
        ctx.diagnostics.add("fb2-genre", f"unknown FB2 genre {wanted!r}; using {DEFAULT_GENRE!r}")
    return DEFAULT_GENRE


def description(doc: Document, ctx: Context, cover_id: str | None) -> Any:
    """The whole ``<description>`` element."""
    node = el("description")
    node.append(title_info(doc, ctx, cover_id))
    node.append(document_info(doc, ctx))
    meta = doc.meta
    year = meta.date[:4] if re.match(r"^\d{4}", meta.date) else ""
    if meta.source or year:
        pub = sub(node, "publish-info")
        if meta.source:
            sub(pub, "publisher", meta.source)
        if year:
            sub(pub, "year", year)
    for key, value in meta.extra:
        if value and key != "genre":
            sub(node, "custom-info", value, info_type=key)
    return node


def title_info(doc: Document, ctx: Context, cover_id: str | None) -> Any:
    """Genre, authors, title, annotation (the lead), keywords, date, cover, language."""
    meta = doc.meta
    lang = base_language(ctx.settings.language_of(meta))
    node = el("title-info")
    sub(node, "genre", _genre(doc, ctx))
    key = "various_authors" if _is_bundle(doc) else "unknown_author"
    names = list(meta.authors) or [meta.source or word(lang, key) or word("ru", key)]
    for name in names:
        author(node, name)
    sub(node, "book-title", meta.title or ctx.source_name or "—")
    if meta.lead:
        sub(sub(node, "annotation"), "p", meta.lead)
    if meta.keywords or meta.section:
        sub(node, "keywords", ", ".join(k for k in (meta.section, *meta.keywords) if k))
    if meta.date:
        value = iso_date(meta.date)
        sub(node, "date", human_date(meta.date, lang), **({"value": value} if value else {}))  # text: for readers
    if cover_id:
        sub(sub(node, "coverpage"), "image", href=f"#{cover_id}")
    sub(node, "lang", lang)
    return node


def document_info(doc: Document, ctx: Context) -> Any:
    """Who made this file (the program), when (``ctx.now``), its stable id and version."""
    node = el("document-info")
    prog = sub(node, "author")
    sub(prog, "nickname", "article-convert")
    sub(node, "program-used", f"article-convert {__version__}")
    today = ctx.now.date().isoformat()
    sub(node, "date", today, value=today)
    url = doc.meta.extra_value("url") or doc.meta.extra_value("source_url")
    if url:
        sub(node, "src-url", url)
    sub(node, "id", stable_identifier(doc))
    sub(node, "version", "1.0")
    return node
