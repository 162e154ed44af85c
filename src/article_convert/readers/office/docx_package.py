"""The parts of a DOCX package: the main document (found through ``_rels/.rels``), its
relationships, and the parts they name (styles, numbering, notes, comments, media)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ooxml import NS
from .safety import Package

if TYPE_CHECKING:
    from lxml.etree import _Element

REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@dataclass(frozen=True)
class Rel:
    """One relationship: its type (last path segment), target and whether it points outside."""

    type: str
    target: str
    external: bool


def part_rels(pkg: Package, part: str) -> dict[str, Rel]:
    """The relationships of ``part``, targets resolved to package paths (external ones as written)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not pkg.has(rels_name):
        return {}
    out: dict[str, Rel] = {}
    for rel in pkg.xml(rels_name).iter(REL):
        target = rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = Rel((rel.get("Type") or "").rsplit("/", 1)[-1], target, external)
    return out


class DocxPackage:
    """The main document part and the parts related to it."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        main = "word/document.xml"
        for rel in part_rels(pkg, "").values():
            if rel.type == "officeDocument" and not rel.external:
                main = rel.target
                break
        if not pkg.has(main):
            from .safety import DocumentError

            raise DocumentError("Word", "no main document part")
        self.main = main
        self.rels = part_rels(pkg, main)

    def related(self, rel_type: str) -> str | None:
        """The package path of the first part of a relationship type (``styles``, ``footnotes``…)."""
        for rel in self.rels.values():
            if rel.type == rel_type and not rel.external and self.pkg.has(rel.target):
                return rel.target
        return None

    def related_xml(self, rel_type: str) -> _Element | None:
        """That part parsed, or None when the document has none."""
        name = self.related(rel_type)
        return self.pkg.xml(name) if name else None

    def core(self) -> _Element | None:
        """docProps/core.xml (found through the package relationships)."""
        for rel in part_rels(self.pkg, "").values():
            if rel.type == "core-properties" and not rel.external and self.pkg.has(rel.target):
                return self.pkg.xml(rel.target)
        return self.pkg.xml("docProps/core.xml") if self.pkg.has("docProps/core.xml") else None


__all__ = ["NS", "DocxPackage", "Rel", "part_rels"]
