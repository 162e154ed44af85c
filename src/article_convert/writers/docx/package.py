"""Serialise a python-docx package to reproducible zip bytes.

python-docx's own ``save`` stamps every zip member with the current local time, so two runs
never give the same bytes. Here every member gets the conversion time (``ctx.now``), a fixed
order, fixed attributes, and ``[Content_Types].xml`` first, as Word writes it.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from ...xmlesc import quoteattr
from .rels import rels_xml

if TYPE_CHECKING:
    from docx.opc.package import OpcPackage
    from docx.opc.part import Part

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DEFAULT_TYPES = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
}
IMAGE_PREFIX = "image/"


def content_types_xml(parts: list[Part]) -> bytes:
    """``[Content_Types].xml``: image types by extension, every other part by name."""
    defaults = dict(DEFAULT_TYPES)
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (
            part.content_type.startswith(IMAGE_PREFIX)
            and defaults.get(ext, part.content_type) == part.content_type
        ):
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', f'<Types xmlns="{CT_NS}">']
    lines += [
        f"<Default Extension={quoteattr(e)} ContentType={quoteattr(t)}/>" for e, t in sorted(defaults.items())
    ]
    lines += [
        f"<Override PartName={quoteattr(n)} ContentType={quoteattr(t)}/>"
        for n, t in sorted(overrides.items())
    ]
    lines.append("</Types>")
    return "\n".join(lines).encode("utf-8")


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip member timestamp (zip cannot hold years before 1980 or after 2107)."""
    year = min(max(moment.year, 1980), 2107)
    return (year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _member(zf: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, int, int, int, int, int]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    if name.endswith(".odttf"):
        _write_deflated(zf, info, data)
    else:
        zf.writestr(info, data, compresslevel=6)


@functools.lru_cache(maxsize=64)
def _deflate(data: bytes) -> bytes:
    """Raw deflate of ``data`` as zip stores it (kept: the same font part recurs in every document),
    also in the per-user cache by the data's SHA-256 and the zlib version: deflating a DOCX's four or
    five embedded font parts (~230 KB) cost ~9 ms of every cold start, reading and checking the
    stored stream ~2 ms (issue 18). A stored stream is used only when it inflates back to ``data``."""
    from ...cache import read_cached, write_cached
    from ...digest import sha256_hex

    name = f"{sha256_hex(data)[:40]}-{zlib.ZLIB_RUNTIME_VERSION}-6.deflate"
    stored = read_cached("deflate", name)
    if stored is not None:
        try:
            if zlib.decompress(stored, -15) == data:
                return stored
        except zlib.error:
            pass  # damaged: deflate again below
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    write_cached("deflate", name, deflated)
    return deflated


class _Precompressed:
    """Stands in for zipfile's compressor: hands over bytes deflated earlier (zipfile still computes
    the CRC and sizes from the real data)."""

    def __init__(self, deflated: bytes) -> None:
        self._pending = deflated

    def compress(self, _data: bytes) -> bytes:
        out, self._pending = self._pending, b""
        return out

    def flush(self) -> bytes:
        return b""


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    """A member whose deflated form is cached: deflating ~250 KB of fonts per DOCX cost ~40 ms."""
    with zf.open(info, "w") as dest:
        if hasattr(dest, "_compressor"):  # CPython's _ZipWriteFile; otherwise deflate as usual
            dest._compressor = _Precompressed(_deflate(data))
        dest.write(data)


def package_bytes(package: OpcPackage, moment: datetime, blobs: Mapping[str, bytes] | None = None) -> bytes:
    """The package as zip bytes, identical for identical content and ``moment``; ``blobs`` gives
    the content of parts (by part name) serialised already (a long document's body)."""
    stamp = zip_time(moment)
    parts = list(package.iter_parts())
    blobs = blobs or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _member(zf, "[Content_Types].xml", content_types_xml(parts), stamp)
        _member(zf, "_rels/.rels", rels_xml(package.rels), stamp)
        for part in parts:
            blob = blobs.get(str(part.partname))
            _member(zf, part.partname.membername, part.blob if blob is None else blob, stamp)
            if len(part.rels):
                _member(zf, part.partname.rels_uri.membername, rels_xml(part.rels), stamp)
    return buffer.getvalue()
