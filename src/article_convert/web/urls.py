"""Telling URLs from file names, and naming files after URLs."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def is_url(text: str) -> bool:
    """True for anything shaped like ``scheme://…`` (the scheme is checked later, by the policy)."""
    return bool(_URL.match(text.strip()))


def url_stem(url: str) -> str:
    """A file-name stem for a URL: its last path segment without extension, else the host."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    stem = segments[-1] if segments else ""
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    if stem.lower() in ("", "index", "default", "article", "news"):
        stem = "-".join(segments[-2:-1] + [stem]) if len(segments) > 1 else ""
    stem = stem or (parts.hostname or "page")
    stem = _UNSAFE.sub("-", stem).strip("-.")[:80]
    return stem or "page"


def url_suffix(url: str) -> str:
    """The lower-case extension of the URL's path (``.html``), or ''."""
    last = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    return "." + last.rsplit(".", 1)[1].lower() if "." in last else ""
