"""FB2 and FB2.ZIP: well-formed XML valid against the FictionBook 2.0 schema."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path
from typing import Any

from .schemas import ENV_FB2, fb2_schema_dir
from .zips import MAX_MEMBER_BYTES, MB, container_problems, entity_bomb, read_member

MAX_ERRORS = 10


@functools.cache
def schema() -> Any:
    """The compiled FictionBook XSD (loaded once per process)."""
    from lxml import etree

    directory = fb2_schema_dir()
    if directory is None:
        raise FileNotFoundError(f"FictionBook.xsd not found (bundled copy missing; set ${ENV_FB2})")
    return etree.XMLSchema(etree.parse(str(directory / "FictionBook.xsd")))


def fb2_data(path: Path, problems: list[str]) -> bytes | None:
    """The FB2 bytes of a .fb2 file or the single .fb2 inside a .fb2.zip (each read with a size limit)."""
    with path.open("rb") as fh:
        head = fh.read(2)
    if head != b"PK":
        if path.stat().st_size > MAX_MEMBER_BYTES:
            problems.append(f"the file is larger than the limit of {MAX_MEMBER_BYTES // MB} MB")
            return None
        return path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        unsafe = container_problems(zf)
        if unsafe:
            problems.extend(unsafe)
            return None
        inner = [n for n in zf.namelist() if n.lower().endswith(".fb2")]
        if len(inner) != 1:
            problems.append(f"zip holds {len(inner)} .fb2 files (expected exactly one)")
            return None
        return read_member(zf, inner[0], limit=MAX_MEMBER_BYTES)


def check(path: Path, problems: list[str], notes: list[str]) -> None:
    """Append the problems of one FB2 file."""
    from lxml import etree

    data = fb2_data(path, problems)
    if data is None:
        return
    bomb = entity_bomb(data)
    if bomb:
        problems.append(f"the FB2 {bomb}")
        return
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        problems.append(f"not well-formed XML: {exc}")
        return
    xsd = schema()
    if xsd.validate(root):
        notes.append("valid against FictionBook 2.0 XSD")
        return
    errors = list(xsd.error_log)
    for err in errors[:MAX_ERRORS]:
        problems.append(f"XSD line {err.line}: {err.message}")
    if len(errors) > MAX_ERRORS:
        problems.append(f"... and {len(errors) - MAX_ERRORS} more XSD errors")
