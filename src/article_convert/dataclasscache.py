"""Byte code of the methods ``dataclasses`` generates, kept from one run to the next (issue 18).

Every ``@dataclass`` writes the source of its ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``…
and compiles it with ``exec`` when the class is created: ~90 classes (the IR, settings, records)
cost 0.03-0.06 s CPU of a cold start, mostly in the compiler. The source is the same every run,
so this module gives ``dataclasses`` an ``exec`` that looks the compiled code up by its source
text in one ``marshal`` file of the per-user cache (``…/article-convert/dataclass/``), the way
Python keeps ``.pyc`` files, and compiles (and remembers) what it has not seen.

Only what is executed changes hands, never what it means: the code object is the one ``compile``
made for that exact source on this exact interpreter (the file is named by the full
``sys.version``; a CRC guards the payload; anything damaged is ignored). ``startup.py`` installs
it first thing; the table is written at exit when something new was compiled.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRIES = 3000
"""A run that would grow the table past this keeps only what it used."""

_table: dict[str, Any] = {}
_used: set[str] = set()
_new = False
_installed = False


def cache_path() -> Path:
    """This interpreter's table in the per-user cache (``$XDG_CACHE_HOME/article-convert/dataclass``)."""
    ident = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{sys.hexversion}"
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "article-convert" / "dataclass" / f"{zlib.crc32(ident.encode()):08x}.marshal"


def _load(path: Path) -> dict[str, Any]:
    """The stored table (source text -> code object), or an empty one when missing or damaged."""
    try:
        raw = path.read_bytes()
        if zlib.crc32(raw[4:]) != int.from_bytes(raw[:4], "big"):
            return {}
        table = marshal.loads(raw[4:])
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(table, dict):
        return {}
    code_type = type(_load.__code__)
    return {k: v for k, v in table.items() if type(k) is str and type(v) is code_type}


def cached_exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` for ``dataclasses``: a str source runs as its remembered compiled code."""
    global _new
    if type(source) is not str:
        exec(source, globals, locals)  # noqa: S102 - what dataclasses asked for
        return
    code = _table.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")  # what exec(source) compiles
        _table[source] = code
        _new = True
    _used.add(source)
    exec(code, globals, locals)  # noqa: S102 - the same code compile(source) gives


def install() -> None:
    """Give ``dataclasses`` the caching ``exec`` and store new entries at exit (idempotent)."""
    global _installed
    if _installed:
        return
    import dataclasses

    if "exec" in vars(dataclasses):  # someone else's hook: leave it alone
        return
    _installed = True
    _table.update(_load(cache_path()))
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]  # found before the builtin
    import atexit

    atexit.register(save)


def save() -> None:
    """Write the table when this process compiled something new (atomically; errors ignored)."""
    global _new
    if not _new:
        return
    _new = False
    table = _table if len(_table) <= MAX_ENTRIES else {k: v for k, v in _table.items() if k in _used}
    try:
        payload = marshal.dumps(table)
    except ValueError:
        return
    from .cache import write_cached

    write_cached("dataclass", cache_path().name, zlib.crc32(payload).to_bytes(4, "big") + payload)

