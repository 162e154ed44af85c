"""Byte code of the methods ``dataclasses`` generates, kept from one run to the next (issue 18).

Every ``@dataclass`` writes the source of its ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``…
and compiles it with ``exec`` when the class is created: ~90 classes (the IR, settings, records)
cost 0.03-0.06 s CPU of a cold start, mostly in the compiler. The source is the same every run,
so this module gives ``dataclasses`` an ``exec`` that looks the compiled code up by its source
text (keyed by its CRC-32 and length, the text itself compared) in one ``marshal`` file of the
per-user cache (``…/article-convert/dataclass/``), the way Python keeps ``.pyc`` files, and
compiles (and remembers) what it has not seen.

Only what is executed changes hands, never what it means: the code object is the one ``compile``
made for that exact source on this exact interpreter (the file is named by the full
``sys.version``; a CRC guards the payload; anything damaged is ignored). ``startup.py`` installs
it first thing; the table is written at exit when something new was compiled.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from pathlib import Path
from typing import Any

FORMAT = 4
KEEP_RUNS = 50
"""An entry no writing run has used for this many writes is dropped (a command-line run writes
what it used; different commands share the table)."""

_table: dict[int, Any] = {}  # key of a source -> marshalled (source, code) until first used, then that pair
_last_used: dict[int, int] = {}  # key -> the write that last saw it used
_generation = 0  # writes of the table so far
_used: set[int] = set()
_new = False
_installed = False


def cache_path() -> Path:
    """This interpreter's table in the per-user cache (``$XDG_CACHE_HOME/article-convert/dataclass``)."""
    from .cache import user_cache_dir

    ident = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{sys.hexversion}"
    return user_cache_dir("dataclass") / f"{zlib.crc32(ident.encode()):08x}.marshal"


def _key(source: str) -> int:
    """The table key of a method's source: its CRC-32 and length. The table is keyed by this number,
    not by the text, so a start unmarshals ~900 small ints instead of ~330 KB of source strings
    (~3 ms); the entry itself holds the source, compared before its code is used (a collision
    compiles as if nothing were stored)."""
    return zlib.crc32(source.encode("utf-8", "surrogatepass")) | len(source) << 32


def _load(path: Path) -> tuple[int, dict[int, tuple[bytes, int]]]:
    """The stored generation and table (key -> (marshalled (source, code), last use)); empty when the
    file is missing, damaged or not ours. Entries stay bytes until their class is made."""
    from .cache import load_marshal_table

    return load_marshal_table(path, lambda key: type(key) is int)


def _code(source: str, key: int) -> Any:
    """The stored code object for ``source`` (unmarshalled on first use), or None."""
    value = _table.get(key)
    if type(value) is bytes:
        try:
            value = marshal.loads(value)
        except (ValueError, EOFError, TypeError):
            value = None
        if type(value) is not tuple or len(value) != 2 or type(value[1]) is not type(_code.__code__):
            _table.pop(key, None)
            return None
        _table[key] = value
    if value is None or value[0] != source:
        return None  # not stored, or another source with the same key
    return value[1]


def _read() -> None:
    """Fill the table from the file."""
    global _generation
    _generation, stored = _load(cache_path())
    for key, (entry, last) in stored.items():
        _table[key] = entry
        _last_used[key] = last


def cached_exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` for ``dataclasses``: a str source runs as its remembered compiled code."""
    global _new
    if type(source) is not str:
        exec(source, globals, locals)  # noqa: S102 - what dataclasses asked for
        return
    key = _key(source)
    code = _code(source, key)
    if code is None:
        code = compile(source, "<string>", "exec")  # what exec(source) compiles
        _table[key] = (source, code)
        _new = True
    _used.add(key)
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
    _read()
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]  # found before the builtin
    import atexit

    atexit.register(save)


def save() -> None:
    """Write the table when this process compiled something new (atomically; errors ignored)."""
    global _new
    if not _new:
        return
    _new = False
    from .cache import save_marshal_table

    save_marshal_table(cache_path(), _generation + 1, _table, _used, _last_used, KEEP_RUNS)

