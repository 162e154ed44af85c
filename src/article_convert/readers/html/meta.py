"""Article metadata from an HTML head: <title>, <meta>, OpenGraph, JSON-LD, <html lang>.

Priority (first non-empty wins): JSON-LD (NewsArticle/Article/BlogPosting...), OpenGraph /
article:* properties, plain <meta name=...>, then <title> (with a " | Site" suffix removed).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from typing import Any

from ...ir import Metadata

_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportage", "webpage", "analysisnewsarticle")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _names(value: Any, depth: int = 0) -> list[str]:
    """Author names from a JSON-LD author value (string, object or list of them, nested at most
    ``_LD_DEPTH`` deep: a hostile nesting is not followed down to the recursion limit)."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v, depth + 1)] if depth < _LD_DEPTH else []
    if isinstance(value, dict):
        return [_clean(value.get("name"))] if value.get("name") else []
    return [_clean(value)] if isinstance(value, str) and value.strip() else []


def json_ld(root: Any) -> dict[str, Any]:
    """The first article-like JSON-LD object of the page (``@graph`` searched too), or {}."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", (script.text or "").strip())
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's recursion limit
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
                return {key: _unescaped(value) for key, value in item.items()}
    return {}


_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")
_LD_DEPTH = 8
"""How deep into a JSON-LD value its strings are unescaped (author lists, publisher objects); deeper
values are left as they are, so a hostile nesting costs nothing."""


def _unescaped(value: Any, depth: int = 0) -> Any:
    """``value`` with HTML character references in its strings decoded: many sites write JSON-LD
    from already-escaped HTML (``Privacy \\u0026amp; Technology``), which would print as ``&amp;``."""
    if isinstance(value, str):
        return html.unescape(value) if _CHAR_REFERENCE.search(value) else value
    if depth >= _LD_DEPTH:
        return value
    if isinstance(value, list):
        return [_unescaped(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _unescaped(v, depth + 1) for k, v in value.items()}
    return value


def _meta_map(root: Any) -> dict[str, str]:
    """``<meta property|name|itemprop=... content=...>`` as a dict, keys lower-case with ":" as "."
    for Dublin Core; a ``property`` beats a ``name``; space-separated keys give one entry each."""
    out: dict[str, str] = {}
    for attr in ("property", "name", "itemprop"):
        for el in root.xpath(f"//meta[@{attr}]"):
            content = _clean(_unescaped(el.get("content") or ""))  # double-escaped by its CMS: &amp;amp;
            if not content:
                continue
            for key in (el.get(attr) or "").lower().split():
                key = re.sub(r"^(dc|dcterms?)[:.]", r"\1.", key)
                out.setdefault(key, content)
    return out


def head_metadata(root: Any) -> Metadata:
    """Metadata from the head of a page (before its scripts are removed: JSON-LD lives there)."""
    ld = json_ld(root)
    meta = _meta_map(root)
    page_title = next((t for t in (_clean(el.text_content()) for el in root.iter("title")) if t), "")
    site = meta.get("og:site_name", "")
    declared = _first(
        _ld_title(ld, page_title),
        meta.get("dc.title"),
        meta.get("dcterm.title"),
        meta.get("dcterms.title"),
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.get("parsely-title"),
    )
    h1 = _h1_texts(root)
    authors = _names(ld.get("author")) or meta_authors(meta)
    title = clean_title(declared or page_title, site, h1, page_title, site_names(root, meta, ld), authors)
    date = _first(
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("dc.date"),
        meta.get("dc.date.issued"),
        meta.get("dcterms.date"),
        meta.get("pubdate"),
        meta.get("publish-date"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
        ld.get("dateCreated"),
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
    address = page_address(root, meta, ld)
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
        extra=(("url", address),) if address else (),
    )


def page_address(root: Any, meta: dict[str, str], ld: dict[str, Any]) -> str:
    """The address the page declares for itself (canonical link, og:url, JSON-LD ``url`` or
    ``mainEntityOfPage``), absolute http(s) only; '' when it declares none. A saved page keeps
    where it came from, and its relative links resolve against it."""
    from urllib.parse import urlsplit

    entity = ld.get("mainEntityOfPage")
    candidates = [*root.xpath("//link[@rel='canonical']/@href")[:1], meta.get("og:url", ""),
                  ld.get("url"), entity.get("@id") if isinstance(entity, dict) else entity]
    for value in candidates:
        if not isinstance(value, str):
            continue
        value = value.strip()
        try:
            parts = urlsplit(value)
        except ValueError:
            continue
        if parts.scheme.lower() in ("http", "https") and parts.hostname and not any(c.isspace() for c in value):
            return value
    return ""


_SEPARATORS = re.compile(r"\s+(?:[|–—\-·•»/]|::|\|\||-{2})\s+|\s*\|\s*")


def _ld_title(ld: dict[str, Any], page_title: str) -> str:
    """JSON-LD ``headline`` or ``name``: when both differ, the one closer to the page's <title>."""
    headline, name = _first(ld.get("headline")), _first(ld.get("name"))
    if headline and name and headline != name:
        page = set(_fold(page_title).split())
        share = {t: len(page & set(_fold(t).split())) / (len(page) or 1) for t in (headline, name)}
        return name if share[name] > share[headline] else headline
    return headline or name


