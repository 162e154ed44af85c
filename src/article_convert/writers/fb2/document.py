"""The whole FictionBook: description, main body, notes body, binaries -> UTF-8 bytes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from ...context import Context
from ...ir import Document
from ...languages import word
from ..common import base_language
from .article import article_sections
from .binaries import Binaries
from .blocks import blocks
from .description import description
from .inlines import State
from .xml import add_newlines, el, local, sub


def fb2_bytes(doc: Document, ctx: Context) -> bytes:
    """Serialise ``doc`` as a FictionBook 2.0 document."""
    root = build(doc, ctx)
    etree.cleanup_namespaces(root, keep_ns_prefixes=["l"])  # the declarations every detached element carried (see ``xml.el``)
    add_newlines(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="utf-8")


def build(doc: Document, ctx: Context) -> Any:
    """The ``<FictionBook>`` element tree of ``doc``."""
    lang = ctx.settings.language_of(doc.meta)
    st = State(ctx, Binaries(ctx))
    cover_id = _cover(doc, ctx, st.binaries)
    root = el("FictionBook")
    main = main_body(doc, st, lang)
    notes = notes_body(st, lang)
    root.append(description(doc, ctx, cover_id))
    root.append(main)
    if notes is not None:
        root.append(notes)
    root.extend(st.binaries.elements())
    return root


def main_body(doc: Document, st: State, lang: str) -> Any:
    """The first ``<body>``: title block, then the article's sections (a bundle's: see ``bundle.py``)."""
    from ...ir.book import is_bundle

    body = el("body", lang=lang) if lang else el("body")
    title = sub(body, "title")
    sub(title, "p", doc.meta.title or st.ctx.source_name or "—")
    if doc.meta.subtitle:
        sub(title, "p", doc.meta.subtitle)
    if is_bundle(doc):
        from .bundle import bundle_sections

        body.extend(bundle_sections(doc, st, lang))
        return body
    body.extend(article_sections(doc, st, lang))
    return body


def notes_body(st: State, lang: str) -> Any | None:
    """``<body name="notes">`` with one section per footnote (notes may add notes while rendered)."""
    if not st.notes:
        return None
    body = el("body", name="notes")
    title = sub(body, "title")
    sub(title, "p", word(base_language(lang), "notes") or word("ru", "notes"))
    k = 0
    while k < len(st.notes):
        note = st.notes[k]
        k += 1
        sec = sub(body, "section", id=f"n{k}")
        sub(sub(sec, "title"), "p", str(k))
        content = blocks(note.blocks, st, lang) or [el("empty-line")]
        if local(content[0]) == "image":
            content.insert(0, el("empty-line"))
        sec.extend(content)
    return body


def _cover(doc: Document, ctx: Context, binaries: Binaries) -> str | None:
    """The binary id of the cover: bundles always, single articles with ``--cover``/``--cover-image``
    (or the writer options ``cover=1`` / ``cover-image=PATH``)."""
    from ...covers import cover_for

    settings = ctx.settings
    path = settings.writer_option("cover-image")
    if path or settings.writer_option("cover") == "1":
        cover = replace(settings.cover, wanted=True, image=Path(path).expanduser() if path else settings.cover.image)
        ctx = replace(ctx, settings=replace(settings, cover=cover))
    art = cover_for(doc, ctx, fmt="JPEG")
    if art is None:
        return None
    bid = binaries.add_bytes(art.data, "cover")
    if bid is None:
        ctx.diagnostics.add("cover-unsupported", "cover image is not PNG, JPEG or GIF; left out")
    return bid


def inner_file_name(doc: Document, ctx: Context) -> str:
    """The name of the .fb2 inside a .fb2.zip: the input's stem, else a slug of the identifier."""
    wanted = ctx.settings.writer_option("zip-name")
    if wanted:
        return Path(wanted).name
    if ctx.source_name and ctx.source_name != "<stdin>":
        return Path(ctx.source_name).stem + ".fb2"
    return "article.fb2"


