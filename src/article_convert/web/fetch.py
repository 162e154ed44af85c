"""Fetch one URL safely: redirects followed by hand (each hop checked), size and time limits,
conditional requests against the on-disk cache, no cookies, errors as one line naming the URL."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import __version__
from ..errors import InputError
from .cache import HttpCache
from .policy import AddressRefused, NetworkPolicy, check_url
from .settings import FetchSettings

USER_AGENT = f"article-convert/{__version__} (converts articles for e-readers; python-httpx)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ACCEPT = {
    "page": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,"
            "*/*;q=0.5",
    "image": "image/jpeg,image/png,image/webp,image/gif,image/*;q=0.8",
}
Kind = Literal["page", "feed", "image"]


class FetchError(InputError):
    """A URL could not be fetched; the message names the HTTP status or the network error."""


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: where it ended up, its media type and header charset, its bytes."""

    url: str
    final_url: str
    status: int
    media_type: str
    charset: str | None
    data: bytes
    from_cache: bool = False


@dataclass
class FetchStats:
    """What the fetcher did on the network (the CLI prints it; tests read it)."""

    requests: int = 0
    downloaded: int = 0
    """Responses whose body came over the network."""
    not_modified: int = 0
    bytes: int = 0
    urls: list[str] = field(default_factory=list)


@dataclass
class PageImages:
    """What all pages of one run share: the image URLs pages named (only those are ever fetched as
    images) and the bytes fetched once (three output formats fetch an image once)."""

    accepted: set[str] = field(default_factory=set)
    fetched: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url_locks: dict[str, threading.Lock] = field(default_factory=dict)
    """One lock per image URL: pages read in parallel threads fetch a shared image once."""

    def lock_for(self, url: str) -> threading.Lock:
        with self.lock:
            return self.url_locks.setdefault(url, threading.Lock())


def _no_cookies() -> CookieJar:
    """A cookie jar that accepts nothing, so no cookie is ever stored or sent back."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def clean_url(url: str) -> str:
    """The URL without its #fragment (servers never see it; one cache entry per resource)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


class Fetcher:
    """One HTTP client for a run (connections reused), its cache and its statistics."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.policy = NetworkPolicy.from_settings(self.settings.allow_private, self.settings.allow_networks)
        self.cache = HttpCache(self.settings.cache_path()) if self.settings.use_cache else None
        self.stats = FetchStats()
        self._client: Any = None
        self.transport: Any = None
        self.page_images = PageImages()
        """Image URLs the fetched pages named, and their bytes (see ``web.images``)."""

    def __enter__(self) -> Fetcher:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections and trim the cache."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self.cache is not None and self.stats.downloaded:
            self.cache.prune()

    def client(self) -> Any:
        """The httpx client, created on first use (httpx is imported only when a URL is fetched)."""
        if self._client is None:
            import httpx

            from .transport import GuardedTransport

            self.transport = GuardedTransport(self.policy)
            t = self.settings.timeout
            self._client = httpx.Client(
                transport=self.transport, follow_redirects=False, trust_env=False, cookies=_no_cookies(),
                timeout=httpx.Timeout(t, connect=t), headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def limit(self, kind: Kind) -> int:
        return self.settings.max_image_bytes if kind == "image" else self.settings.max_page_bytes

    def get(self, url: str, kind: Kind = "page") -> Fetched:
        """Fetch ``url``, following at most ``max_redirects`` redirects; FetchError names the URL."""
        start = clean_url(url)
        current = start
        deadline = time.monotonic() + self.settings.total_timeout
        try:
            for _hop in range(self.settings.max_redirects + 1):
                check_url(current)
                result = self._request(current, kind, deadline)
                if isinstance(result, Fetched):
                    return Fetched(url, result.final_url, result.status, result.media_type, result.charset,
                                   result.data, result.from_cache)
                current = clean_url(urljoin(current, result))
            raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", url)
        except AddressRefused as exc:
            where = f" (redirected to {current})" if current != start else ""
            raise FetchError(f"{exc}{where}", url) from None

    def _request(self, url: str, kind: Kind, deadline: float) -> Fetched | str:
        """One GET: a Fetched, or the Location of a redirect."""
        import httpx

        headers = {"Accept": ACCEPT[kind]}
        cached = self.cache.lookup(url) if self.cache is not None else None
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        self.stats.requests += 1
        self.stats.urls.append(url)
        try:
            with self.client().stream("GET", url, headers=headers) as response:
                return self._response(url, kind, response, cached, deadline)
        except httpx.TimeoutException:
            raise FetchError(f"timed out (no answer within {self.settings.timeout:g} s)", url) from None
        except httpx.TooManyRedirects:  # pragma: no cover - redirects are followed by hand
            raise FetchError("too many redirects", url) from None
        except httpx.DecodingError as exc:
            raise FetchError(f"bad compressed content ({exc})", url) from None
        except httpx.TransportError as exc:
            raise FetchError(f"network error: {_reason(exc)}", url) from None

    def _response(self, url: str, kind: Kind, response: Any, cached: Any, deadline: float) -> Fetched | str:
        status = response.status_code
        if status in REDIRECTS:
            location = response.headers.get("location", "").strip()
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location", url)
            return location
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        charset = _charset(response)
        if status == 304 and cached is not None and self.cache is not None:
            body = self.cache.body(url)
            if body is not None:
                self.stats.not_modified += 1
                return Fetched(url, url, 200, cached.content_type, _charset_of(cached.content_type), body, True)
        if status >= 400 or status < 200 or status == 304:
            if status in (404, 410) and self.cache is not None:
                self.cache.forget(url)
            reason = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FetchError(f"HTTP {status}{reason}", url)
        body = self._read(url, kind, response, deadline)
        self.stats.downloaded += 1
        self.stats.bytes += len(body)
        content_type = response.headers.get("content-type", "")
        if self.cache is not None and "no-store" not in response.headers.get("cache-control", "").lower():
            self.cache.store(url, response.headers.get("etag", ""), response.headers.get("last-modified", ""),
                             content_type, body)
        return Fetched(url, url, status, media_type, charset, body)

    def _read(self, url: str, kind: Kind, response: Any, deadline: float) -> bytes:
        """The (decompressed) body, streamed; stops at the size limit and the total deadline."""
        limit = self.limit(kind)
        what = "image" if kind == "image" else "page"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{what} too large ({_mb(int(declared))} MB; the limit is {_mb(limit)} MB)", url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{what} too large (over the {_mb(limit)} MB limit; download stopped)", url)
            if time.monotonic() > deadline:
                raise FetchError(f"too slow (not finished within {self.settings.total_timeout:g} s)", url)
            chunks.append(chunk)
        return b"".join(chunks)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


def _charset(response: Any) -> str | None:
    return _charset_of(response.headers.get("content-type", ""))


def _charset_of(content_type: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type value, or None."""
    from email.message import Message

    msg = Message()
    msg["content-type"] = content_type or "application/octet-stream"
    value = msg.get_param("charset")
    return str(value).strip().strip("'\"") or None if isinstance(value, str) else None


def _reason(exc: Exception) -> str:
    """A network error in a few words (the innermost cause's message)."""
    text = str(exc).strip()
    cause = exc.__cause__ or exc.__context__
    while not text and cause is not None:
        text = str(cause).strip()
        cause = cause.__cause__ or cause.__context__
    return " ".join((text or type(exc).__name__).split())[:200]
