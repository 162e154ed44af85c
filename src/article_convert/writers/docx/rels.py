"""Hyperlink relationships in linear time and small memory.

python-docx's ``Part.relate_to`` scans every relationship of the part to find a match and
scans again for the next free ``rIdN``: quadratic in the number of links (10,000 links took
16 s, 20,000 took 66 s). Here each part gets an index target -> rId and a running counter.

Each hyperlink is kept in the part's relationship collection (so that python-docx, adding an
image or a font later, never reuses its rId) as a two-slot :class:`ExternalLink` instead of a
python-docx ``_Relationship``, and :func:`rels_xml` writes the collection as text: python-docx
built one lxml element per relationship to serialise it (200,000 links: ~200 MB at the peak).
The bytes are the ones python-docx writes (tested).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.opc.part import Part

HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


class ExternalLink:
    """An external hyperlink relationship, as python-docx's ``_Relationship`` looks to its readers."""

    __slots__ = ("rId", "target_ref")
    is_external = True
    reltype = HYPERLINK_RT

    def __init__(self, rId: str, target_ref: str) -> None:
        self.rId = rId
        self.target_ref = target_ref


class HyperlinkRels:
    """One index per part of the external hyperlink relationships it has."""

    def __init__(self) -> None:
        self._by_part: dict[int, tuple[dict[str, str], list[int]]] = {}

    def rid(self, part: Part, target: str) -> str:
        """The rId of the part's hyperlink relationship to ``target``, added when new."""
        entry = self._by_part.get(id(part))
        if entry is None:
            rels = part.rels
            index = {r.target_ref: r.rId for r in rels.values() if r.is_external and r.reltype == HYPERLINK_RT}
            entry = self._by_part[id(part)] = (index, [len(rels)])
        index, counter = entry
        rid = index.get(target)
        if rid is None:
            rels = part.rels  # (a python-docx lazy property: asked only for a new target)
            counter[0] += 1
            while f"rId{counter[0]}" in rels:
                counter[0] += 1
            rid = f"rId{counter[0]}"
            rels[rid] = ExternalLink(rid, target)  # type: ignore[assignment]
            index[target] = rid
        return rid


def _attr(value: str) -> str:
    """An attribute value escaped as libxml2 writes it (``&<>"``, tab, newline, carriage return)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    for char, ref in (("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"),
                      ("\t", "&#9;")):
        if char in value:
            value = value.replace(char, ref)
    return value


def rels_xml(rels: Any) -> bytes:
    """A part's ``.rels`` stream, byte for byte as python-docx's ``Relationships.xml`` writes it."""
    lines = [XML_DECLARATION, f'<Relationships xmlns="{RELS_NS}"']
    if not rels:
        lines.append("/>")
        return "".join(lines).encode("utf-8")
    lines.append(">")
    for rel in rels.values():
        mode = ' TargetMode="External"' if rel.is_external else ""
        lines.append(f'<Relationship Id="{_attr(rel.rId)}" Type="{_attr(rel.reltype)}" '
                     f'Target="{_attr(rel.target_ref)}"{mode}/>')
    lines.append("</Relationships>")
    return "".join(lines).encode("utf-8")
