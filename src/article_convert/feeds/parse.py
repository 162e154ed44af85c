"""Feed bytes -> Feed: title, language and items (title, link, date, authors, summary, full content)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import InvalidInputError


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as feedparser gives it (HTML already sanitised by feedparser)."""

    title: str
    link: str
    published: datetime | None
    authors: tuple[str, ...]
    summary: str
    """The short text (RSS description, Atom summary), HTML."""
    content: str
    """The longest full text the item carries (content:encoded, Atom content, yandex:full-text), HTML."""
    index: int


@dataclass(frozen=True)
class Feed:
    """A parsed feed; ``location`` is its URL or file path."""

    location: str
    title: str
    link: str
    language: str
    items: tuple[FeedItem, ...]


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # the plain dict lookup: feedparser maps a missing updated_parsed to published_parsed (which
        # was just tried) with a DeprecationWarning
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    names = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
    if not any(names) and entry.get("author"):
        names = [entry.get("author", "")]
    return tuple(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))


def _content(entry: Any) -> str:
    """The longest full-text field of the entry."""
    texts = [c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict)]
    for key in ("yandex_full-text", "fulltext", "full-text"):
        if isinstance(entry.get(key), str):
            texts.append(entry[key])
    return max(texts, key=len, default="")


def parse_feed(data: bytes, location: str, media_type: str | None = None, charset: str | None = None) -> Feed:
    """Parse RSS 0.9x/1.0/2.0 or Atom; InvalidInputError when the bytes are not a feed."""
    import feedparser

    headers = {"content-location": location} if "://" in location else {}
    if media_type:
        headers["content-type"] = media_type + (f"; charset={charset}" if charset else "")
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # noqa: BLE001 - feedparser raises what its decoders raise (a damaged encoding name)
        raise InvalidInputError(f"not a readable RSS or Atom feed ({type(exc).__name__}: {str(exc)[:120]})") from exc
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise InvalidInputError(f"not an RSS or Atom feed{f' ({why})' if why else ''}")
    meta = parsed.feed
    items = []
    for i, entry in enumerate(parsed.entries):
        items.append(FeedItem(
            title=" ".join(str(entry.get("title", "")).split()),
            link=str(entry.get("link", "")).strip(),
            published=_when(entry),
            authors=_authors(entry),
            summary=str(entry.get("summary", "")),
            content=_content(entry),
            index=i,
        ))
    return Feed(location, " ".join(str(meta.get("title", "")).split()), str(meta.get("link", "")),
                str(meta.get("language", "")).strip(), tuple(items))


def select(items: tuple[FeedItem, ...], since: datetime | None, limit: int | None) -> list[FeedItem]:
    """Items newer than ``since`` (undated ones kept: nothing says they are old), newest first, at most ``limit``."""
    kept = [i for i in items if since is None or i.published is None or i.published >= since]
    kept.sort(key=lambda i: (i.published is None, -(i.published.timestamp() if i.published else 0), i.index))
    return kept[:limit] if limit is not None else kept
