"""Graphics of Word/ODT files the formats cannot hold (charts, SmartArt, embedded objects without a
picture): left out, but reported with their alt text, so leaving them out is never silent."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

    from ...context import Context

_KINDS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "SmartArt diagram",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "chart",
}
_GRAPHIC_DATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
_OLE = "{urn:schemas-microsoft-com:office:office}OLEObject"


def docx_graphic_kind(el: _Element) -> str | None:
    """What a DrawingML/VML graphic without a picture or text box is, when it is content (a chart,
    a diagram, an embedded object); None for plain shapes (lines, arrows)."""
    for data in el.iter(_GRAPHIC_DATA):
        kind = _KINDS.get(data.get("uri") or "")
        if kind:
            return kind
    for ole in el.iter(_OLE):
        return f"embedded object ({ole.get('ProgID') or 'unknown'})"
    return None


def report_graphics(left_out: list[tuple[str, str]], ctx: Context) -> None:
    """One warning for every chart, diagram or object left out: (kind, alt text) pairs."""
    if not left_out:
        return
    kinds = ", ".join(f"{kind}" + (f" ×{n}" if n > 1 else "") for kind, n in Counter(k for k, _ in left_out).items())
    alts = [alt for _, alt in left_out if alt]
    said = f"; alt text: «{alts[0][:80]}»" + (f" and {len(alts) - 1} more" if len(alts) > 1 else "") if alts else ""
    ctx.diagnostics.add("graphic-dropped", f"left out {len(left_out)} graphic(s) the formats cannot hold ({kinds}){said}")
