"""Links of a page made absolute against its address, so they still lead somewhere in the book.

A fetched page resolves against its ``<base href>`` or the URL it came from; a saved page (a file)
against its ``<base href>`` or the address it declares (canonical, og:url: ``extra["url"]`` from
the HTML reader), and without either its relative links stay relative (kept as text by the writers,
reported once). The page's address becomes the document's ``url`` when it declared none.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..ir import Document, Link
from ..plugins import Source


def with_page_address(doc: Document, source: Source) -> Document:
    """``doc`` with its links resolved against the page's address and that address recorded."""
    from .source import declared_base, page_base

    declared = doc.meta.extra_value("url").strip()
    if urlsplit(declared).scheme not in ("http", "https"):
        declared = ""
    if source.url is not None:
        base = page_base(source) or source.url
        if not declared:
            doc = dataclasses.replace(doc, meta=dataclasses.replace(
                doc.meta, extra=(*doc.meta.extra, ("url", source.url))))
    else:
        base = declared_base(source) or declared
    return absolute_links(doc, base) if base else doc


def absolute_links(doc: Document, base_url: str) -> Document:
    """``doc`` with every relative ``Link.url`` joined to ``base_url`` (fragments on the page itself kept)."""
    return dataclasses.replace(doc, blocks=_map(doc.blocks, base_url))


def _absolute(url: str, base: str) -> str:
    if not url or url.startswith("#") or urlsplit(url).scheme:
        return url
    return urljoin(base, url)


def _map(node: Any, base: str) -> Any:
    if isinstance(node, Link):
        return dataclasses.replace(node, children=_map(node.children, base), url=_absolute(node.url, base))
    if isinstance(node, tuple):
        items = tuple(_map(x, base) for x in node)
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple) or dataclasses.is_dataclass(value):
                new = _map(value, base)
                if new is not value:
                    changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node
