"""Links of a fetched page made absolute against its URL, so they still lead somewhere in the book."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..ir import Document, Link


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
