"""Article metadata from an HTML head: <title>, <meta>, OpenGraph, JSON-LD, <html lang>.

Priority (first non-empty wins): JSON-LD (NewsArticle/Article/BlogPosting...), OpenGraph /
article:* properties, plain <meta name=...>, then <title> (with a " | Site" suffix removed).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...ir import Metadata

_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportage", "webpage", "analysisnewsarticle")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (string, object or list of them)."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return [_clean(value.get("name"))] if value.get("name") else []
    return [_clean(value)] if isinstance(value, str) and value.strip() else []


def json_ld(root: Any) -> dict[str, Any]:
    """The first article-like JSON-LD object of the page (``@graph`` searched too), or {}."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
            kind = item.get("@type", "")
            kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
            if any(k in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _meta_map(root: Any) -> dict[str, str]:
    """``<meta name|property=... content=...>`` as a dict (first occurrence wins, keys lower-case)."""
    out: dict[str, str] = {}
    for el in root.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in out:
            out[key] = _clean(el.get("content"))
    return out


def head_metadata(root: Any) -> Metadata:
    """Metadata from the head of a page (before its scripts are removed: JSON-LD lives there)."""
    ld = json_ld(root)
    meta = _meta_map(root)
    title_el = root.find(".//title")
    page_title = _clean(title_el.text_content()) if title_el is not None else ""
    site = meta.get("og:site_name", "")
    if page_title and site and page_title.endswith(site):
        page_title = _TITLE_SUFFIX.sub("", page_title)
    title = _first(
        ld.get("headline"), ld.get("name"), meta.get("og:title"), meta.get("twitter:title"), page_title
    )
    authors = _names(ld.get("author")) or [
        a for a in (meta.get("author"), meta.get("article:author")) if a and not a.startswith("http")
    ]
    date = _first(
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("date"),
        meta.get("dc.date"),
        meta.get("pubdate"),
    )
    lead = _first(ld.get("description"), meta.get("og:description"), meta.get("description"))
    publisher = ld.get("publisher")
    source = _first(publisher.get("name") if isinstance(publisher, dict) else publisher, site)
    lang = _first(
        ld.get("inLanguage"),
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    )
    keywords = ld.get("keywords") or meta.get("keywords") or meta.get("news_keywords") or ""
    if isinstance(keywords, list):
        keywords = ",".join(str(k) for k in keywords)
    return Metadata(
        title=title,
        lead=lead,
        authors=tuple(dict.fromkeys(authors)),
        date=_iso_date(date),
        source=source,
        language=_bcp47(lang),
        keywords=tuple(k.strip() for k in str(keywords).split(",") if k.strip()),
    )


def _first(*values: Any) -> str:
    for v in values:
        if isinstance(v, str) and v.strip():
            return _clean(v)
    return ""


def _iso_date(value: str) -> str:
    """The ISO date part of a timestamp ("2025-12-04T10:00:00+05:00" -> "2025-12-04")."""
    m = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value.strip())
    return m.group(0) if m else ""


def _bcp47(value: str) -> str:
    """``ru_RU`` / ``ru-RU`` / ``RU`` -> ``ru-RU`` / ``ru``; empty if it does not look like a tag."""
    value = value.strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        return ""
    parts = value.split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML/XML document declares in its first 4 KB (meta charset, http-equiv, prolog)."""
    head = data[:4096].decode("ascii", "replace")
    for pattern in (
        r"<\?xml[^>]*encoding=[\"']([\w.:-]+)",
        r"<meta[^>]+charset=[\"']?([\w.:-]+)",
    ):
        m = re.search(pattern, head, re.IGNORECASE)
        if m:
            return m.group(1)
    return None
