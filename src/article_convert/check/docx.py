"""DOCX: the zip opens, content types cover every part, the main document parses, language set."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

from .zips import container_problems, entity_bomb, read_member

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def check(path: Path, problems: list[str], notes: list[str]) -> None:
    """Append the problems of one DOCX file."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        problems.append("not a zip file")
        return
    with zf:
        unsafe = container_problems(zf)
        if unsafe:
            problems.extend(unsafe)
            return
        _content_types(zf, problems)
        main = _main_part(zf, problems)
        if main is not None:
            _language(zf, main, problems)
    if not problems:
        _python_docx(path, problems, notes)


def _xml(zf: zipfile.ZipFile, name: str, problems: list[str]) -> Any:
    from lxml import etree

    try:
        data = read_member(zf, name)
    except KeyError:
        problems.append(f"part {name} is missing")
        return None
    except ValueError as exc:  # larger than the limit
        problems.append(f"part {exc}")
        return None
    bomb = entity_bomb(data)
    if bomb:
        problems.append(f"part {name} {bomb}")
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problems.append(f"part {name} does not parse: {exc}")
        return None


def _content_types(zf: zipfile.ZipFile, problems: list[str]) -> None:
    types = _xml(zf, "[Content_Types].xml", problems)
    if types is None:
        return
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{{{CT_NS}}}Default")}
    overrides = {o.get("PartName", "") for o in types.iter(f"{{{CT_NS}}}Override")}
    for name in zf.namelist():
        if name.endswith("/") or name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else ""
        if "/" + name not in overrides and ext not in defaults:
            problems.append(f"part /{name} has no content type in [Content_Types].xml")
    for part in sorted(overrides):
        if part.lstrip("/") not in zf.namelist():
            problems.append(f"[Content_Types].xml names a missing part {part}")


def _main_part(zf: zipfile.ZipFile, problems: list[str]) -> str | None:
    rels = _xml(zf, "_rels/.rels", problems)
    if rels is None:
        return None
    targets = [r.get("Target", "") for r in rels.iter(f"{{{REL_NS}}}Relationship") if r.get("Type") == OFFICE_DOC]
    if not targets:
        problems.append("_rels/.rels names no main document")
        return None
    name = targets[0].lstrip("/")
    return name if _xml(zf, name, problems) is not None else None


def _language(zf: zipfile.ZipFile, main: str, problems: list[str]) -> None:
    for name in ("word/styles.xml", main):
        if name in zf.namelist():
            root = _xml(zf, name, problems)
            if root is not None and any(el.get(f"{{{W_NS}}}val") for el in root.iter(f"{{{W_NS}}}lang")):
                return
    problems.append("no w:lang in styles or document (Word would proof the text as English)")


def _python_docx(path: Path, problems: list[str], notes: list[str]) -> None:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken packages
        problems.append(f"python-docx cannot open it: {type(exc).__name__}: {exc}")
        return
    notes.append(f"{len(document.paragraphs)} paragraphs")
