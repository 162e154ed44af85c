"""The per-user cache folder for derived data that is slow to compute and never changes
for the same input file (font subsets, font character maps)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def user_cache_dir(kind: str) -> Path:
    """``$XDG_CACHE_HOME/article-convert/KIND`` (default ``~/.cache/article-convert/KIND``)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "article-convert" / kind


def file_key(path: Path, *extra: str) -> str:
    """A cache key for a file's current version: its resolved path, size and mtime (plus ``extra``)."""
    st = path.stat()
    ident = ":".join([str(path.resolve()), str(st.st_size), str(st.st_mtime_ns), *extra])
    from .digest import sha256_hex  # no hashlib on the start-up path (the start-up tables use this module)

    return sha256_hex(ident.encode("utf-8"))[:32]


def read_cached(kind: str, name: str) -> bytes | None:
    """The cached bytes, or None when absent or unreadable."""
    try:
        return (user_cache_dir(kind) / name).read_bytes()
    except OSError:
        return None


def write_cached(kind: str, name: str, data: bytes) -> None:
    """Store bytes atomically; a read-only home is not an error (the cache just stays cold)."""
    from .atomic import write_atomic

    try:
        write_atomic(user_cache_dir(kind) / name, data)
    except OSError:
        pass


def load_marshal_table(path: Path, key_ok: Callable[[Any], bool]) -> tuple[int, dict[Any, tuple[bytes, int]]]:
    """A start-up table (``regexcache``, ``dataclasscache``): its write count and entries (key ->
    (marshalled value, last write that used it)); empty when the file is missing, damaged (CRC) or
    not ours. Values stay bytes so a start unmarshals only what it uses."""
    import marshal
    import zlib

    try:
        raw = path.read_bytes()
        if zlib.crc32(raw[4:]) != int.from_bytes(raw[:4], "big"):
            return 0, {}
        generation, table = marshal.loads(raw[4:])
    except (OSError, ValueError, EOFError, TypeError):
        return 0, {}
    if type(generation) is not int or not isinstance(table, dict):
        return 0, {}
    return generation, {k: v for k, v in table.items() if key_ok(k) and type(v) is tuple and len(v) == 2
                        and type(v[0]) is bytes and type(v[1]) is int}


def save_marshal_table(path: Path, generation: int, entries: dict[Any, Any], used: set[Any],
                       last_used: dict[Any, int], keep_runs: int) -> None:
    """Write a start-up table as write number ``generation``: entries used now or within the last
    ``keep_runs`` writes, CRC first, atomically (errors ignored, like every cache write)."""
    import marshal
    import zlib

    table: dict[Any, tuple[bytes, int]] = {}
    try:
        for key, value in entries.items():
            last = generation if key in used else last_used.get(key, generation)
            if last > generation - keep_runs:
                table[key] = (value if type(value) is bytes else marshal.dumps(value), last)
        payload = marshal.dumps((generation, table))
    except ValueError:
        return
    write_cached(path.parent.name, path.name, zlib.crc32(payload).to_bytes(4, "big") + payload)
