"""Compiled regular expressions kept from one run to the next (issue 18: cold start).

A cold conversion compiled ~190 patterns (0.08-0.14 s CPU), more than half of it one pattern
of reportlab's (``platypus.paragraph.uri_pat``: a case-insensitive class over U+00A1-U+FFFF) that
no module of ours can make lazy. ``re`` turns a pattern into a list of opcodes and hands it to
``_sre.compile``; this module records the arguments of that call, per pattern and flags, in one
``marshal`` file of the per-user cache (``…/article-convert/regex/``), and the next process hands
them straight to ``_sre.compile``, skipping the parse and the charset optimisation.

Safe by construction: the file is named by the interpreter's exact version and ``_sre.MAGIC``,
carries a CRC of its payload (a damaged or foreign file is ignored and rewritten), and
``_sre.compile`` validates any opcode list it is given. Only plain str/bytes patterns are
cached; anything unusual (DEBUG flag, a pattern that fails, arguments marshal cannot store)
takes the normal path. ``startup.py`` installs it before the command line imports click and
everything else; the table is written at exit when something new was compiled.
"""

from __future__ import annotations

import _sre
import marshal
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

FORMAT = 4
KEEP_RUNS = 50
"""An entry no writing run has used for this many writes is dropped: some patterns are built
anew in every process (reportlab's ``rl_safe_eval`` joins a set of names, in hash order)."""

_Key = tuple[Any, int]
_table: dict[_Key, bytes | tuple[Any, ...]] = {}  # marshal bytes until first used, then the arguments
_last_used: dict[_Key, int] = {}  # key -> the write that last saw it used
_generation = 0  # writes of the table so far
_used: set[_Key] = set()
_fresh: set[_Key] = set()  # compiled by this process, not found in the table
_new = False
_original: Any = None
_lock = threading.Lock()


def _tag() -> str:
    import _sre

    ident = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}"
    return f"{zlib.crc32(ident.encode()):08x}"


def cache_path() -> Path:
    """This interpreter's table in the per-user cache (``$XDG_CACHE_HOME/article-convert/regex``)."""
    from .cache import user_cache_dir

    return user_cache_dir("regex") / f"{_tag()}.marshal"


def _load(path: Path) -> tuple[int, dict[_Key, tuple[bytes, int]]]:
    """The stored generation and table (key -> (marshalled arguments, last use)); empty when the
    file is missing, damaged or not ours. Arguments stay bytes until a pattern is asked for, so a
    start pays only for the patterns it uses."""
    from .cache import load_marshal_table

    return load_marshal_table(path, lambda key: type(key) is tuple and len(key) == 2)


def _arguments(key: _Key) -> tuple[Any, ...] | None:
    """The stored ``_sre.compile`` arguments of ``key`` (unmarshalled on first use), or None."""
    value = _table.get(key)
    if type(value) is bytes:
        try:
            value = marshal.loads(value)
        except (ValueError, EOFError, TypeError):
            value = None
        if type(value) is not tuple:
            _table.pop(key, None)
            return None
        _table[key] = value
    return value  # type: ignore[return-value]


class _Recorder:
    """Stands in for ``_sre`` inside ``re._compiler`` for one compile and keeps the ``compile`` call."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.args: tuple[Any, ...] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def compile(self, *args: Any) -> Any:
        self.args = args
        return self.real.compile(*args)


def _plain(value: Any) -> Any:
    """Opcodes are int subclasses (named constants) that marshal refuses: store them as ints."""
    if isinstance(value, int) and type(value) is not bool:
        return int(value)
    if type(value) is list:
        return [_plain(v) for v in value]
    return value


def _compiler_module() -> Any:
    """``re._compiler`` (Python 3.11+) or ``sre_compile`` (3.10): where ``re`` compiles."""
    try:
        from re import _compiler  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_compile as _compiler
    return _compiler


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` with the table in front."""
    global _new
    _compiler = _compiler_module()
    if type(p) not in (str, bytes) or flags & _compiler.SRE_FLAG_DEBUG:
        return _original(p, flags)
    key = (p, int(flags))
    args = _arguments(key)
    if args is not None:
        try:
            pattern = _sre.compile(*args)  # the real module: never the recorder another thread put in place
            _used.add(key)
            return pattern
        except (RuntimeError, TypeError, ValueError, OverflowError):  # stale or damaged: compile below
            _table.pop(key, None)
    with _lock:
        real = _compiler._sre
        recorder = _Recorder(real)
        _compiler._sre = recorder
        try:
            pattern = _original(p, flags)
        finally:
            _compiler._sre = real
    if recorder.args is not None:
        stored = tuple(_plain(a) for a in recorder.args)
        try:
            marshal.dumps(stored)
        except ValueError:
            return pattern
        _table[key] = stored
        _used.add(key)
        _fresh.add(key)
        _new = True
    return pattern


def _read() -> None:
    """Fill the table from the file."""
    global _generation
    _generation, stored = _load(cache_path())
    for key, (args, last) in stored.items():
        _table[key] = args
        _last_used[key] = last


def install() -> None:
    """Serve ``re`` compiles from the table from now on, and store new ones at exit (idempotent)."""
    global _original
    if _original is not None:
        return
    _compiler = _compiler_module()
    if not hasattr(_compiler, "_sre") or not callable(getattr(_compiler, "compile", None)):
        return  # another Python's re: leave it alone
    _read()
    _original = _compiler.compile
    _compiler.compile = _compile
    import atexit

    atexit.register(save)


def _reordered(key: _Key) -> bool:
    """True when the table holds ``key``'s alternation with its parts in another order: a pattern
    built from a set, joined in hash order (reportlab's ``rl_safe_eval`` builds one at import), is
    new in every process and would otherwise rewrite the whole table at every exit (~4 ms CPU and an
    fsync of ~1 MB for each reportlab run)."""
    pattern, flags = key
    if ("|" if type(pattern) is str else b"|") not in pattern:
        return False
    letters = sorted(pattern)
    return any(other != key and other[1] == flags and type(other[0]) is type(pattern)
               and len(other[0]) == len(pattern) and sorted(other[0]) == letters for other in _last_used)


def save() -> None:
    """Write the table when this process compiled something new (atomically; errors ignored) — not
    when all it compiled anew are reorderings of stored alternations (``_reordered``)."""
    global _new
    if not _new:
        return
    _new = False
    if _fresh and all(_reordered(key) for key in _fresh):
        return
    from .cache import save_marshal_table

    save_marshal_table(cache_path(), _generation + 1, _table, _used, _last_used, KEEP_RUNS)
    _fresh.clear()

