"""Namespaces and tiny helpers shared by the DOCX reader modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
NS = {
    "w": W_NS,
    "r": R_NS,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def wq(name: str) -> str:
    """Clark name of a ``w:`` attribute or element."""
    return W + name


def attr(el: _Element | None, name: str) -> str | None:
    """A ``w:`` attribute of ``el`` (None when absent or no element)."""
    return None if el is None else el.get(W + name)


def on_off(el: _Element) -> bool:
    """A toggle element such as ``<w:b/>`` or ``<w:b w:val="0"/>``."""
    return (el.get(W + "val") or "true").lower() not in ("0", "false", "off", "none")


def local(el: _Element) -> str:
    """The local name of an element (empty for comments and processing instructions)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
