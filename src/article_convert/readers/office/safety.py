"""Open office documents (zip packages of XML parts) without letting them hurt us.

A DOCX or ODT is a zip: we refuse zip bombs (too many members, too much uncompressed data, an
absurd compression ratio) before inflating anything, read each member with a hard size cap, and
parse every XML part with entity expansion, DTD loading and network access off; a part that
declares a DOCTYPE is refused outright (no Word or LibreOffice part has one).
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from typing import TYPE_CHECKING

from ...errors import InvalidInputError

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""Uncompressed size of all members together."""
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed / compressed size of a member larger than ``RATIO_FLOOR`` (text XML deflates ~10-30x)."""
RATIO_FLOOR = 4 * 1024 * 1024


class DocumentError(InvalidInputError):
    """The file is not a readable word-processor document (the reason in brackets)."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"not a readable {kind} document ({reason})")


class Package:
    """The members of one checked zip package, read on demand with a size cap."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as exc:
            raise DocumentError(kind, f"not a zip package: {exc}") from exc
        if len(infos) > MAX_MEMBERS:
            raise DocumentError(kind, f"{len(infos)} zip members, more than {MAX_MEMBERS}")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise DocumentError(kind, f"zip bomb? {total} bytes uncompressed, the limit is {MAX_TOTAL_BYTES}")
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES:
                raise DocumentError(kind, f"zip member {info.filename} is {info.file_size} bytes uncompressed")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DocumentError(kind, f"zip bomb? {info.filename} compresses {info.file_size // max(info.compress_size, 1)}:1")
        self.names = {i.filename: i for i in infos}

    def has(self, name: str) -> bool:
        """True when the package holds the member ``name``."""
        return name in self.names

    def read(self, name: str) -> bytes:
        """A member's bytes, never more than its declared size (a lying header is caught)."""
        info = self.names.get(name)
        if info is None:
            raise DocumentError(self.kind, f"no {name} in the package")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error,
                lzma.LZMAError) as exc:  # a damaged deflate/LZMA stream raises its codec's own error
            raise DocumentError(self.kind, f"cannot inflate {name}: {exc}") from exc
        if len(data) > info.file_size:
            raise DocumentError(self.kind, f"{name} is larger than its zip header says")
        return data

    def xml(self, name: str) -> _Element:
        """A member parsed as safe XML."""
        return parse_xml(self.read(name), self.kind, name)


def parse_xml(data: bytes, kind: str, name: str) -> _Element:
    """Parse one XML part: no entities expanded, no DTD loaded, no network, no DOCTYPE at all."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(kind, f"{name}: {exc}") from exc
    if root is None:
        raise DocumentError(kind, f"{name} is empty")
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise DocumentError(kind, f"{name} declares a DOCTYPE, refused (entity expansion)")
    return root
