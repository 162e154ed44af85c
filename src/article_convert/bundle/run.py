"""One bundle from start to end: find inputs, read each, arrange, render with one writer, write atomically."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from ..context import Context, ConvertOptions
from ..diagnostics import Diagnostic, Diagnostics
from ..errors import InputError, UsageError, WriteError
from ..ir import Metadata
from ..paths import resolved
from ..settings import Settings, resolve_settings
from .arrange import Entry, SectionBy, SortBy, build_bundle
from .collect import Failure, Found, common_base, find_inputs, read_all, rebased

if TYPE_CHECKING:
    from ..feeds.digest import DigestRead
    from ..images import ImageSource
    from ..web.fetch import Fetcher, FetchStats
    from ..web.settings import FetchSettings


@dataclass(frozen=True)
class BundleConfig:
    """What ``article-convert bundle`` was asked to do."""

    sources: tuple[str, ...]
    output: Path
    options: ConvertOptions = field(default_factory=ConvertOptions)
    from_format: str | None = None
    section_by: SectionBy = "folder"
    sort: SortBy = "date"
    title: str | None = None
    date: str | None = None
    now: datetime | None = None
    """The clock for the default title/date and the writer (None = now, UTC)."""
    feeds: tuple[str, ...] = ()
    """RSS/Atom feeds (URLs or files): a section per feed, its items newest first."""
    since: str | None = None
    """Only feed items newer than this (``24h``, ``7d``, ``YYYY-MM-DD``)."""
    max_per_feed: int | None = None
    pages: Literal["auto", "always", "never"] = "auto"
    """Fetch each item's page (auto: unless the item holds the whole article)."""
    fetch: FetchSettings | None = None
    """How URLs are fetched (None = the defaults: public addresses only, cache on)."""
    follow_symlinks: bool = False
    """Take files reached through symbolic links that lead out of a SRC folder."""
    book_metadata: tuple[tuple[str, str], ...] = ()
    """The book's own metadata from ``--subtitle``, ``--description``, ``--author`` (after ``-M``, so
    they win); ``-M`` pairs describe the book too, never its articles."""


@dataclass
class BundleResult:
    """What was written, from how many articles, what failed and what was noticed on the way."""

    output: Path
    articles: int
    failures: list[Failure]
    warnings: list[tuple[str, Diagnostic]]
    seconds: dict[str, float]
    network: FetchStats | None = None
    """What was fetched (None when nothing needed the network)."""
    notes: list[str] = field(default_factory=list)
    """Inputs left out on purpose (symbolic links out of a SRC folder)."""

    @property
    def exit_code(self) -> int:
        """0 when every input made it into the bundle, 1 when some were skipped."""
        return 1 if self.failures else 0


def run_bundle(config: BundleConfig, progress: Callable[[Found, str | None], None] | None = None) -> BundleResult:
    """Build and write the bundle; single failing inputs are skipped (all of them fatal with --strict)."""
    from ..atomic import remove_stale_temp_files, write_atomic
    from ..pipeline import render, writer_for_output

    settings = resolve_settings(config.options)  # every option checked once, before any input is looked at
    writer, extra = writer_for_output(config.output, has_t=False)
    # --lang is the book's language and the fallback, never forced on an article; -M describes the book
    articles = replace(settings.for_articles(), metadata=())
    book_pairs = settings.metadata + config.book_metadata
    now = config.now or datetime.now(timezone.utc).replace(microsecond=0)
    since = _since(config, now)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    notes: list[str] = []
    found = find_inputs(config.sources, follow_symlinks=config.follow_symlinks,
                        skip=[resolved(config.output)], notes=notes)
    if not found and not config.feeds:
        raise UsageError("no input files found (give article files or folders holding them)")
    fetcher = _fetcher(config, found)
    try:
        collected = read_all(found, articles, config.from_format, progress, fetcher)
        digest = _read_feeds(config, articles, fetcher, since, progress)
        seconds["read"] = time.perf_counter() - t0
        failures = collected.failures + [Failure(f.name, f.message) for f in (digest.failures if digest else [])]
        warnings = [(str(item.found.name), d) for item in collected.loaded for d in item.diagnostics.warnings()]
        entries = [Entry(rebased(item, common_base(collected.loaded)), item.found.rel.as_posix(), item.found.folder,
                         item.found.order) for item in collected.loaded]
        if digest is not None:
            entries += _digest_entries(digest, len(entries), warnings)
        if failures and settings.strict:
            raise InputError(f"{len(failures)} input(s) failed; nothing written (--strict). "
                             f"First: {failures[0].message}")
        if settings.strict and any(d.code == "page-unavailable" for _, d in warnings):
            raise InputError("some feed items have no page; nothing written (--strict)")
        if settings.strict and any(d.code == "feed-items-capped" for _, d in warnings):
            raise InputError("some feeds have more items than --max-per-feed; nothing written (--strict)")
        if not entries:
            raise InputError("no input could be read; nothing written" if failures or not config.feeds
                             else "the feeds have no items in the chosen period; nothing written")
        sort = config.sort
        doc = build_bundle(entries, section_by=config.section_by, sort=sort, title=config.title or _pair(book_pairs, "title"),
                           date_text=config.date or _iso_pair(book_pairs), lang=articles.book_language or
                           _pair(book_pairs, "lang", "language") or None, now=now, digest=bool(config.feeds))
        doc = replace(doc, meta=book_meta(doc.meta, book_pairs, config))
        base = common_base(collected.loaded)
        ctx = Context(options=config.options, settings=settings.with_writer_options(extra),
                      diagnostics=Diagnostics(strict=settings.strict), now=now, base_dir=base,
                      source_name=config.output.name, images=_images(fetcher, base))
        t0 = time.perf_counter()
        data = render(doc, writer, ctx)
        seconds["write"] = time.perf_counter() - t0
    finally:
        if fetcher is not None:
            fetcher.close()
    remove_stale_temp_files(config.output.parent)  # left by an earlier run that was killed
    try:
        write_atomic(config.output, data)
    except OSError as exc:
        raise WriteError(f"cannot write {config.output}: {exc.strerror or exc}") from exc
    warnings += [(config.output.name, d) for d in ctx.diagnostics.warnings()]
    return BundleResult(config.output, len(entries), failures, warnings, seconds,
                        fetcher.stats if fetcher is not None else None, notes)


