"""How URLs are fetched: limits, timeouts, the network policy and the cache, resolved once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class FetchSettings:
    """Everything the fetcher needs; plain data, so batch workers receive it pickled."""

    timeout: float = 20.0
    """Seconds allowed for connecting and between two reads."""
    total_timeout: float = 120.0
    """Seconds allowed for one whole request (a server trickling bytes is cut off here)."""
    max_redirects: int = 5
    max_page_bytes: int = 20 * MB
    max_image_bytes: int = 10 * MB
    allow_private: bool = False
    """Allow loopback, private, link-local and unique-local addresses (never the metadata ones)."""
    allow_networks: tuple[str, ...] = ()
    """Only these networks (CIDR) are allowed among the non-public ones; implies nothing else."""
    use_cache: bool = True
    cache_dir: str | None = None
    """The HTTP cache folder; None = ``$XDG_CACHE_HOME/article-convert/http`` (or ~/.cache/...)."""

    def cache_path(self) -> Path:
        """Where cached responses live."""
        if self.cache_dir:
            return Path(self.cache_dir)
        base = os.environ.get("XDG_CACHE_HOME") or ""
        if base and Path(base).is_absolute():
            return Path(base) / "article-convert" / "http"
        try:
            home = Path.home()
        except RuntimeError:  # no home folder (a bare service account): a cache per machine
            import tempfile

            home = Path(tempfile.gettempdir())
        return home / ".cache" / "article-convert" / "http"
