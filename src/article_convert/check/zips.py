"""Reading zip containers (EPUB, DOCX, FB2.ZIP) under `check` without trusting them.

A hostile file can be a 2 MB zip whose one member unpacks to 2 GB, hold names such as
``../../etc/x`` or ``/abs`` that would escape the folder it is unpacked into (zip slip), or carry an
XML "billion laughs" entity bomb. Sizes are checked from the central directory before anything is
read (Python's zipfile never returns more bytes than a member declares and checks its CRC), XML
parts are read with a cap, and entity declarations that refer to other entities are refused.
"""

from __future__ import annotations

import re
import zipfile

MB = 1024 * 1024
MAX_MEMBERS = 10_000
"""Most members a checked zip may hold."""
MAX_MEMBER_BYTES = 256 * MB
"""Largest uncompressed member."""
MAX_TOTAL_BYTES = 1024 * MB
"""Largest uncompressed total of all members."""
MAX_XML_BYTES = 64 * MB
"""Largest XML part read into memory to be parsed."""


def unsafe_name(name: str) -> str | None:
    """Why a member name would escape the folder it is unpacked into, or None."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":" and name[0].isalpha()):
        return "an absolute path"
    if ".." in parts:
        return "a '..' path"
    if "\x00" in name:
        return "a NUL byte in the name"
    return None


def container_problems(zf: zipfile.ZipFile) -> list[str]:
    """Zip slip names, too many members, members or a total too large: each a problem.

    When this returns problems, nothing in the zip should be read or handed to another tool.
    """
    problems: list[str] = []
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        problems.append(f"the zip holds {len(infos)} members (more than the limit of {MAX_MEMBERS})")
    for info in infos:
        why = unsafe_name(info.filename)
        if why:
            problems.append(f"zip entry {info.filename!r} is {why} that points outside the archive (zip slip)")
    total = sum(i.file_size for i in infos)
    big = [i for i in infos if i.file_size > MAX_MEMBER_BYTES]
    for info in big[:5]:
        problems.append(f"zip entry {info.filename!r} unpacks to {info.file_size // MB} MB "
                        f"(more than the limit of {MAX_MEMBER_BYTES // MB} MB; a zip bomb?)")
    if total > MAX_TOTAL_BYTES and not big:
        problems.append(f"the zip unpacks to {total // MB} MB (more than the limit of {MAX_TOTAL_BYTES // MB} MB)")
    return problems


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_XML_BYTES) -> bytes:
    """A member's bytes; ``ValueError`` if it is larger than ``limit`` (read in chunks, never more)."""
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise ValueError(f"{name} is {info.file_size // MB} MB (more than the limit of {limit // MB} MB)")
    chunks = []
    total = 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise ValueError(f"{name} is larger than the limit of {limit // MB} MB")
            chunks.append(chunk)
    return b"".join(chunks)


_ENTITY = re.compile(rb"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)')""")
MAX_ENTITY_EXPANSION = 1 * MB
"""Most text the entities of one XML part may expand to (declared value times uses)."""


def entity_bomb(data: bytes) -> str | None:
    """Why an XML part's entity declarations are dangerous, or None; looks at the raw bytes.

    lxml is told not to expand entities; EPUBCheck and e-readers do, so a 3 KB "billion laughs"
    (entities built from entities) or one big entity used many times makes them run for minutes.
    Entity declarations are never needed in EPUB, DOCX or FB2.
    """
    if b"<!ENTITY" not in data:
        return None
    nested: list[str] = []
    expansion = 0
    for m in _ENTITY.finditer(data):
        name = m.group(2).decode("utf-8", "replace")
        value = m.group(3) if m.group(3) is not None else m.group(4) or b""
        if b"&" in value or b"%" in value:
            nested.append(name)
        expansion += len(value) * data.count(b"&" + m.group(2) + b";")
    if nested:
        return (f"declares XML entities built from other entities ({', '.join(nested[:3])}): "
                "an entity-expansion bomb")
    if expansion > MAX_ENTITY_EXPANSION:
        return f"declares XML entities that expand to {expansion // MB} MB: an entity-expansion bomb"
    return None
