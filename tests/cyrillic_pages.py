"""Saved web pages in the shapes of regional news sites, built from the labelled plain-text articles.

Nothing is copied into the repository: each page is generated from ``../shared/articles/NAME.txt``
and its label. The article's paragraphs keep their text; around them go the furniture real
sites have (navigation, a sidebar of popular news, a related-news block and comments inside the
article container, a footer) and the markup of five common engines: 1C-Bitrix, WordPress,
Drupal, DataLife Engine and a self-made portal. Bylines and dates appear as the engines print
them (a «Автор: …» block, a date block, a <time>); half the shapes carry JSON-LD and OpenGraph,
the other half only what is visible, so recognition from the page body is exercised too.
«Читайте также» lines become link inserts, closing boilerplate a subscribe block.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

# Words of the furniture: none may reach the article (each is unique to its block).
CHROME = {
    "nav": ["Главная", "Происшествия", "Спецпроекты"],
    "sidebar": ["Самое читаемое за неделю", "Курс валют на завтра предсказали синоптики-экономисты"],
    "related": ["Новости по теме", "Мэр открыл новую парковку у вокзала"],
    "comments": ["Спасибо за статью, жду продолжения!", "Третий год обещают, а воз и ныне там."],
    "footer": ["Все права защищены", "Свидетельство о регистрации СМИ"],
}
SHAPES = ("bitrix", "wordpress", "drupal", "dle", "selfmade")
WITH_JSON_LD = {"wordpress", "drupal", "selfmade"}
SITES = {
    "bitrix": "Вести Прииртышья",
    "wordpress": "Городской портал",
    "drupal": "Новости региона",
    "dle": "Степной вестник",
    "selfmade": "Информагентство «Край»",
}


@dataclass(frozen=True)
class Part:
    """One paragraph of the source article and what it is."""

    kind: str  # title, rubric, lead, byline, date, read-also, boilerplate, subheading, body
    text: str


def classify(paragraphs: list[str], label: dict, is_metadata_line) -> list[Part]:  # type: ignore[no-untyped-def]
    """The article's paragraphs with their roles, from the label."""
    def n(t: str | None) -> str:
        return " ".join((t or "").split())

    parts = []
    boiler = [n(b) for b in label["boilerplate"]]
    for p in paragraphs:
        t = n(p)
        if t == n(label["title"]):
            kind = "title"
        elif label.get("rubric") and t == n(label["rubric"]):
            kind = "rubric"
        elif label.get("lead") and t == n(label["lead"]):
            kind = "lead"
        elif t in boiler:
            kind = "read-also" if re.match(r"(?i)^(?:читайте|чытайце|читайте також|прочетете|прочитајте|сондай|окуңуз|укыгыз|мутолиа)", t) and ":" in t else "boilerplate"
        elif t in {n(h) for h in label["subheadings"]}:
            kind = "subheading"
        elif is_metadata_line(t, label):
            kind = "date" if label.get("date") and label["date"][:4] in t and not any(
                a.split()[-1] in t for a in label["authors"] if a
            ) else "byline"
        else:
            kind = "body"
        parts.append(Part(kind, p))
    return parts


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _json_ld(label: dict, site: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": label["title"],
        "inLanguage": label["language"],
        "publisher": {"@type": "Organization", "name": site},
    }
    if label["authors"]:
        data["author"] = [{"@type": "Person", "name": a} for a in label["authors"]]
    if label.get("date"):
        data["datePublished"] = f"{label['date']}T09:30:00+03:00"
    if label.get("lead"):
        data["description"] = label["lead"]
    return f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"


def _head(label: dict, shape: str) -> str:
    site = SITES[shape]
    head = [f"<meta charset='utf-8'><title>{_e(label['title'])} — {_e(site)}</title>"]
    head.append("<link rel='stylesheet' href='/css/site.css'><script>var _gaq = [];</script>")
    if shape in WITH_JSON_LD:
        head.append(f"<meta property='og:site_name' content='{_e(site)}'>")
        head.append(f"<meta property='og:title' content='{_e(label['title'])}'>")
        if label.get("lead"):
            head.append(f"<meta property='og:description' content='{_e(label['lead'])}'>")
        head.append(_json_ld(label, site))
    return "".join(head)


def _chrome_top() -> str:
    nav = "".join(f"<li><a href='/{i}/'>{w}</a></li>" for i, w in enumerate(CHROME["nav"]))
    return (
        f"<header class='header'><div class='logo'><a href='/'>Логотип</a></div><nav class='menu'><ul>{nav}"
        "</ul></nav><form class='search' action='/search/'><input name='q'><button>Найти</button></form></header>"
    )


def _sidebar() -> str:
    items = "".join(f"<li><a href='/news/{i}/'>{t}</a></li>" for i, t in enumerate(CHROME["sidebar"][1:]))
    return f"<aside class='sidebar'><div class='block-title'>{CHROME['sidebar'][0]}</div><ul>{items}</ul></aside>"


def _related() -> str:
    return (
        f"<div class='related-news'><h3>{CHROME['related'][0]}</h3><ul><li><a href='/news/77/'>"
        f"{CHROME['related'][1]}</a></li></ul></div>"
    )


def _comments() -> str:
    items = "".join(
        f"<div class='comment'><span class='comment-author'>Гость</span><p>{t}</p></div>" for t in CHROME["comments"]
    )
    return f"<div class='comments' id='comments'><h3>Комментарии (2)</h3>{items}</div>"


def _footer() -> str:
    return f"<footer class='footer'><p>© 2026. {CHROME['footer'][0]}.</p><p>{CHROME['footer'][1]} ЭЛ № ФС 77-00000.</p></footer>"