def site_names(root: Any, meta: dict[str, str], ld: dict[str, Any]) -> list[str]:
    """The names the page itself gives its site: evidence that a title part is the site, not the article.

    og:site_name, application-name, the JSON-LD publisher, the host of the page's own URL
    (og:url, canonical) and the text or logo alt of its links to the site's home page
    ("/" or the bare origin).
    """
    found = [meta.get(k, "") for k in ("og:site_name", "application-name", "apple-mobile-web-app-title")]
    publisher = ld.get("publisher")
    found.append(_first(publisher.get("name") if isinstance(publisher, dict) else publisher))
    urls = [meta.get("og:url", "")] + [u for u in root.xpath("//link[@rel='canonical']/@href")][:1]
    origins = set()
    for url in urls:
        m = re.match(r"^https?://(?:www\.)?([^/:?#]+)", url.strip(), re.IGNORECASE)
        if m:
            host = m.group(1).lower()
            origins.add(host)
            found += [host, host.rsplit(".", 1)[0]]
    for a in root.xpath("(//a[@href])[position() <= 400]"):  # not a proxy for each of 200,000 links
        href = (a.get("href") or "").strip().lower().rstrip("/")
        m = re.match(r"^(?:https?:)?//(?:www\.)?([^/:?#]+)$", href)
        if href in ("", "/", ".", "index.html") or (m and m.group(1) in origins) or "home" in (a.get("rel") or ""):
            if href == "" and (a.get("href") or "").strip() != "/":
                continue
            found.append(_clean(a.text_content()))
            found += [_clean(img.get("alt")) for img in a.iter("img")]
    return [n for n in dict.fromkeys(found) if n and len(n) <= 80]


def _compact(text: str) -> str:
    """Letters and digits only: "The Guardian" and "theguardian" compare equal."""
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def _is_site(part: str, sites: list[str]) -> bool:
    """True when a title part is (or contains) one of the names the page gives its site."""
    p, c = _fold(part), _compact(part)
    if not c:
        return False
    for site in sites:
        s, cs = _fold(site), _compact(site)
        if not cs:
            continue
        if p == s or c == cs:
            return True
        if len(cs) >= 4 and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", p):
            return True  # "My Hero Academia [Archive of Our Own]"
        if len(c) >= 2 and (re.search(rf"(?<!\w){re.escape(p)}(?!\w)", s) or (len(c) >= 4 and cs.startswith(c))):
            return True  # "Breitbart" of "BreitbartNews", "Guardian" of "The Guardian"
    return False


def _is_whole_site(title: str, sites: list[str]) -> bool:
    """True when the whole title is the site's own name (a home page, or an og:title left generic)."""
    c = _compact(title)
    return any(c == _compact(s) for s in sites)


