"""Page titles from the HTML reader: a site's name is cut only on evidence, an author's name is kept.

Issue 11 asks for titles without site-name suffixes or prefixes. A separator-delimited part of a
title goes when the page itself names it as its site (og:site_name, application-name, the
JSON-LD publisher, the host of its own URL, the text or logo of its home link); a part that is
the article's author, or a declared title's other parts (a book's name), stay.
"""

from __future__ import annotations

from pathlib import Path

from article_convert.context import Context
from article_convert.plugins import Source
from article_convert.readers.html import HtmlReader

BODY = (
    "<p>Первый абзац статьи о важном событии, в котором участвовали жители города и гости.</p>"
    "<p>Второй абзац рассказывает подробности: кто, где и когда, и что будет дальше с проектом.</p>"
    "<p>Третий абзац приводит мнения экспертов и цифры, которые приводит министерство.</p>"
)


def title_of(head: str, body: str) -> str:
    html = (
        "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
        f"{head}</head><body>{body}</body></html>"
    )
    doc = HtmlReader().read(Source(html.encode(), Path("page.html")), Context())
    return doc.meta.title


def test_tengrinews_title_loses_site_and_tagline_the_h1_confirms() -> None:
    head = "<title>Аким города открыл новый мост — Новости Казахстана | Tengrinews.kz</title>"
    body = f"<header><a href='/'>Tengrinews.kz</a></header><article><h1>Аким города открыл новый мост</h1>{BODY}</article>"
    assert title_of(head, body) == "Аким города открыл новый мост"


def test_site_suffix_cut_by_the_domain_of_the_page_url_without_h1() -> None:
    head = (
        "<meta property='og:title' content='Аким города открыл новый мост | Tengrinews.kz'>"
        "<meta property='og:url' content='https://tengrinews.kz/kazakhstan_news/most-123/'>"
    )
    assert title_of(head, f"<article>{BODY}</article>") == "Аким города открыл новый мост"


def test_site_suffix_cut_by_the_home_link_logo() -> None:
    head = (
        "<meta property='og:title' content='Правительство утвердило программу - Российская газета'>"
        "<meta property='og:url' content='https://rg.ru/2026/03/12/programma.html'>"
    )
    body = (
        "<header><a href='https://rg.ru/'><img src='logo.svg' alt='Российская газета'></a></header>"
        f"<article>{BODY}</article>"
    )
    assert title_of(head, body) == "Правительство утвердило программу"
    # a logo link to another site's home page is no evidence about this one
    other = body.replace("https://rg.ru/", "https://partner.example/")
    assert title_of(head, other) == "Правительство утвердило программу - Российская газета"


def test_site_prefix_cut_by_og_site_name() -> None:
    head = (
        "<meta property='og:site_name' content='Российская газета'>"
        "<meta property='og:title' content='Российская газета — Правительство утвердило программу'>"
    )
    assert title_of(head, f"<article>{BODY}</article>") == "Правительство утвердило программу"


def test_site_in_brackets_inside_the_last_part_goes_with_it() -> None:
    head = "<title>Разговоры с призраком - Глава 1 - Автор - Фэндом | Другое имя [Архив Наш]</title>"
    body = f"<header><h1><a href='/'><span>Архив Наш</span> <sup>beta</sup></a></h1></header><article>{BODY}</article>"
    assert title_of(head, body) == "Разговоры с призраком - Глава 1 - Автор - Фэндом"


def test_author_name_in_the_declared_title_is_kept() -> None:
    head = (
        "<meta property='og:site_name' content='Газета'>"
        "<meta name='author' content='Иван Петров'>"
        "<meta property='og:title' content='Город ждёт новый мост | Иван Петров'>"
    )
    body = f"<article><h1>Город ждёт новый мост</h1>{BODY}</article>"
    assert title_of(head, body) == "Город ждёт новый мост | Иван Петров"


def test_author_name_in_the_title_element_is_kept_the_site_cut() -> None:
    head = (
        "<title>Город ждёт новый мост | Иван Петров | Газета</title>"
        "<meta property='og:site_name' content='Газета'><meta name='author' content='Иван Петров'>"
    )
    body = f"<article><h1>Город ждёт новый мост</h1>{BODY}</article>"
    assert title_of(head, body) == "Город ждёт новый мост | Иван Петров"


def test_author_name_that_the_page_names_as_its_site_is_cut() -> None:
    # a personal blog: the home link says the name, no author metadata says it is the author
    head = "<meta property='og:title' content='Заметки о мостах - Иван Петров'>"
    body = f"<header><a href='/'>Иван Петров</a></header><article>{BODY}</article>"
    assert title_of(head, body) == "Заметки о мостах"


def test_declared_title_keeps_a_part_that_is_no_site() -> None:
    # a chapter page: og:title adds the book's name, the h1 holds the chapter only; the site is another name
    head = (
        "<meta property='og:site_name' content='Библиотека'>"
        "<meta property='og:title' content='Глава двенадцатая: Ночь - Тихий Дон'>"
    )
    body = f"<article><h1>Глава двенадцатая: Ночь</h1>{BODY}</article>"
    assert title_of(head, body) == "Глава двенадцатая: Ночь - Тихий Дон"


def test_english_site_suffix_cut_by_og_site_name() -> None:
    head = "<meta property='og:site_name' content='eHow'><title>How to Build a Terrarium | eHow</title>"
    assert title_of(head, f"<article>{BODY}</article>") == "How to Build a Terrarium"


def test_title_that_is_the_site_name_itself_is_not_cut() -> None:
    head = (
        "<meta name='application-name' content='Новости - Главное за день'>"
        "<meta property='og:title' content='Новости - Главное за день'>"
    )
    assert title_of(head, f"<article>{BODY}</article>") == "Новости - Главное за день"
