"""Every feed of a digest: load each (URL or file), pick its items, read them (a few at a time);
a feed that fails is reported and the others go on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArticleConvertError, InputError
from ..settings import Settings
from .items import ItemArticle, Pages, read_item
from .parse import Feed, parse_feed, select

if TYPE_CHECKING:
    from ..web.fetch import Fetcher

THREADS = 4
DEFAULT_MAX_PER_FEED = 100
"""Items taken from one feed when ``--max-per-feed`` is not given (calibre's default too): a feed
listing 100,000 items would otherwise fetch 100,000 pages and hold every article in memory. The
older ones left out are reported."""
"""Item pages fetched at once (the network waits; parsing stays in one process)."""


@dataclass
class FeedFailure:
    """A feed that could not be loaded, and why."""

    name: str
    message: str


@dataclass
class DigestRead:
    """Every item read, grouped by feed in the order the feeds were given; the feeds that failed."""

    feeds: list[tuple[Feed, list[ItemArticle]]] = field(default_factory=list)
    failures: list[FeedFailure] = field(default_factory=list)
    capped: list[tuple[Feed, int, int]] = field(default_factory=list)
    """Feeds with more items than the limit: (feed, items left out, the limit)."""


def load_feed(spec: str, fetcher: Fetcher | None) -> Feed:
    """Fetch (a URL) or read (a file) one feed and parse it; errors name the feed."""
    from ..web.urls import is_url

    try:
        if is_url(spec):
            if fetcher is None:
                raise InputError("no network access for this run")
            got = fetcher.get(spec, "feed")
            return parse_feed(got.data, got.final_url, got.media_type, got.charset)
        path = Path(spec)
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file")
        from ..pipeline import load_source

        return parse_feed(load_source(path).data, str(path))  # at most the input limit is read
    except ArticleConvertError as exc:
        exc.with_path(spec)
        raise
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", spec) from exc


def read_feeds(specs: Sequence[str], settings: Settings, fetcher: Fetcher | None, *, since: datetime | None,
               max_per_feed: int | None, pages: Pages,
               progress: Callable[[str, str | None], None] | None = None) -> DigestRead:
    """Load every feed and read its selected items; one feed or page failing never stops the others."""
    result = DigestRead()
    jobs: list[tuple[Feed, list]] = []
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for spec in specs:
            try:
                feed = load_feed(spec, fetcher)
            except ArticleConvertError as exc:
                result.failures.append(FeedFailure(spec, str(exc)))
                if progress:
                    progress(spec, str(exc))
                continue
            limit = max_per_feed if max_per_feed is not None else DEFAULT_MAX_PER_FEED
            items = select(feed.items, since, None)
            if len(items) > limit:
                result.capped.append((feed, len(items) - limit, limit))
                items = items[:limit]
            jobs.append((feed, [pool.submit(read_item, item, feed, settings, fetcher, pages) for item in items]))
        for feed, futures in jobs:
            articles = []
            for future in futures:
                article = future.result()
                articles.append(article)
                if progress:
                    progress(article.name, f"{article.name}: {article.failed_page}; the feed's summary is used"
                             if article.failed_page else None)
            result.feeds.append((feed, articles))
    return result
