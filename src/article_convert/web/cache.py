"""An on-disk HTTP cache keyed by URL, used only with validators (ETag, Last-Modified).

A cached response is never served without asking the server: the next request for the URL
carries ``If-None-Match``/``If-Modified-Since`` and a ``304 Not Modified`` answer (no body) reuses
the stored bytes. So a second digest run downloads nothing that did not change, and never shows
stale content. Entries are two files, ``KEY.json`` (URL, validators, content type) and ``KEY.body``,
each written atomically, so parallel batch workers share one cache safely.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import write_atomic

MAX_CACHE_BYTES = 512 * 1024 * 1024
"""When the cache grows past this, the least recently used entries are removed."""


@dataclass(frozen=True)
class CachedResponse:
    """What is kept of a response: enough to revalidate it and to use its bytes again."""

    url: str
    etag: str
    last_modified: str
    content_type: str
    stored: float


def _key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]


class HttpCache:
    """The cache folder; every method swallows file-system errors (a cache must never fail a fetch)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = _key(url)
        sub = self.folder / key[:2]
        return sub / f"{key}.json", sub / f"{key}.body"

    def lookup(self, url: str) -> CachedResponse | None:
        """The stored validators of ``url``, or None."""
        meta_path, body_path = self._paths(url)
        try:
            data = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = CachedResponse(**data)
        except (OSError, ValueError, TypeError):
            return None
        if entry.url != url or not body_path.is_file():
            return None
        return entry

    def body(self, url: str) -> bytes | None:
        """The stored bytes of ``url`` (and mark the entry used), or None."""
        meta_path, body_path = self._paths(url)
        try:
            data = body_path.read_bytes()
            os.utime(meta_path)
        except OSError:
            return None
        return data

    def store(self, url: str, etag: str, last_modified: str, content_type: str, body: bytes) -> None:
        """Keep a response that carries a validator; the body first, so a reader never sees meta without it."""
        if not (etag or last_modified):
            return
        meta_path, body_path = self._paths(url)
        entry = CachedResponse(url, etag, last_modified, content_type, time.time())
        try:
            write_atomic(body_path, body)
            write_atomic(meta_path, json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8"))
        except OSError:
            return

    def forget(self, url: str) -> None:
        """Drop the entry of ``url`` (the server no longer has it)."""
        for path in self._paths(url):
            try:
                path.unlink()
            except OSError:
                pass

    def prune(self, limit: int = MAX_CACHE_BYTES) -> None:
        """Remove the least recently used entries until the cache is under ``limit`` bytes."""
        try:
            metas = list(self.folder.glob("*/*.json"))
            entries = []
            total = 0
            for meta in metas:
                body = meta.with_suffix(".body")
                size = (body.stat().st_size if body.exists() else 0) + meta.stat().st_size
                entries.append((meta.stat().st_mtime, size, meta))
                total += size
        except OSError:
            return
        for _, size, meta in sorted(entries, key=lambda e: e[0]):
            if total <= limit:
                break
            for path in (meta, meta.with_suffix(".body")):
                try:
                    path.unlink()
                except OSError:
                    pass
            total -= size