def _paragraph(part: Part, shape: str, n: int) -> str:
    t = _e(part.text)
    if part.kind == "subheading":
        return f"<h2>{t}</h2>"
    if part.kind == "read-also":
        label, _, rest = part.text.partition(":")
        return (
            f"<p class='read-also'><strong>{_e(label)}:</strong> <a href='/news/{n}/'>{_e(rest.strip())}</a></p>"
        )
    if shape == "wordpress" and re.match(r"^\s*[–—-]\s", part.text) and part.text.rstrip().endswith("?"):
        return f"<p><strong>{t}</strong></p>"  # questions set in bold, as editors do
    return f"<p>{t}</p>"


def _meta_blocks(parts: list[Part], shape: str, label: dict) -> tuple[str, str]:
    """The byline and date blocks as the engine prints them (from the article's own lines)."""
    byline = " ".join(
        f"<div class='{'news-author' if shape == 'bitrix' else 'author'}'>{_e(p.text)}</div>"
        for p in parts
        if p.kind == "byline"
    )
    dates = [p.text for p in parts if p.kind == "date"]
    when = label.get("date") or ""
    if shape == "bitrix":
        date = f"<div class='news-date-time'>{_e(dates[0])}</div>" if dates else ""
    elif shape == "dle":
        date = f"<div class='date'>{_e(dates[0])}</div>" if dates else ""
    elif when:
        shown = _e(dates[0]) if dates else when
        date = f"<time class='entry-date published' datetime='{when}T09:30:00+03:00'>{shown}</time>"
    else:
        date = f"<div class='date'>{_e(dates[0])}</div>" if dates else ""
    return byline, date


def build_page(paragraphs: list[str], label: dict, shape: str, is_metadata_line) -> str:  # type: ignore[no-untyped-def]
    """One full HTML page for the article in the given engine's shape."""
    parts = classify(paragraphs, label, is_metadata_line)
    byline, date = _meta_blocks(parts, shape, label)
    rubric = next((p.text for p in parts if p.kind == "rubric"), "")
    lead = next((p.text for p in parts if p.kind == "lead"), "")
    flow = [p for p in parts if p.kind in ("body", "subheading", "read-also")]
    closing = [p for p in parts if p.kind == "boilerplate"]
    body = "".join(_paragraph(p, shape, i) for i, p in enumerate(flow))
    closing_html = "".join(f"<div class='subscribe'><a href='https://t.me/x'>{_e(p.text)}</a></div>" for p in closing)
    rub = f"<div class='rubric'><a href='/rubric/'>{_e(rubric)}</a></div>" if rubric else ""
    title = f"<h1>{_e(label['title'])}</h1>"
    lead_html = f"<p class='lead'>{_e(lead)}</p>" if lead else ""
    if shape == "bitrix":
        article = (
            f"<div class='news-detail'>{rub}{title}{date}{lead_html}<div class='detail-text'>{body}</div>"
            f"{byline}{closing_html}{_related()}{_comments()}</div>"
        )
        main = f"<div class='workarea'><div class='content-with-sidebar'>{article}</div>{_sidebar()}</div>"
    elif shape == "wordpress":
        article = (
            f"<article class='post type-post'><header class='entry-header'>{rub}{title}<div class='entry-meta'>"
            f"{date} {byline}</div></header>{lead_html and f'<div class=entry-summary>{lead_html}</div>'}"
            f"<div class='entry-content'>{body}{closing_html}</div><footer class='entry-footer'>{_related()}"
            f"</footer>{_comments()}</article>"
        )
        main = f"<div class='site-content has-sidebar'><main class='site-main'>{article}</main>{_sidebar()}</div>"
    elif shape == "drupal":
        article = (
            f"<article class='node node--type-article'>{rub}<h1 class='page-title'><span>{_e(label['title'])}"
            f"</span></h1><div class='node__meta'>{byline}{date}</div><div class='field field--name-body'>"
            f"{lead_html}{body}</div>{closing_html}<section class='related'>{_related()}</section>"
            f"<section class='comment-section'>{_comments()}</section></article>"
        )
        main = f"<div class='layout-container'><div class='region region-content'>{article}</div>{_sidebar()}</div>"
    elif shape == "dle":
        article = (
            f"<div class='fullstory'>{rub}<div class='title'>{title}</div>{date}<div class='full-text'>"
            f"{lead_html}{body}</div>{byline}{closing_html}{_related()}</div>"
        )
        main = f"<div id='dle-content'>{article}</div>{_comments()}{_sidebar()}"
    else:
        article = (
            f"<div class='article-page'><div class='breadcrumbs'><a href='/'>Новости</a> / {_e(rubric or 'Общество')}"
            f"</div>{title}<div class='article-info'>{date} {byline}</div>{lead_html}"
            f"<div class='article-body' itemprop='articleBody'>{body}</div>{closing_html}{_related()}{_comments()}</div>"
        )
        main = f"<table width='100%'><tr><td valign='top'>{article}</td><td width='240'>{_sidebar()}</td></tr></table>"
    return (
        f"<!DOCTYPE html><html lang='{label['language']}'><head>{_head(label, shape)}</head><body>"
        f"{_chrome_top()}{main}{_footer()}</body></html>"
    )


def pages(articles: Path, is_metadata_line, source_paragraphs) -> list[tuple[str, str, dict, Path]]:  # type: ignore[no-untyped-def]
    """(page name, html, label, txt path) for every labelled article, engines assigned in turn."""
    labels = json.loads((articles / "labels.json").read_text(encoding="utf-8"))
    out = []
    for i, label in enumerate(labels):
        shape = SHAPES[i % len(SHAPES)]
        txt = articles / label["file"]
        page = build_page(source_paragraphs(txt), label, shape, is_metadata_line)
        out.append((f"{Path(label['file']).stem}.{shape}", page, label, txt))
    return out
