"""URLs as inputs: fetching, limits, charsets, images, the cache and the safety rules.

Every request goes to a local server on 127.0.0.1 (tests/webserver.py); the ``local_only`` fixture
also makes every host name other than ``localhost`` unresolvable, so nothing can leave the machine.
"""

from __future__ import annotations

import ipaddress
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from webserver import ARTICLES, HUGE_BYTES, READABILITY, READABILITY_PAGES, TwoServers, paragraphs

from article_convert.cli import main
from article_convert.web import policy
from article_convert.web.fetch import Fetcher, FetchError
from article_convert.web.policy import AddressRefused, NetworkPolicy, address_kind
from article_convert.web.settings import FetchSettings

ALLOW = "--allow-private-network"


@pytest.fixture(scope="module")
def web() -> Iterator[TwoServers]:
    servers = TwoServers()
    yield servers
    servers.close()


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No name but localhost resolves; the HTTP cache lives in this test's folder."""
    real = policy.resolve

    def resolve(host: str, port: int) -> list:
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            if host != "localhost":
                raise OSError(f"cannot resolve {host}: test network is local only") from None
        return real(host, port)

    monkeypatch.setattr(policy, "resolve", resolve)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def ir(url: str, *extra: str) -> dict:
    code, out, err = run(url, "-t", "json", ALLOW, *extra)
    assert code == 0, err
    return json.loads(out)["document"]


