"""Metadata a reader found but trusts less than the article itself (``fallback:*`` extra keys).

A Word or OpenDocument file's properties name a title, author and date, often the template's or
the account's. The reader stores them as ``fallback:title`` / ``fallback:authors`` /
``fallback:date``; after the article parts are recognised, this transform fills a field from them
only when the article gave none (the title: when it only came from the file name), then removes
the keys.
"""

from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..ir import Document
from .article_parts import title_from_name

PREFIX = "fallback:"


class FallbackMetadata:
    """Use the document properties where the article itself names no title, author or date."""

    name = "fallback-metadata"
    description = "fill title/author/date from document properties when the article has none"
    order = 12

    def apply(self, doc: Document, ctx: Context) -> Document:
        meta = doc.meta
        fallback = {k[len(PREFIX):]: v for k, v in meta.extra if k.startswith(PREFIX)}
        if not fallback:
            return doc
        extra = tuple((k, v) for k, v in meta.extra if not k.startswith(PREFIX))
        meta = replace(meta, extra=extra)
        if fallback.get("title") and (not meta.title or meta.title == title_from_name(ctx.source_name)):
            meta = replace(meta, title=fallback["title"])
        if fallback.get("authors") and not meta.authors:
            meta = replace(meta, authors=tuple(a.strip() for a in fallback["authors"].split(";") if a.strip()))
        if fallback.get("date") and not meta.date:
            meta = replace(meta, date=fallback["date"])
        return replace(doc, meta=meta)
