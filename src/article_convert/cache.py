"""The per-user cache folder for derived data that is slow to compute and never changes
for the same input file (font subsets, font character maps)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def user_cache_dir(kind: str) -> Path:
    """``$XDG_CACHE_HOME/article-convert/KIND`` (default ``~/.cache/article-convert/KIND``)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "article-convert" / kind


def file_key(path: Path, *extra: str) -> str:
    """A cache key for a file's current version: its resolved path, size and mtime (plus ``extra``)."""
    st = path.stat()
    ident = ":".join([str(path.resolve()), str(st.st_size), str(st.st_mtime_ns), *extra])
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]


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