def words(doc: dict) -> str:
    """Every text of the IR JSON, joined (enough to look for sentences)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Text":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    meta = doc["meta"]
    found[:0] = [meta["title"], meta["lead"], *meta["authors"]]
    return " ".join(" ".join(found).replace("\u00a0", " ").split())


def images(doc: dict) -> list[str]:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Image":
                out.append(node["src"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return out


# ---------------------------------------------------------------- safety


def test_loopback_refused_without_flag(web: TwoServers) -> None:
    web.site.clear()
    url = web.site.url("/art/ru-03-novosibirsk-kids-coding.html")
    code, out, err = run(url, "-t", "json")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        f"error: {url}: refused: 127.0.0.1 is a loopback address (use --allow-private-network to allow it)"]
    assert web.site.hits() == []  # not even a connection


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.10.1", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"), ("fc00::5", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("64:ff9b::a00:1", "private"), ("2002:7f00:1::", "loopback"),
    ("100.64.0.1", "non-public"), ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_metadata_refused_even_when_private_allowed() -> None:
    open_policy = NetworkPolicy(allow_private=True)
    assert open_policy.refusal(ipaddress.ip_address("10.0.0.1")) is None
    assert "cloud metadata" in (open_policy.refusal(ipaddress.ip_address("169.254.169.254")) or "")
    only_home = NetworkPolicy.from_settings(True, ["127.0.0.0/8"])
    assert only_home.refusal(ipaddress.ip_address("127.0.0.5")) is None
    assert "outside --allow-network" in (only_home.refusal(ipaddress.ip_address("192.168.1.1")) or "")


def test_redirect_to_private_address_refused_before_connecting(web: TwoServers) -> None:
    url = web.site.url("/to-private")
    code, _, err = run(url, "-t", "json", "--allow-network", "127.0.0.0/8")
    assert code == 1
    assert err.strip() == (f"error: {url}: refused: 10.255.255.1 is a private address outside --allow-network "
                           "(redirected to http://10.255.255.1/intranet)")
    with Fetcher(FetchSettings(allow_networks=("127.0.0.0/8",), use_cache=False)) as fetcher:
        with pytest.raises(FetchError):
            fetcher.get(url)
        assert set(fetcher.transport.backend.connected) == {"127.0.0.1"}  # never a socket to 10.x


def test_redirect_to_metadata_refused_with_private_allowed(web: TwoServers) -> None:
    code, _, err = run(web.site.url("/to-metadata"), "-t", "json", ALLOW)
    assert code == 1 and "169.254.169.254 is a cloud metadata address (always refused)" in err


def test_only_http_and_https(web: TwoServers, tmp_path: Path) -> None:
    code, _, err = run("ftp://127.0.0.1/file.html", "-t", "json", ALLOW)
    assert code == 1 and "only http and https URLs are fetched, not ftp:" in err
    code, _, err = run(web.site.url("/to-ftp"), "-t", "json", ALLOW)
    assert code == 1 and "only http and https URLs are fetched, not ftp:" in err and "redirected to ftp://" in err
    code, _, err = run("http://user:pw@127.0.0.1:1/x", "-t", "json", ALLOW)
    assert code == 1 and "user name or password" in err


def test_dns_rebinding_checked_at_connect(web: TwoServers, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved where the socket opens: an answer that turns private is never connected to."""
    answers = iter([[ipaddress.ip_address("127.0.0.1")], [ipaddress.ip_address("10.9.9.9")]])
    monkeypatch.setattr(policy, "resolve", lambda host, port: next(answers))
    opened: list[str] = []
    import httpcore

    real_connect = httpcore.SyncBackend.connect_tcp

    def spy(self: object, host: str, port: int, *a: object, **kw: object) -> object:
        opened.append(host)
        return real_connect(self, host, port, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", spy)
    settings = FetchSettings(allow_networks=("127.0.0.0/8",), use_cache=False)
    with Fetcher(settings) as fetcher:
        first = fetcher.get(f"http://rebind.test:{web.site.port}/art/ru-03-novosibirsk-kids-coding.html")
        assert first.status == 200
        fetcher.client().close()  # force a new connection, hence a new resolution
        fetcher._client = None
        with pytest.raises(FetchError, match=r"10\.9\.9\.9 is a private address"):
            fetcher.get(f"http://rebind.test:{web.site.port}/redirect/0")
    assert opened == ["127.0.0.1"]


def test_no_cookies_stored_or_sent(web: TwoServers) -> None:
    web.site.clear()
    with Fetcher(FetchSettings(allow_private=True, use_cache=False)) as fetcher:
        fetcher.get(web.site.url("/cookie-redirect"))
        fetcher.get(web.site.url("/cookie"))
    hits = web.site.hits()
    assert [h.path for h in hits] == ["/cookie-redirect", "/cookie", "/cookie"]
    assert all("cookie" not in h.headers for h in hits)
    agent = hits[0].headers["user-agent"]
    assert agent.startswith("article-convert/") and "python-httpx" in agent


def test_address_refused_error_type() -> None:
    with pytest.raises(AddressRefused):
        policy.check_url("file:///etc/passwd")


# ---------------------------------------------------------------- fetching and reading


def test_convert_url_to_epub_with_image(web: TwoServers, tmp_path: Path) -> None:
    web.site.clear()
    url = web.site.url("/art/ru-02-yekaterinburg-theatre.html")
    out = tmp_path / "a.epub"
    code, _, err = run(url, "-o", str(out), ALLOW)
    assert code == 0, err
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        text = " ".join(zf.read(n).decode("utf-8") for n in names if n.endswith(".xhtml"))
    assert any(n.endswith((".jpg", ".jpeg")) for n in names), names
    title = paragraphs((ARTICLES / "ru-02-yekaterinburg-theatre.txt").read_text(encoding="utf-8"))[0]
    assert title.split(":")[0] in text.replace("\u00a0", " ")
    assert "Главная" not in text  # the page's navigation is not part of the article
    assert [h.path for h in web.site.hits()] == ["/art/ru-02-yekaterinburg-theatre.html", "/img/photo.jpg"]


def test_page_images_and_links_absolute(web: TwoServers) -> None:
    doc = ir(web.site.url("/art/kk-01-kostanay-grain-export.html"))
    assert images(doc) == [web.site.url("/img/photo.jpg")]
    assert "Қостанай" in words(doc)


def test_base_element_sets_where_images_and_links_resolve(web: TwoServers) -> None:
    doc = ir(web.site.url("/base.html"))
    assert images(doc) == [web.site.url("/sub/photo.png")]


def test_image_on_another_local_port(web: TwoServers, tmp_path: Path) -> None:
    web.other.clear()
    out = tmp_path / "other.fb2"
    code, _, err = run(web.site.url("/other-port.html"), "-o", str(out), ALLOW)
    assert code == 0, err
    assert "<binary" in out.read_text(encoding="utf-8")
    assert [h.path for h in web.other.hits()] == ["/img/photo.png"]


def test_image_redirect_to_private_refused(web: TwoServers, tmp_path: Path) -> None:
    out = tmp_path / "p.epub"
    code, _, err = run(web.site.url("/image-to-private.html"), "-o", str(out), "--allow-network", "127.0.0.0/8")
    assert code == 0  # the article is written, without the picture
    assert "10.255.255.1 is a private address outside --allow-network" in err and "[image-missing]" in err
    assert "Снимок редакции" in " ".join(zipfile.ZipFile(out).read(n).decode() for n in zipfile.ZipFile(out).namelist()
                                          if n.endswith(".xhtml"))


@pytest.mark.parametrize("name", READABILITY_PAGES)
def test_readability_pages_over_http(web: TwoServers, name: str) -> None:
    """The reference article's longest paragraph comes through, images resolved on the server."""
    from lxml import html as lxml_html

    expected = lxml_html.fromstring((READABILITY / name / "expected.html").read_bytes())
    longest = max((" ".join(p.text_content().split()) for p in expected.iter("p")), key=len)
    doc = ir(web.site.url(f"/rd/{name}.html"))
    assert " ".join(longest.split()[:12]) in words(doc)
    assert all(src.startswith(web.site.url("/")) for src in images(doc))


@pytest.mark.parametrize("prefix", ["gz", "br"])
def test_compressed_pages(web: TwoServers, prefix: str) -> None:
    web.site.clear()
    doc = ir(web.site.url(f"/{prefix}/uk-01-kyiv-recycling-point.html"), "--no-cache")
    assert "Подолі" in words(doc)
    assert prefix in web.site.hits(f"/{prefix}/")[0].headers["accept-encoding"]


def test_wrong_charset_header_falls_back_to_meta(web: TwoServers) -> None:
    doc = ir(web.site.url("/wrong-charset"))
    assert "Алматинской" in words(doc)


def test_wrong_single_byte_header_on_utf8_page(web: TwoServers) -> None:
    doc = ir(web.site.url("/wrong-charset-2"))
    assert "Пскова" in words(doc) or "Псков" in words(doc)


@pytest.mark.parametrize("path, message", [
    ("/404", "HTTP 404 Not Found"),
    ("/500", "HTTP 500 Internal Server Error"),
    ("/redirect/6", "too many redirects (more than 5)"),
])
def test_http_errors_one_line(web: TwoServers, path: str, message: str) -> None:
    web.site.clear()
    url = web.site.url(path)
    code, out, err = run(url, "-t", "json", ALLOW)
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [f"error: {url}: {message}"]
    if path.startswith("/redirect"):
        assert len(web.site.hits("/redirect/")) == 6  # the first request and five redirects, no more


def test_feed_url_given_to_convert_says_use_bundle(web: TwoServers) -> None:
    url = web.site.url("/feed/one.rss")
    code, _, err = run(url, "-t", "json", ALLOW)
    assert code == 1 and err.strip() == f"error: {url}: this is a news feed, not an article: use " \
        "`article-convert bundle --feed URL`"


def test_five_redirects_followed(web: TwoServers) -> None:
    doc = ir(web.site.url("/redirect/5"))
    assert "программирования" in words(doc)


def test_slow_response_times_out(web: TwoServers) -> None:
    code, _, err = run(web.site.url("/slow"), "-t", "json", ALLOW, "--timeout", "0.5")
    assert code == 1 and "timed out (no answer within 0.5 s)" in err  # the server would answer after 3 s


def test_trickling_response_cut_at_total_deadline(web: TwoServers) -> None:
    settings = FetchSettings(allow_private=True, use_cache=False, timeout=2.0, total_timeout=1.0)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="too slow"):
        fetcher.get(web.site.url("/trickle"))  # each byte comes within the read timeout; the whole never does


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_30_mb_page_stopped_at_the_limit(web: TwoServers, path: str) -> None:
    web.site.clear()
    url = web.site.url(path)
    code, _, err = run(url, "-t", "json", ALLOW, "--no-cache")
    assert code == 1 and "page too large" in err and "20 MB" in err
    deadline = time.monotonic() + 30  # the server logs once its write fails (the client hung up)
    while not web.site.hits(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    sent = web.site.hits(path)[0].sent
    assert sent < HUGE_BYTES  # the download was stopped, not read to the end


def test_image_size_limit(web: TwoServers) -> None:
    settings = FetchSettings(allow_private=True, use_cache=False, max_image_bytes=100)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="image too large"):
        fetcher.get(web.site.url("/img/photo.png"), "image")


