"""Finds readers, writers and transforms through entry points, lazily and once.

Built-ins are registered in our own pyproject exactly like third-party plugins; the
table below only backs them up when the package runs from a source tree that was never
installed (entry points absent).

Scanning every installed distribution for entry points (and importing ``importlib.metadata``)
costs tens of milliseconds at each start, so the found table is kept in the per-user cache,
keyed by every ``sys.path`` folder and its modification time: installing, upgrading or removing
a distribution changes its folder's time, and the next start scans again (issue 18).
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
from typing import Any

from .digest import sha256_hex
from .errors import UsageError
from .plugins import Reader, Transform, Writer

GROUPS = {
    "readers": "article_convert.readers",
    "writers": "article_convert.writers",
    "transforms": "article_convert.transforms",
}

_BUILTIN: dict[str, dict[str, str]] = {
    "readers": {
        "text": "article_convert.readers.plaintext:PlainTextReader",
        "json": "article_convert.readers.json_reader:JsonReader",
        "markdown": "article_convert.readers.markdown:MarkdownReader",
        "html": "article_convert.readers.html:HtmlReader",
        "docx": "article_convert.readers.office:DocxReader",
        "odt": "article_convert.readers.office:OdtReader",
        "legacy-office": "article_convert.readers.office:LegacyReader",
    },
    "writers": {
        "epub": "article_convert.writers.epub:EpubWriter",
        "docx": "article_convert.writers.docx:DocxWriter",
        "pdf": "article_convert.writers.pdf:PdfWriter",
        "json": "article_convert.writers.json_writer:JsonWriter",
        "fb2": "article_convert.writers.fb2:Fb2Writer",
    },
    "transforms": {
        "article-parts": "article_convert.transforms.article_parts:ArticleParts",
        "language": "article_convert.transforms.language:DetectLanguage",
        "metadata": "article_convert.transforms.metadata:ApplyMetadata",
        "fallback-metadata": "article_convert.transforms.fallback_metadata:FallbackMetadata",
        "typography": "article_convert.transforms.typography:Typography",
        "glyph-check": "article_convert.transforms.glyphs:GlyphCheck",
    },
}


def _load(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def _path_state() -> tuple[str, str]:
    """(which sys.path, its state): a name for this interpreter and path list, and a fingerprint
    of each entry's modification time (one cache record per path list, overwritten on change);
    for the current folder, the distributions in it instead."""
    times = []
    cwd = os.getcwd()
    for entry in sys.path:
        try:
            if not entry or entry == cwd:  # `python -m` from a folder where outputs keep being written
                times.append("|".join(sorted(e.name for e in os.scandir(entry or ".")
                                             if e.name.endswith((".dist-info", ".egg-info")))))
            else:
                times.append(str(os.stat(entry).st_mtime_ns))
        except OSError:
            times.append("-")
    which = "\n".join([sys.executable, *sys.path]).encode("utf-8", "surrogateescape")
    return sha256_hex(which)[:32], ",".join(times)


def _scan() -> dict[str, dict[str, str]]:
    """Kind -> name -> "module:attr" of every installed entry point of our groups."""
    from importlib.metadata import entry_points

    return {kind: {ep.name: ep.value for ep in entry_points(group=group)} for kind, group in GROUPS.items()}


def _valid(table: object) -> bool:
    return isinstance(table, dict) and all(
        isinstance(table.get(k), dict) and all(isinstance(v, str) for v in table[k].values()) for k in GROUPS)


@functools.cache
def _entry_points() -> dict[str, dict[str, str]]:
    """The installed entry points, from the per-user cache while no sys.path folder changed."""
    from .cache import read_cached, write_cached

    which, state = _path_state()
    raw = read_cached("entry-points", which + ".json")
    if raw is not None:
        try:
            record = json.loads(raw)
            if isinstance(record, dict) and record.get("state") == state and _valid(record.get("groups")):
                return {k: dict(record["groups"][k]) for k in GROUPS}
        except ValueError:
            pass  # damaged: scan again
    table = _scan()
    write_cached("entry-points", which + ".json",
                 json.dumps({"state": state, "groups": table}, sort_keys=True).encode("utf-8"))
    return table


@functools.cache
def _targets(kind: str) -> dict[str, str]:
    """Name -> "module:attr" for one plugin kind, entry points over built-ins."""
    found = dict(_BUILTIN[kind])
    found.update(_entry_points()[kind])
    return found


@functools.cache
def _plugin(kind: str, name: str) -> Any:
    targets = _targets(kind)
    if name not in targets:
        known = ", ".join(sorted(targets))
        raise UsageError(f"unknown {kind[:-1]} {name!r} (available: {known})")
    return _load(targets[name])()


def writer_names() -> list[str]:
    """Names of every installed writer, sorted."""
    return sorted(_targets("writers"))


def reader_names() -> list[str]:
    """Names of every installed reader, sorted."""
    return sorted(_targets("readers"))


def transform_names() -> list[str]:
    """Names of every installed transform, sorted."""
    return sorted(_targets("transforms"))


def get_writer(name: str) -> Writer:
    """The writer called ``name`` (UsageError listing the choices if unknown)."""
    return _plugin("writers", name)  # type: ignore[no-any-return]


def get_reader(name: str) -> Reader:
    """The reader called ``name``."""
    return _plugin("readers", name)  # type: ignore[no-any-return]


def transforms() -> list[Transform]:
    """Every installed transform in running order."""
    loaded = [_plugin("transforms", n) for n in transform_names()]
    return sorted(loaded, key=lambda t: (t.order, t.name))


def writer_for_suffix(suffix: str) -> Writer:
    """The writer whose file suffix matches (``.pdf`` -> pdf)."""
    suffix = suffix.lower()
    for name in writer_names():
        w = get_writer(name)
        if w.suffix == suffix:
            return w
    raise UsageError(f"no writer produces {suffix!r} files (available: {', '.join(writer_names())})")


def reader_for_path(filename: str) -> Reader:
    """The reader claiming this file name's extension; plain text when none does."""
    lower = filename.lower()
    best: tuple[int, Reader] | None = None
    for name in reader_names():
        r = get_reader(name)
        for ext in r.extensions:
            if lower.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), r)
    return best[1] if best else get_reader("text")


def claimed_extensions() -> set[str]:
    """Every extension some reader claims (for batch discovery)."""
    return {ext for n in reader_names() for ext in get_reader(n).extensions}