def clean_title(
    title: str, site: str, h1: list[str], page_title: str = "",
    sites: list[str] | None = None, authors: list[str] | None = None,
) -> str:
    """A title without the site's name before or after it («… — Википедия», «Site | …»).

    A part is cut only on evidence. In a ``<title>`` element (site and section clutter), a part
    equal to a visible <h1> wins over the parts beside it, unless one of them is the article's
    author (an author's name is not a site name). In any title, edge parts the page names as
    its site (``sites``: og:site_name, publisher, domain, home link) go. A declared title
    (og:title, JSON-LD) keeps every other part (a book's name, the author). Failing site
    evidence, a ``<title>`` that ends in a short part after a separator loses it when the rest
    is a full title of three words or more and the part is not the author's name.
    """
    title = _clean(title)
    if not title:
        return title
    sites = [s for s in ([site] if site else []) + list(sites or []) if s]
    author_keys = {_fold(a) for a in authors or [] if a}
    norm_h1 = {_fold(h): h for h in h1}
    if _fold(title) in norm_h1:
        return title
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if _is_whole_site(title, sites):
        return title  # the page's title is its site's own name: nothing to cut it down to
    names_author = any(_fold(p) in author_keys for p in parts)
    longest = max(parts, key=len)
    from_title_element = title == _clean(page_title)
    if from_title_element and _fold(longest) in norm_h1 and len(longest.split()) >= 2 and not names_author:
        return _strip_seps(_between(title, longest))
    cut_any = False
    while True:
        suffix, prefix = _cut_suffix(title), _cut_prefix(title)
        if suffix and suffix[0] and _is_site(suffix[1], sites) and _fold(suffix[1]) not in author_keys:
            title, cut_any = suffix[0], True
        elif prefix and prefix[0] and _is_site(prefix[1], sites) and _fold(prefix[1]) not in author_keys:
            title, cut_any = prefix[0], True
        else:
            break
    if from_title_element and not cut_any:  # no evidence named the site: the <title> convention, once
        cut = _cut_suffix(title)
        if (cut and len(cut[0].split()) >= 3 and len(cut[1].split()) <= 4 and len(cut[1]) < len(cut[0])
                and _fold(cut[1]) not in author_keys):
            return cut[0]
    return title


def _between(title: str, part: str) -> str:
    i = title.find(part)
    return title[i : i + len(part)] if i >= 0 else part


def _strip_seps(text: str) -> str:
    return text.strip(" |–—-·•/")


_LAST_SEP = re.compile(r"^(?P<rest>.+)\s+(?:[|–—\-·•»/]|::|\|\||-{2})\s+(?P<tail>[^|–—·•»]+?)$")
_FIRST_SEP = re.compile(r"^(?P<head>[^|–—·•»]+?)\s+(?:[|–—\-·•»/]|::|\|\|)\s+(?P<rest>.+)$")


def _cut_suffix(title: str) -> tuple[str, str] | None:
    m = _LAST_SEP.match(title)
    return (m.group("rest").strip(), m.group("tail").strip()) if m else None


def _cut_prefix(title: str) -> tuple[str, str] | None:
    m = _FIRST_SEP.match(title)
    return (m.group("rest").strip(), m.group("head").strip()) if m else None


def _fold(text: str) -> str:
    text = re.sub("[«»“”„\"‘’']", "", text)
    return " ".join(text.replace("\u00a0", " ").split()).casefold().strip(" .")


def _h1_texts(root: Any) -> list[str]:
    """The visible <h1> headings of the page (few: a page with ten h1 has no title h1)."""
    found = [_clean(h.text_content()) for h in root.iter("h1")][:5]
    return [h for h in found if h and len(h) <= 300]


_URL = re.compile(r"^(?:https?:|www\.|/)", re.IGNORECASE)


def meta_authors(meta: dict[str, str]) -> list[str]:
    """Author names from <meta> tags (author, article:author, Dublin Core, Parse.ly, byl)."""
    for key in ("dc.creator", "dcterm.creator", "dcterms.creator", "author", "article:author",
                "parsely-author", "sailthru.author", "byl"):
        value = meta.get(key, "")
        if value and not _URL.match(value):
            names = split_names(value)
            if names:
                return names
    return []


_BY_LABEL = re.compile(
    r"^(?:by|written by|posted by|par|von|por|di|door|av|"
    r"автор(?:ы)?|авторы|текст|аўтар|автори|автор материала|подготовил[аи]?|фото и текст)\s*[:—–-]?\s+",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\sand\s|\sи\s|\sі\s|\sта\s|\sжәне\s)\s*")
