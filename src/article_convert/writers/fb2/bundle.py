"""A bundle in FB2: a section per bundle section (titled), inside it a section per article with the
article's title, its own ``xml:lang``, its lead and byline, and its body's sections."""

from __future__ import annotations

from typing import Any

from ...ir import Article, Block, Document
from ...ir.book import parts
from .article import article_sections, intro_blocks
from .inlines import State
from .sections import Sec, section
from .xml import el, sub


def bundle_sections(doc: Document, st: State, lang: str) -> list[Any]:
    """The body's sections for a bundle Document."""
    out: list[Any] = []
    opening = intro_blocks(doc, lang)
    if opening:  # the book's own lead, authors, date and source: its title page after the body title
        items: list[Block | Sec] = [*opening]
        out.append(section(Sec(None, items), st, lang))
    count = 0
    for part in parts(doc):
        target: list[Any] = []
        if part.lead:
            target.append(section(Sec(None, list(part.lead)), st, lang))
        for art in part.articles:
            count += 1
            target.append(article_section(art, count, st, lang))
        if not part.title:
            out.extend(target)
            continue
        node = el("section")
        title = sub(node, "title")
        sub(title, "p", part.title_text(lang) or "—")
        node.extend(target or [el("section")])
        out.append(node)
    return out or [el("section")]


def article_section(art: Article, number: int, st: State, book_lang: str) -> Any:
    """One article as a titled section in its own language."""
    lang = art.meta.language or book_lang
    attrs = {"id": f"article{number}"}
    if lang != book_lang:
        attrs["lang"] = lang
    node = el("section", **attrs)
    title = sub(node, "title")
    sub(title, "p", art.meta.title or f"#{number}")
    if art.meta.subtitle:
        sub(title, "p", art.meta.subtitle)
    node.extend(article_sections(Document(art.meta, art.blocks), st, lang))
    return node
