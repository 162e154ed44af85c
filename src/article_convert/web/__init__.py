"""Fetching articles from the web: URL inputs, a guarded HTTP client, an on-disk HTTP cache.

Nothing here is imported on the ``--help`` path; httpx loads when the first URL is fetched.
Every request and every redirect goes through :mod:`.policy` (http/https only, no private,
loopback, link-local, multicast or metadata addresses unless allowed) and the address check
happens where the socket is opened (:mod:`.transport`), so DNS rebinding cannot slip through.
"""

from __future__ import annotations

from .settings import FetchSettings
from .urls import is_url

__all__ = ["FetchSettings", "is_url"]