def test_cache_revalidates_and_downloads_nothing_unchanged(web: TwoServers, tmp_path: Path) -> None:
    url = web.site.url("/art/be-01-hrodna-bike-paths.html")
    web.site.clear()
    for _ in range(2):
        code, _, err = run(url, "-o", str(tmp_path / "b.epub"), ALLOW)
        assert code == 0, err
    statuses = [(h.path, h.status) for h in web.site.hits()]
    assert statuses == [("/art/be-01-hrodna-bike-paths.html", 200), ("/img/photo.jpg", 200),
                        ("/art/be-01-hrodna-bike-paths.html", 304), ("/img/photo.jpg", 304)]
    assert any((tmp_path / "cache" / "article-convert" / "http").rglob("*.body"))
    web.site.clear()
    run(url, "-o", str(tmp_path / "c.epub"), ALLOW, "--no-cache")
    assert [h.status for h in web.site.hits()] == [200, 200]
    assert all("if-none-match" not in h.headers for h in web.site.hits())


def test_send_to_device_folder(web: TwoServers, tmp_path: Path) -> None:
    device = tmp_path / "Kindle" / "documents"
    code, _, err = run(web.site.url("/art/ru-03-novosibirsk-kids-coding.html"), "-o", str(tmp_path / "a.epub"),
                       ALLOW, "--send-to", str(device))
    assert code == 2 and "no such folder" in err and not (tmp_path / "a.epub").exists()
    device.mkdir(parents=True)
    code, _, err = run(web.site.url("/art/ru-03-novosibirsk-kids-coding.html"), "-o", str(tmp_path / "a.epub"),
                       ALLOW, "--send-to", str(device))
    assert code == 0, err
    assert (device / "a.epub").read_bytes() == (tmp_path / "a.epub").read_bytes()
    assert [p.name for p in device.iterdir()] == ["a.epub"]  # no temporary file left behind


