"""A URL as an input: fetch the page and describe it as a Source the readers understand."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..plugins import Source
from .fetch import Fetcher

_READERS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "application/json": "json",
}
_FEEDS = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def fetch_source(url: str, fetcher: Fetcher) -> Source:
    """The page at ``url`` as a Source (named by the URL the user gave; images resolve at the final one)."""
    got = fetcher.get(url, "page")
    return Source(got.data, None, url=got.final_url, charset=got.charset, media_type=got.media_type or None)


_BASE = re.compile(rb"""<base\s[^>]*?href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def page_base(source: Source) -> str | None:
    """The URL a fetched page's relative links and images resolve against: its ``<base href>`` (http/https
    only), else the URL it was fetched from; None for a file."""
    if source.url is None:
        return None
    return declared_base(source) or source.url


def declared_base(source: Source) -> str | None:
    """The page's own ``<base href>`` as an absolute http(s) URL (joined to the URL it came from), else None."""
    m = _BASE.search(source.data[:65536])
    if m:
        base = urljoin(source.url or "", m.group(1).decode("ascii", "replace").strip())
        if urlsplit(base).scheme in ("http", "https") and urlsplit(base).hostname:
            return base
    return None


def reader_name_for(source: Source) -> str | None:
    """The reader a fetched page's Content-Type asks for; None to decide by the URL's suffix or the bytes."""
    media = (source.media_type or "").lower()
    if media in _FEEDS:
        raise InputError("this is a news feed, not an article: use `article-convert bundle --feed URL`")
    if media in _READERS:
        return _READERS[media]
    if media.startswith(("image/", "audio/", "video/", "font/")) or media in ("application/pdf", "application/zip"):
        raise InputError(f"not an article (the server says {media})")
    head = source.data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<!--")):
        return "html"
    return None