_LAST_FIRST = re.compile(r"^[^\W\d_][\w'’-]*,\s+[^\W\d_][\w.'’ -]*$")


def split_names(value: str) -> list[str]:
    """"By Ann Lee and Bob Ray" -> ["Ann Lee", "Bob Ray"] (labels and e-mail addresses dropped)."""
    value = _BY_LABEL.sub("", _clean(value))
    value = re.sub(r"\S+@\S+", "", value).strip(" ,;|")
    if not value or len(value) > 120:
        return []
    if _LAST_FIRST.match(value):
        return [value]  # "Jong, Michiel de": one name, surname first
    return [n.strip(" .,;|") for n in _NAME_SPLIT.split(value) if n.strip(" .,;|")]


_BYLINE_CLASS = re.compile(r"byline|author|writtenby|p-author|avtor|article-autor|news-author", re.IGNORECASE)
_BYLINE_SKIP = re.compile(r"comment|avatar|bio|related|about|share|follow", re.IGNORECASE)


def body_metadata(root: Any, meta: Metadata) -> Metadata:
    """Authors and date from the page body when the head has none (rel=author, itemprop, byline classes, <time>)."""
    authors = meta.authors or tuple(dict.fromkeys(byline_names(root)))
    date = meta.date or _iso_date(body_date(root))
    return replace(meta, authors=authors, date=date)


def byline_names(root: Any) -> list[str]:
    """Names from the first byline element of the body, as Readability does it.

    A labelled line («Автор: …», «Тілші: …», «Текст: …; фото: …», «… специально для …») is
    read by the shared byline recogniser, so the page gives the names the .txt would.
    """
    for xpath in ("//*[@rel='author']", "//*[contains(concat(' ', @itemprop, ' '), ' author ')]"):
        for el in root.xpath(xpath):
            name_el = el.xpath(".//*[@itemprop='name']")
            text = _clean((name_el[0] if name_el else el).text_content()) or _clean(el.get("content"))
            if text and len(text) < 100:
                names = _byline(text)
                if names:
                    return names
    for el in root.xpath("//*[@class or @id]"):  # found in C: the other elements have no marker
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "article", "main", "section"):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if not _BYLINE_CLASS.search(marker) or _BYLINE_SKIP.search(marker):
            continue
        text = _clean(el.text_content())
        if text and len(text) < 100 and not _date_like(text):
            names = _byline(text)
            if names and all(len(n.split()) <= 5 for n in names):
                return names
    return []


def _byline(text: str) -> list[str]:
    """The authors a byline text names: the shared recogniser first, then "By …"/name lists."""
    from ...recognition.bylines import parse_byline, parse_source

    found = parse_byline(text, bare_names=True)
    if found is not None:
        return list(found.authors)
    if parse_source(text):
        return []
    names = split_names(text)
    return names if all(_LOOSE_NAME.match(n) for n in names) else []


# "Daniel Kahn Gillmor", "JOE HILDEBRAND", "Bruno (Henrique Zecchin) Rodrigues", "Jong, Michiel de"
_LOOSE_NAME = re.compile(r"^[^\W\d_][^:;!?«»\"]{1,60}$")


def _date_like(text: str) -> bool:
    return bool(re.search(r"\d{1,4}[./:-]\d{1,2}|\b(?:19|20)\d\d\b", text)) and len(re.findall(r"[^\W\d_]+", text)) <= 3


_DATE_CLASS = re.compile(r"date|time|publish|posted|created|дата", re.IGNORECASE)


def body_date(root: Any) -> str:
    """The publication date: itemprop=datePublished, the first <time datetime>, else a date block
    («10:15 12.03.2026», «3 мая 2026») read by the shared date recogniser."""
    from ...recognition.dates import date_line

    for el in root.xpath("//*[@itemprop='datePublished']"):
        value = el.get("content") or el.get("datetime") or el.text_content()
        if _iso_date(value or ""):
            return value or ""
    for el in root.iter("time"):
        value = el.get("datetime") or ""
        if _iso_date(value):
            return value
    for el in root.xpath("//*[@class or @id]"):  # found in C: the other elements have no marker
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        if _DATE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            text = _clean(el.text_content())
            found = date_line(text) if text and len(text) <= 90 else None
            if found:
                return found
    return ""


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