def book_meta(meta: Metadata, pairs: tuple[tuple[str, str], ...], config: BundleConfig) -> Metadata:
    """The book's metadata with ``-M`` and ``--subtitle``/``--description``/``--author`` applied;
    ``--title`` and ``--date`` stay as given (they win over ``-M title=``/``date=``)."""
    from ..transforms.metadata import apply_overrides

    out = apply_overrides(meta, pairs)
    return replace(out, title=meta.title if config.title or not out.title.strip() else out.title,
                   date=meta.date if config.date or not out.date.strip() else out.date)


def _pair(pairs: tuple[tuple[str, str], ...], *keys: str) -> str | None:
    """The last non-empty value of any of ``keys`` among ``-M`` pairs, stripped, or None."""
    found = [v.strip() for k, v in pairs if k.strip().lower() in keys and v.strip()]
    return found[-1] if found else None


def _iso_pair(pairs: tuple[tuple[str, str], ...]) -> str | None:
    """``-M date=`` when it is a whole day (YYYY-MM-DD): the book's date, in its default title too."""
    value = _pair(pairs, "date")
    return value[:10] if value and _ISO_DAY.match(value) else None


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _since(config: BundleConfig, now: datetime) -> datetime | None:
    """``--since`` as a moment (checked before anything is fetched)."""
    if config.since is None:
        return None
    from ..feeds.since import parse_since

    if not config.feeds:
        raise UsageError("--since applies to --feed inputs only")
    return parse_since(config.since, now)


def _fetcher(config: BundleConfig, found: list[Found]) -> Fetcher | None:
    """A fetcher when a URL or a feed needs the network (a local feed's item pages do)."""
    if not config.feeds and not any(item.url for item in found):
        return None
    from ..web.fetch import Fetcher

    return Fetcher(config.fetch)


def _read_feeds(config: BundleConfig, settings: Settings, fetcher: Fetcher | None, since: datetime | None,
                progress: Callable[[Found, str | None], None] | None) -> DigestRead | None:
    """Every feed's items; a feed that fails is reported through ``progress`` at once (as inputs are)."""
    if not config.feeds:
        return None
    from ..feeds.digest import read_feeds

    def feed_failed(name: str, error: str | None) -> None:
        if progress is not None and error is not None and name in config.feeds:
            progress(Found(Path(name), PurePosixPath(name), "", -1), error)

    return read_feeds(config.feeds, settings, fetcher, since=since, max_per_feed=config.max_per_feed,
                      pages=config.pages, progress=feed_failed)


def _digest_entries(digest: DigestRead, start: int, warnings: list[tuple[str, Diagnostic]]) -> list[Entry]:
    """Entries for the feed items: the feed's title is the section, each item's time orders it."""
    from urllib.parse import urlsplit

    entries: list[Entry] = []
    for feed, left_out, limit in digest.capped:
        warnings.append((feed.location, Diagnostic(
            "feed-items-capped", f"{left_out} older item(s) left out: at most {limit} per feed "
            "(--max-per-feed N takes more)")))
    for feed, articles in digest.feeds:
        section = feed.title or urlsplit(feed.location).hostname or feed.location
        for article in articles:
            when = article.item.published.timestamp() if article.item.published else None
            entries.append(Entry(article.doc, article.name, section, start + len(entries), when))
            warnings.extend((article.name, d) for d in article.diagnostics.warnings())
            if article.failed_page:
                warnings.append((article.name, Diagnostic(
                    "page-unavailable", f"{article.failed_page}; the feed's summary is used")))
    return entries


def _images(fetcher: Fetcher | None, base: Path) -> ImageSource | None:
    """The bundle's image source: local files under ``base``, plus the fetched pages' images."""
    if fetcher is None:
        return None
    from ..images import LocalImages
    from ..web.images import WebImages

    return WebImages(fetcher, None, LocalImages(base))
