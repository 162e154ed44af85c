"""News feeds into digest books: two feeds from the local server, the corpus's KOI8-R and
windows-1251 feeds from files, --since/--max-per-feed, failed pages, the cache on a second run.

All network traffic goes to the local server on 127.0.0.1 (tests/webserver.py).
"""

from __future__ import annotations

import ipaddress
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, require_corpus
from lxml import etree
from webserver import ATOM_ITEMS, FULL_CONTENT_ITEM, RSS_ITEMS, TwoServers, article_text, paragraphs

from article_convert.check import check_file
from article_convert.cli import main
from article_convert.errors import UsageError
from article_convert.feeds import parse_feed, parse_since
from article_convert.feeds.items import holds_whole_article
from article_convert.languages import human_date
from article_convert.web import policy

from . import epubcheck_util

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
FB2 = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
ALLOW = "--allow-private-network"
KOI8_FEEDS = ("ru-newsru-rss-2006.koi8-r.xml", "ru-aif-health-rss-2005.koi8-r.xml",
              "ru-susu-university-rss-2005.koi8-r.xml")
CP1251_FEED = "bg-ecloga-blog-rss-2006.cp1251.xml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def title_of(slug: str) -> str:
    return paragraphs(article_text(slug))[0]


@pytest.fixture(scope="module")
def web() -> Iterator[TwoServers]:
    servers = TwoServers()
    yield servers
    servers.close()


@pytest.fixture(scope="module")
def local_only() -> Iterator[None]:
    """No host name resolves (the feeds name only 127.0.0.1): nothing can leave the machine."""
    real = policy.resolve

    def resolve(host: str, port: int) -> list:
        ipaddress.ip_address(host.strip("[]"))  # ValueError for any name
        return real(host, port)

    policy.resolve = resolve  # type: ignore[assignment]
    yield
    policy.resolve = real  # type: ignore[assignment]


