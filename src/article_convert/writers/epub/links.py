"""Which link targets an EPUB may carry, and how to make them valid URLs."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https", "mailto")

_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


def safe_url(url: str) -> str | None:
    """``url`` percent-encoded as a valid absolute URL, or None if it is not http(s)/mailto."""
    url = url.strip()
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
