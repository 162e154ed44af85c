"""XML escaping as ``xml.sax.saxutils`` does it, without its import cost (issue 18).

``xml.sax.saxutils`` imports ``urllib.request`` and with it ``http.client``, ``ssl`` and
``email`` (~25 ms of CPU at every start) for two one-line functions.
"""

from __future__ import annotations


def escape(data: str) -> str:
    """``&``, ``<`` and ``>`` as entities (``saxutils.escape`` without extra entities)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value with its quotes, exactly as ``saxutils.quoteattr``."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        if "'" in data:
            return '"{}"'.format(data.replace('"', "&quot;"))
        return f"'{data}'"
    return f'"{data}"'