def test_batch_urls_one_failure_never_stops_the_others(web: TwoServers, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reading list\n{web.site.url('/art/ru-01-tver-flood-forecast.html')}\n\n"
                       f"{web.site.url('/404')}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run("batch", web.site.url("/art/kk-01-kostanay-grain-export.html"), "--urls", str(listing),
                            "-o", str(out), "-t", "epub", "-j", "1", ALLOW)
    assert code == 1
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.epub"))
    assert written == ["127.0.0.1/kk-01-kostanay-grain-export.epub", "127.0.0.1/ru-01-tver-flood-forecast.epub"]
    assert f"{web.site.url('/404')}: HTTP 404 Not Found" in stdout + err


def test_help_imports_no_network_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom click.testing import CliRunner\nfrom article_convert.cli import main\n"
            "for args in (['--help'], ['bundle', '--help'], ['batch', '--help']):\n"
            "    assert CliRunner().invoke(main, args).exit_code == 0\n"
            "print(sorted(m for m in ('httpx', 'httpcore', 'feedparser', 'brotli') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_declared_single_byte_charset_on_utf8_bytes_is_ignored(tmp_path: Path) -> None:
    """Regression: a page declaring windows-1251 whose bytes are valid UTF-8 was read as mojibake."""
    page = tmp_path / "p.html"
    page.write_bytes('<html><head><meta charset="windows-1251"><title>Заголовок</title></head>'
                     "<body><p>Съешь же ещё этих мягких французских булок.</p></body></html>".encode())
    code, out, err = run(str(page), "-t", "json")
    assert code == 0, err
    assert "Съешь же ещё" in words(json.loads(out)["document"])
    assert "[charset-mismatch]" in err