@pytest.fixture(scope="module")
def digest(web: TwoServers, local_only: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The digest of both feeds as EPUB, then as FB2 from the same cache (the second run)."""
    tmp = tmp_path_factory.mktemp("digest")
    cache = tmp / "cache"
    feeds = ["--feed", web.site.url("/feed/one.rss"), "--feed", web.site.url("/feed/two.atom")]
    web.site.clear()
    listing = tmp / "feeds.txt"
    listing.write_text("# my feeds\n" + "\n".join(feeds[1::2]) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(cache))  # the HTTP cache of these two runs, as a user would set it
        code, _, err_epub = run("bundle", *feeds, "--since", "24h", "-o", str(tmp / "digest.epub"), ALLOW)
        first = list(web.site.hits())
        web.site.clear()
        code2, _, err_fb2 = run("bundle", "--feeds", str(listing), "--since", "24h", "-o", str(tmp / "digest.fb2"),
                                ALLOW)
        second = list(web.site.hits())
    return {"epub": tmp / "digest.epub", "fb2": tmp / "digest.fb2", "codes": (code, code2), "err": err_epub,
            "err2": err_fb2, "first": first, "second": second, "tmp": tmp}


def nav_tree(epub: Path) -> list[tuple[str, list[str]]]:
    """(section, [article titles]) from the EPUB's nav."""
    with zipfile.ZipFile(epub) as zf:
        nav = etree.fromstring(zf.read("EPUB/nav.xhtml"))
    out = []
    for li in nav.findall(".//x:nav[@role='doc-toc']/x:ol/x:li", XHTML):
        label = " ".join("".join(li.find("x:a", XHTML).itertext()).split())
        kids = [" ".join("".join(a.itertext()).split()) for a in li.findall("x:ol/x:li/x:a", XHTML)]
        out.append((label, kids))
    return out


def epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return " ".join(" ".join(etree.fromstring(zf.read(n)).itertext()) for n in zf.namelist()
                        if n.endswith(".xhtml")).replace("\u00a0", " ")


def test_digest_exit_code_and_summary_line(digest: dict) -> None:
    assert digest["codes"] == (0, 0), digest["err"]
    assert "wrote" in str(digest["err"]) and "(6 articles)" in str(digest["err"])


def test_digest_sections_per_feed_newest_first(digest: dict) -> None:
    tree = nav_tree(digest["epub"])  # type: ignore[arg-type]
    assert [section for section, _ in tree] == ["Лента РУ", "Стрічка UA"]
    rss = [t.replace("\u00a0", " ") for t in tree[0][1]]
    atom = [t.replace("\u00a0", " ") for t in tree[1][1]]
    # 1 h, 2 h, 3 h old; the 30-hour-old item is outside --since 24h
    assert [rss[0][:25], rss[1][:15], rss[2][:20]] == [title_of(RSS_ITEMS[0])[:25], title_of(RSS_ITEMS[1])[:15],
                                                        "Статья, страница кото"[:20]]
    assert len(rss) == 3 and not any(title_of(RSS_ITEMS[2])[:20] in t for t in rss)
    assert [a[:20] for a in atom] == [title_of(s)[:20] for s in (FULL_CONTENT_ITEM, *ATOM_ITEMS)]


def test_digest_cover_title_date_and_toc(digest: dict) -> None:
    from PIL import Image

    epub: Path = digest["epub"]  # type: ignore[assignment]
    with zipfile.ZipFile(epub) as zf:
        opf = etree.fromstring(zf.read("EPUB/content.opf"))
        titles = [m.text for m in opf.iter("{http://purl.org/dc/elements/1.1/}title")]
        cover = opf.find(".//{http://www.idpf.org/2007/opf}item[@properties='cover-image']")
        assert cover is not None
        with Image.open(__import__("io").BytesIO(zf.read("EPUB/" + cover.get("href")))) as img:
            assert img.size[1] > img.size[0]
    today = datetime.now(timezone.utc)
    assert titles == [f"Дайджест новостей, {human_date(today.date().isoformat(), 'ru')}"]  # metadata: plain spaces


def test_failed_page_keeps_summary_and_note(digest: dict) -> None:
    text = " ".join(epub_text(digest["epub"]).split())  # type: ignore[arg-type]
    assert "Краткое содержание пропавшей статьи из ленты." in text
    assert "Полный текст статьи получить не удалось (HTTP 404 Not Found)" in text
    assert "[page-unavailable]" in str(digest["err"])


def test_full_content_used_without_fetching_the_page(digest: dict) -> None:
    first = [h.path for h in digest["first"]]  # type: ignore[attr-defined]
    assert "/never-fetched.html" not in first
    paras = paragraphs(article_text(FULL_CONTENT_ITEM))
    assert " ".join(paras[-2].split()[:8]) in " ".join(epub_text(digest["epub"]).split())  # type: ignore[arg-type]
    assert holds_whole_article("".join(f"<p>{p}</p>" for p in paras[1:]))
    assert not holds_whole_article("<p>Коротко о главном. Читать далее…</p>")


def test_item_pages_and_images_fetched_once(digest: dict) -> None:
    first = [h.path for h in digest["first"]]  # type: ignore[attr-defined]
    pages = [p for p in first if p.startswith("/art/")]
    assert sorted(pages) == sorted(f"/art/{s}.html" for s in (*RSS_ITEMS[:2], *ATOM_ITEMS))
    assert first.count("/img/photo.jpg") == 1  # four pages name it: fetched once, embedded by every article
    with zipfile.ZipFile(digest["epub"]) as zf:  # type: ignore[arg-type]
        assert sum(n.endswith(".jpg") and "cover" not in n for n in zf.namelist()) == 1


def test_second_run_downloads_nothing_unchanged(digest: dict) -> None:
    second = digest["second"]
    assert second, "the second run made no request at all"
    assert {h.status for h in second} <= {304, 404}, [(h.path, h.status) for h in second]  # type: ignore[attr-defined]
    assert all(h.sent == 0 or h.status == 404 for h in second)  # type: ignore[attr-defined]
    assert "network:" in str(digest["err2"]) and ", 0 downloaded" in str(digest["err2"])


def test_digest_fb2_valid_with_feed_sections(digest: dict) -> None:
    fb2: Path = digest["fb2"]  # type: ignore[assignment]
    verdict = check_file(fb2)
    assert verdict.ok, verdict.problems
    root = etree.parse(str(fb2)).getroot()
    body = root.find(f"{FB2}body")
    opening, *feeds = body.findall(f"{FB2}section")  # first: the book's own opening (its date), untitled
    assert opening.find(f"{FB2}title") is None
    sections = [" ".join("".join(s.find(f"{FB2}title").itertext()).split()) for s in feeds]
    assert sections == ["Лента РУ", "Стрічка UA"]


def test_local_corpus_feeds_koi8r_and_cp1251(tmp_path: Path, local_only: None) -> None:
    require_corpus()
    out = tmp_path / "corpus.epub"
    args = [x for name in (*KOI8_FEEDS, CP1251_FEED) for x in ("--feed", str(CORPUS / "html" / name))]
    code, _, err = run("bundle", *args, "--pages", "never", "--max-per-feed", "3", "-o", str(out), "--no-cache")
    assert code == 0, err
    tree = nav_tree(out)
    assert [s for s, _ in tree] == ["NEWSru.com", "www.AIF.ru", "Новости ЮУрГУ", "ec-log"]
    assert [len(kids) for _, kids in tree] == [3, 3, 3, 3]
    text = epub_text(out)
    assert "Инцидент произошел на одном из этажей здания Минюста" in " ".join(text.split())
    assert "Снощи попремислях" in text  # Bulgarian from windows-1251
    assert "network:" not in err  # nothing was fetched
    feed = parse_feed((CORPUS / "html" / KOI8_FEEDS[0]).read_bytes(), "newsru.xml")
    assert feed.language == "ru" and len(feed.items) == 30
    assert feed.items[0].published == datetime(2006, 1, 3, 16, 57, tzinfo=timezone.utc)


@pytest.mark.slow
def test_epubcheck_digests(digest: dict, tmp_path: Path, local_only: None) -> None:
    epubcheck_util.require()
    require_corpus()
    corpus = tmp_path / "corpus.epub"
    code, _, err = run("bundle", "--feed", str(CORPUS / "html" / KOI8_FEEDS[2]), "--feed",
                       str(CORPUS / "html" / CP1251_FEED), "--pages", "never", "-o", str(corpus), "--no-cache")
    assert code == 0, err
    results = epubcheck_util.run_epubcheck([digest["epub"], corpus])
    assert {name: [str(m) for m in msgs] for name, msgs in results.items()} == {
        str(digest["epub"]): [], str(corpus): []}


def test_max_per_feed_and_failed_feed(web: TwoServers, tmp_path: Path, local_only: None) -> None:
    out = tmp_path / "one.fb2"
    code, _, err = run("bundle", "--feed", web.site.url("/feed/one.rss"), "--feed", web.site.url("/404"),
                       "--max-per-feed", "1", "-o", str(out), ALLOW, "--no-cache")
    assert code == 1  # a feed failed; the digest of the rest is written
    assert f"error: {web.site.url('/404')}: HTTP 404 Not Found" in err
    root = etree.parse(str(out)).getroot()
    titles = [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{FB2}title")]
    assert any(title_of(RSS_ITEMS[0])[:20] in t.replace("\u00a0", " ") for t in titles)
    assert "wrote" in err and "(1 articles, 1 skipped)" in err


def test_feed_refused_without_flag(web: TwoServers, tmp_path: Path) -> None:
    code, _, err = run("bundle", "--feed", web.site.url("/feed/one.rss"), "-o", str(tmp_path / "x.epub"))
    assert code == 1 and "127.0.0.1 is a loopback address" in err and not (tmp_path / "x.epub").exists()


def test_bundle_of_urls_and_files(web: TwoServers, tmp_path: Path, local_only: None, seed_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(web.site.url("/art/sr-02-kragujevac-violin-maker.html") + "\n", encoding="utf-8")
    out = tmp_path / "mix.epub"
    device = tmp_path / "device"
    device.mkdir()
    code, _, err = run("bundle", str(seed_path), web.site.url("/art/bg-02-kazanlak-rose-harvest.html"),
                       "--urls", str(listing), "-o", str(out), ALLOW, "--no-cache", "--send-to", str(device))
    assert code == 0, err
    text = epub_text(out)
    assert "Пенчо Драганов" in text and "Бранислав Ђорђевић" in text
    assert (device / "mix.epub").read_bytes() == out.read_bytes()


@pytest.mark.parametrize("value, delta", [("24h", timedelta(hours=24)), ("7d", timedelta(days=7)),
                                          ("90m", timedelta(minutes=90)), ("2w", timedelta(weeks=2))])
def test_since_spans(value: str, delta: timedelta) -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    assert parse_since(value, now) == now - delta


def test_since_date_and_bad_value(tmp_path: Path) -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=timezone.utc)
    with pytest.raises(UsageError):
        parse_since("yesterday", now)
    code, _, err = run("bundle", "--feed", "x.xml", "--since", "soon", "-o", str(tmp_path / "x.epub"))
    assert code == 2 and "--since 'soon'" in err


def test_nothing_to_bundle_is_usage_error(tmp_path: Path) -> None:
    code, _, err = run("bundle", "-o", str(tmp_path / "x.epub"))
    assert code == 2 and "nothing to bundle" in err


RSS1 = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="http://example.test/"><title>Лента RDF</title><link>http://example.test/</link>
    <description>RSS 1.0</description><dc:language>kk</dc:language></channel>
  <item rdf:about="http://example.test/a"><title>Бірінші жаңалық</title><link>http://example.test/a</link>
    <dc:date>2026-11-29T08:00:00Z</dc:date><dc:creator>Айгүл Сәрсенова</dc:creator>
    <description>Қысқаша.</description><content:encoded>&lt;p&gt;Толық мәтін.&lt;/p&gt;</content:encoded></item>
  <item rdf:about="http://example.test/b"><title>Екінші жаңалық</title><link>http://example.test/b</link>
    <dc:date>2026-11-30T08:00:00Z</dc:date><description>Тағы біреуі.</description></item>
</rdf:RDF>"""


def test_rss_1_0_parsed_and_selected_newest_first() -> None:
    from article_convert.feeds.parse import select

    feed = parse_feed(RSS1.encode("utf-8"), "rdf.xml")
    assert (feed.title, feed.language) == ("Лента RDF", "kk")
    first = feed.items[0]
    assert (first.title, first.link, first.authors) == ("Бірінші жаңалық", "http://example.test/a", ("Айгүл Сәрсенова",))
    assert first.published == datetime(2026, 11, 29, 8, tzinfo=timezone.utc)
    assert "Толық мәтін." in first.content and first.summary == "Қысқаша."
    since = datetime(2026, 11, 29, 12, tzinfo=timezone.utc)
    assert [i.title for i in select(feed.items, None, None)] == ["Екінші жаңалық", "Бірінші жаңалық"]
    assert [i.title for i in select(feed.items, since, None)] == ["Екінші жаңалық"]
    assert [i.title for i in select(feed.items, None, 1)] == ["Екінші жаңалық"]


def test_not_a_feed_is_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Просто страница.</p></body></html>", encoding="utf-8")
    code, _, err = run("bundle", "--feed", str(page), "--pages", "never", "-o", str(tmp_path / "x.epub"))
    assert code == 1 and f"error: {page}: not an RSS or Atom feed" in err


def test_pages_always_fetches_even_full_items(web: TwoServers, tmp_path: Path, local_only: None) -> None:
    web.site.clear()
    out = tmp_path / "always.epub"
    code, _, err = run("bundle", "--feed", web.site.url("/feed/two.atom"), "--pages", "always", "-o", str(out),
                       ALLOW, "--no-cache")
    assert code == 0, err
    assert "/never-fetched.html" in [h.path for h in web.site.hits()]
    text = " ".join(epub_text(out).split())
    paras = paragraphs(article_text(FULL_CONTENT_ITEM))
    assert " ".join(paras[-2].split()[:8]) in text  # the page failed: the item's whole content is used
    assert "Сторінку статті отримати не вдалося (HTTP 404 Not Found); текст узято зі стрічки" in text  # in Ukrainian


def _many_items_feed(n: int) -> str:
    """An RSS feed of ``n`` items, each holding its whole article (so nothing is fetched)."""
    items = "".join(
        f"<item><title>Новость {i}</title><link>http://example.test/n{i}</link>"
        f"<pubDate>{(datetime(2026, 11, 1, tzinfo=timezone.utc) + timedelta(minutes=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        f"</pubDate><content:encoded><![CDATA[<p>Полный текст новости номер {i}, достаточно длинный для статьи: "
        f"городской совет утвердил план, работы начнутся весной.</p>]]></content:encoded></item>"
        for i in range(n))
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Лента</title>'
            f"<link>http://example.test/</link><description>Много</description>{items}</channel></rss>")


def test_i9_feed_of_many_items_takes_the_newest_hundred_and_reports_the_rest(tmp_path: Path,
                                                                              local_only: None) -> None:
    """A feed listing thousands of items made a digest fetch every page and hold every article in
    memory; without --max-per-feed the newest 100 are taken and the others reported (a warning,
    so --strict refuses); --max-per-feed takes more."""
    from article_convert.feeds.digest import DEFAULT_MAX_PER_FEED

    feed = tmp_path / "many.xml"
    feed.write_text(_many_items_feed(DEFAULT_MAX_PER_FEED + 30), encoding="utf-8")
    out = tmp_path / "d.epub"
    code, _, err = run("bundle", "--feed", str(feed), "--pages", "never", "-o", str(out), "--no-cache")
    assert code == 0, err
    assert "30 older item(s) left out: at most 100 per feed" in err and "[feed-items-capped]" in err
    titles = [t for section, kids in nav_tree(out) for t in (kids or [section])]
    assert len(titles) == DEFAULT_MAX_PER_FEED and titles[0].startswith(f"Новость {DEFAULT_MAX_PER_FEED + 29} ")
    code, _, err = run("bundle", "--feed", str(feed), "--pages", "never", "-o", str(tmp_path / "s.epub"),
                       "--no-cache", "--strict")
    assert code != 0 and "--max-per-feed" in err
    code, _, err = run("bundle", "--feed", str(feed), "--pages", "never", "-o", str(out), "--no-cache",
                       "--max-per-feed", "500")
    assert code == 0 and "left out" not in err
    assert len([t for section, kids in nav_tree(out) for t in (kids or [section])]) == DEFAULT_MAX_PER_FEED + 30


def test_item_date_past_the_calendar_falls_back_quietly() -> None:
    """An item whose date lies past year 9999 in UTC is undated; looking further must not set off
    feedparser's DeprecationWarning (its mapping of a missing updated_parsed to published_parsed)."""
    import warnings

    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title><item><title>Новость</title>'
           "<link>http://example.test/a</link><pubDate>Fri, 31 Dec 9999 23:59:59 -1400</pubDate></item>"
           "</channel></rss>")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        feed = parse_feed(rss.encode(), "far.xml")
    assert feed.items[0].published is None and feed.items[0].title == "Новость"
