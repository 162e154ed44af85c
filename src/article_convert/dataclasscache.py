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
import sys
import zlib
from pathlib import Path
from typing import Any

FORMAT = 3
KEEP_RUNS = 50
"""An entry no writing run has used for this many writes is dropped (a command-line run writes
what it used; different commands share the table)."""

_table: dict[str, Any] = {}  # source -> marshal bytes until first used, then the code object
_last_used: dict[str, int] = {}  # source -> the write that last saw it used
_generation = 0  # writes of the table so far
_used: set[str] = set()
_new = False
_installed = False


def cache_path() -> Path:
    """This interpreter's table in the per-user cache (``$XDG_CACHE_HOME/article-convert/dataclass``)."""
    from .cache import user_cache_dir

    ident = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{sys.hexversion}"
    return user_cache_dir("dataclass") / f"{zlib.crc32(ident.encode()):08x}.marshal"


def _load(path: Path) -> tuple[int, dict[str, tuple[bytes, int]]]:
    """The stored generation and table (source text -> (marshalled code, last use)); empty when the
    file is missing, damaged or not ours. Code stays bytes until its class is made."""
    from .cache import load_marshal_table

    return load_marshal_table(path, lambda key: type(key) is str)


def _code(source: str) -> Any:
    """The stored code object for ``source`` (unmarshalled on first use), or None."""
    value = _table.get(source)
    if type(value) is bytes:
        try:
            value = marshal.loads(value)
        except (ValueError, EOFError, TypeError):
            value = None
        if type(value) is not type(_code.__code__):
            _table.pop(source, None)
            return None
        _table[source] = value
    return value


def _read() -> None:
    """Fill the table from the file."""
    global _generation
    _generation, stored = _load(cache_path())
    for source, (code, last) in stored.items():
        _table[source] = code
        _last_used[source] = last


def cached_exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` for ``dataclasses``: a str source runs as its remembered compiled code."""
    global _new
    if type(source) is not str:
        exec(source, globals, locals)  # noqa: S102 - what dataclasses asked for
        return
    code = _code(source)
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

