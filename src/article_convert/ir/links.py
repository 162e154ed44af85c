"""Which link targets a book may carry (web and mail addresses), and how to make them valid URLs.

Every writer keeps a link whose target is not one of these as its text only: a relative address
(``/news/12``) or a page anchor means nothing outside the site. :func:`report_unlinkable` says so
once per document, before any writer runs.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from ..diagnostics import Diagnostics
from .nodes import Document, Link
from .walk import descendants

ALLOWED_SCHEMES = ("http", "https", "mailto")

_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


_AS_IS = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?"  # an ASCII host, a port
    r"(?:/[A-Za-z0-9/%:@!$&'()*+,;=._~-]*)?"  # a path of characters safe in a path
    r"(?:\?[A-Za-z0-9/%:@!$&'()*+,;=._~?-]+)?"  # a query, not empty (an empty one is dropped)
    r"(?:#[A-Za-z0-9/%:@!$&'()*+,;=._~?-]+)?\Z"  # a fragment, the same
)
"""An address :func:`safe_url` returns unchanged, told without parsing it (a page of 200,000 links
took the EPUB writer 1.5 s in ``urlsplit`` and ``quote``); ``test_i9_safe_url_fast_path_*`` holds it so."""


def safe_url(url: str) -> str | None:
    """``url`` percent-encoded as a valid absolute URL, or None if it is not http(s)/mailto."""
    url = url.strip()
    if _AS_IS.match(url):
        return url
    return _parsed_safe_url(url)


def _parsed_safe_url(url: str) -> str | None:
    """:func:`safe_url` of a stripped address, by parsing and quoting each part."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return None
    if scheme == "mailto":
        address = quote(parts.path, safe="@.+-_~!$&'()*,;=:%")
        return f"mailto:{address}" if "@" in parts.path else None
    if not parts.hostname:
        return None
    try:
        netloc = _netloc(parts.netloc)
    except (UnicodeError, ValueError):
        return None
    path = quote(parts.path, safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_QUERY)
    fragment = quote(parts.fragment, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, fragment))


def _netloc(netloc: str) -> str:
    """Host in IDNA (punycode) form, user info and port kept."""
    userinfo, _, hostport = netloc.rpartition("@")
    if hostport.startswith("["):  # IPv6 literal
        host, port = hostport, ""
        if "]:" in hostport:
            host, port = hostport.split("]:", 1)
            host += "]"
    else:
        host, _, port = hostport.partition(":")
    if port and not port.isdigit():
        raise ValueError(f"bad port {port!r}")
    if not host.startswith("["):
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
        if any(ch in host for ch in ' <>"{}|\\^`'):
            raise ValueError(f"bad host {host!r}")
    user = quote(userinfo, safe=":%!$&'()*+,;=-._~") + "@" if userinfo else ""
    return user + host + (":" + port if port else "")


_PLAIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9_.~:/?#@!$&'()*+,;=%-]*)?\Z")
"""An http(s) address ``safe_url`` accepts as it is (ASCII host, nothing to encode): most links, cheaply."""


def linkable(url: str) -> bool:
    """True when a writer keeps ``url`` as a link (``safe_url`` gives an address for it)."""
    return bool(_PLAIN.match(url)) or safe_url(url) is not None


def report_unlinkable(doc: Document, diagnostics: Diagnostics) -> None:
    """One info line for the links whose targets are neither web nor mail addresses (their text stays)."""
    bad = [node.url for node in descendants(doc) if isinstance(node, Link) and not linkable(node.url)]
    if not bad:
        return
    first = bad[0] if len(bad[0]) <= 80 else bad[0][:79] + "…"
    diagnostics.info(
        "link-unlinkable",
        f"{len(bad)} link(s) kept as text only: their targets are not web or mail addresses (the first: "
        f"{first!r}); a saved page that declares its address (<base href>, canonical, og:url) gets its "
        "relative links resolved",
    )
