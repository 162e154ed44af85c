"""Small lxml helpers for FB2: namespaces, element creation, mixed content, XML-safe text."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

FB = "http://www.gribuser.ru/xml/fictionbook/2.0"
XLINK = "http://www.w3.org/1999/xlink"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HREF = f"{{{XLINK}}}href"
NSMAP = {None: FB, "l": XLINK}

# Characters XML 1.0 forbids (lxml raises ValueError on them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return _ILLEGAL.sub("", text)


def el(tag: str, text: str | None = None, **attrs: str) -> Any:
    """A new FB2 element (``tag`` without namespace); ``href``/``lang`` map to l:href/xml:lang.

    Each declares both namespaces: a link inside a detached tree without the xlink declaration
    got one of its own (ns1, ns2… one per link), and moving the tree under the root reconciled
    them at a cost quadratic in the number of links. :func:`fb2_bytes` removes the repeats."""
    node = etree.Element(f"{{{FB}}}{tag}", nsmap=NSMAP)
    _set(node, attrs)
    if text:
        node.text = clean(text)
    return node


def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    """A new FB2 element appended to ``parent``."""
    node = etree.SubElement(parent, f"{{{FB}}}{tag}")
    _set(node, attrs)
    if text:
        node.text = clean(text)
    return node


def _set(node: Any, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        value = clean(value)  # an href with a control character (a damaged feed's link) crashed lxml
        if key == "href":
            node.set(HREF, value)
        elif key == "lang":
            node.set(XML_LANG, value)
        else:
            node.set(key.replace("_", "-"), value)


def append_text(parent: Any, text: str) -> None:
    """Add text at the end of ``parent``'s mixed content (its text or its last child's tail)."""
    text = clean(text)
    if not text:
        return
    try:
        last = parent[-1]  # found from the end; len(parent) counts every child (quadratic per paragraph)
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def local(node: Any) -> str:
    """The tag name without namespace."""
    return etree.QName(node).localname


def has_content(node: Any) -> bool:
    """True when a mixed-content element holds any text or child."""
    return bool((node.text or "").strip()) or len(node) > 0


_BLOCK_TAGS = frozenset(
    ["FictionBook", "description", "title-info", "document-info", "publish-info", "custom-info", "body", "section", "title", "p", "subtitle", "cite", "poem", "stanza", "v", "empty-line", "text-author", "annotation", "binary", "author", "genre", "book-title", "keywords", "date", "lang", "coverpage", "program-used", "id", "version", "publisher", "year", "src-url", "epigraph"]
)


def add_newlines(root: Any) -> None:
    """Put a newline after block-level elements (readable diffs; mixed content left untouched)."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        parent = node.getparent()
        if parent is not None and local(parent) in ("p", "v", "subtitle", "text-author"):
            continue
        if local(node) in _BLOCK_TAGS and node.tail is None:
            node.tail = "\n"
        if local(node) in ("body", "section", "description", "title-info", "document-info",
                           "publish-info", "FictionBook", "cite", "poem", "stanza", "title",
                           "annotation", "coverpage") and len(node) and not (node.text or "").strip():
            node.text = "\n"
