"""A local web site for the URL and feed tests: stdlib http.server on 127.0.0.1 in a thread.

It serves the labelled articles of ../shared/articles/ wrapped as news pages (navigation, footer,
a figure), pages of ../shared/extraction/readability/ (absolute image URLs rewritten to local ones,
so nothing leaves this machine), images, an RSS 2.0 and an Atom feed made from them, redirects,
slow and trickling responses, 404/500, a 30 MB page, pages with wrong charset headers, a page whose
image lives on another local port, redirects to private and metadata addresses, cookies, gzip and
brotli. Every response carries an ETag and honours If-None-Match (304), and every request is logged
(path, status, body bytes sent, request headers) so tests can see what was downloaded.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
ARTICLES = SHARED / "articles"
READABILITY = SHARED / "extraction" / "readability"
HUGE_BYTES = 30 * 1024 * 1024
CHUNK = 256 * 1024
RSS_ITEMS = ("ru-01-tver-flood-forecast", "ru-02-yekaterinburg-theatre", "ru-04-vyatka-ferryman")
ATOM_ITEMS = ("uk-01-kyiv-recycling-point", "kk-01-kostanay-grain-export")
FULL_CONTENT_ITEM = "uk-03-poltava-honey"
READABILITY_PAGES = ("001", "keep-images")
SLOW_SECONDS = 3.0


@dataclass
class Hit:
    """One request the server answered."""

    path: str
    status: int
    sent: int
    headers: dict[str, str]


@dataclass
class Site:
    """What the server knows: its own port, the other server's port, the clock, and the log."""

    now: datetime
    port: int = 0
    other_port: int = 0
    log: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    epoch: int = 0  # bumped by clear(): a request that began before it is not logged after it

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path.startswith(prefix)]

    def clear(self) -> None:
        with self.lock:
            self.log.clear()
            self.epoch += 1


def article_text(slug: str) -> str:
    return (ARTICLES / f"{slug}.txt").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a labelled article (blank-line separated; wrapped lines joined)."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def article_page(slug: str, image_src: str = "/img/photo.jpg") -> bytes:
    """A labelled article as a news page: site chrome around an <article> with a figure."""
    paras = paragraphs(article_text(slug))
    title, body = paras[0], paras[1:]
    lang = slug.split("-")[0]
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in body[:3])
    inner += (f'<figure><img src="{html.escape(image_src)}" alt="Фото к статье">'
              "<figcaption>Снимок редакции</figcaption></figure>")
    inner += "".join(f"<p>{html.escape(p)}</p>" for p in body[3:])
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} | Тестовые новости</title>"
            '<meta property="og:site_name" content="Тестовые новости"></head><body>'
            '<nav><a href="/">Главная</a> <a href="/news/">Новости</a></nav>'
            f"<article><h1>{html.escape(title)}</h1>{inner}</article>"
            "<footer>© Тестовые новости</footer></body></html>")
    return page.encode("utf-8")


def readability_page(name: str) -> bytes:
    """A page of the readability set with every absolute image URL pointed at this server."""
    text = (READABILITY / name / "source.html").read_text(encoding="utf-8")
    text = re.sub(r'(src|srcset)="(?:https?:)?//[^"]*"', r'\1="/img/photo.png"', text)
    text = re.sub(r"<base\b[^>]*>", "", text)
    return text.encode("utf-8")


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 30)).save(out, fmt)
    return out.getvalue()


def rss_feed(site: Site) -> bytes:
    """RSS 2.0: three articles (1 h, 2 h, 30 h old) and an item whose page is missing (3 h old)."""
    items = []
    ages = {RSS_ITEMS[0]: 1, RSS_ITEMS[1]: 2, RSS_ITEMS[2]: 30}
    for slug, hours in ages.items():
        paras = paragraphs(article_text(slug))
        items.append((paras[0], site.url(f"/art/{slug}.html"), hours, paras[1][:200]))
    items.append(("Статья, страница которой пропала", site.url("/404"), 3,
                  "Краткое содержание пропавшей статьи из ленты."))
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid>"
        f"<pubDate>{format_datetime(site.now - timedelta(hours=h))}</pubDate>"
        f"<description>{html.escape(d)}</description></item>"
        for t, link, h, d in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Лента РУ</title><link>{site.url('/')}</link><language>ru</language>"
            f"<description>Тестовая лента</description>{body}</channel></rss>").encode()


def atom_feed(site: Site) -> bytes:
    """Atom: two articles by link, and one whose <content> holds the whole article (never fetched)."""
    entries = []
    for hours, slug in enumerate(ATOM_ITEMS, start=1):
        paras = paragraphs(article_text(slug))
        when = (site.now - timedelta(hours=hours)).isoformat()
        entries.append(f"<entry><title>{html.escape(paras[0])}</title>"
                       f'<link href="{site.url(f"/art/{slug}.html")}"/><id>urn:test:{slug}</id>'
                       f"<updated>{when}</updated><summary>{html.escape(paras[1][:200])}</summary></entry>")
    paras = paragraphs(article_text(FULL_CONTENT_ITEM))
    full = "".join(f"<p>{html.escape(p)}</p>" for p in paras[1:])
    when = (site.now - timedelta(minutes=30)).isoformat()
    entries.append(f"<entry><title>{html.escape(paras[0])}</title>"
                   f'<link href="{site.url("/never-fetched.html")}"/><id>urn:test:full</id>'
                   f"<updated>{when}</updated><summary>Коротко.</summary>"
                   f'<content type="html">{html.escape(full)}</content></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Стрічка UA</title><id>urn:test:atom</id><updated>{site.now.isoformat()}</updated>"
            f'<link href="{site.url("/")}"/>{"".join(entries)}</feed>').encode()


class Handler(BaseHTTPRequestHandler):
    """Routes of the test site."""

    site: Site
    protocol_version = "HTTP/1.1"
    _epoch = 0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _log(self, status: int, sent: int) -> None:
        """Record the request, unless a test cleared the log after it began (a late trickle or huge page)."""
        with self.site.lock:
            if self._epoch == self.site.epoch:
                self.site.log.append(Hit(self.path, status, sent, {k.lower(): v for k, v in self.headers.items()}))

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, etag: bool = True) -> None:
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if etag and status == 200 and self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", "0")
            self._log(304, 0)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag and status == 200:
            self.send_header("ETag", tag)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self._log(status, len(body))  # before the answer leaves: the client may act on it at once
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", headers={"Location": location}, etag=False)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        site = self.site
        with site.lock:
            self._epoch = site.epoch
        m = re.fullmatch(r"/(art|gz|br)/([\w-]+)\.html", path)
        if m and (ARTICLES / f"{m.group(2)}.txt").is_file():
            body = article_page(m.group(2))
            if m.group(1) == "gz":
                return self._send(200, gzip.compress(body), headers={"Content-Encoding": "gzip"})
            if m.group(1) == "br":
                import brotli

                return self._send(200, brotli.compress(body), headers={"Content-Encoding": "br"})
            return self._send(200, body)
        m = re.fullmatch(r"/rd/([\w-]+)\.html", path)
        if m and m.group(1) in READABILITY_PAGES:
            return self._send(200, readability_page(m.group(1)))
        if path == "/base.html":
            text = article_page("ru-04-vyatka-ferryman", image_src="photo.png")
            return self._send(200, text.replace(b"<head>", b'<head><base href="/sub/">'))
        if path in ("/img/photo.jpg", "/img/photo.png", "/sub/photo.png"):
            fmt = "JPEG" if path.endswith(".jpg") else "PNG"
            return self._send(200, image_bytes(fmt), "image/jpeg" if fmt == "JPEG" else "image/png")
        if path == "/feed/one.rss":
            return self._send(200, rss_feed(site), "application/rss+xml; charset=utf-8")
        if path == "/feed/two.atom":
            return self._send(200, atom_feed(site), "application/atom+xml")
        m = re.fullmatch(r"/redirect/(\d+)", path)
        if m:
            n = int(m.group(1))
            return self._redirect(f"/redirect/{n - 1}") if n > 0 else self._send(200, article_page("ru-03-novosibirsk-kids-coding"))
        if path == "/to-private":
            return self._redirect("http://10.255.255.1/intranet")
        if path == "/to-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if path == "/to-ftp":
            return self._redirect("ftp://127.0.0.1/file")
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, article_page("ru-03-novosibirsk-kids-coding"))
        if path == "/trickle":
            return self._trickle()
        if path == "/404":
            return self._send(404, b"not here", etag=False)
        if path == "/500":
            return self._send(500, b"broken", etag=False)
        if path in ("/huge", "/huge-declared"):
            return self._huge(declared=path == "/huge-declared")
        if path == "/wrong-charset":
            text = article_page("ru-05-almaty-greenhouse-subsidies").decode("utf-8")
            text = text.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
            return self._send(200, text.encode("cp1251", "replace"), "text/html; charset=utf-8")
        if path == "/wrong-charset-2":
            text = article_page("ru-06-pskov-archaeology").decode("utf-8").replace('<meta charset="utf-8">', "")
            return self._send(200, text.encode("utf-8"), "text/html; charset=windows-1251")
        if path == "/other-port.html":
            src = f"http://127.0.0.1:{site.other_port}/img/photo.png"
            return self._send(200, article_page("bg-01-sofia-tram-extension", image_src=src))
        if path == "/image-to-private.html":
            return self._send(200, article_page("sr-01-novi-sad-danube-cleanup", image_src="/to-private"))
        if path == "/cookie":
            return self._send(200, article_page("ru-03-novosibirsk-kids-coding"),
                              headers={"Set-Cookie": "session=secret; Path=/"})
        if path == "/cookie-redirect":
            self._send(302, b"", headers={"Location": "/cookie", "Set-Cookie": "early=1; Path=/"}, etag=False)
            return None
        return self._send(404, b"no route", etag=False)

    def _trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100")
        self.end_headers()
        sent = 0
        try:
            for _ in range(25):  # bounded: at most 5 s
                self.wfile.write(b"x")
                self.wfile.flush()
                sent += 1
                time.sleep(0.2)
        except OSError:
            pass
        self._log(200, sent)
        self.close_connection = True

    def _huge(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = (b"<p>" + "слово ".encode() * 40 + b"</p>\n") * (CHUNK // 250)
        sent = 0
        try:
            while sent < HUGE_BYTES:
                piece = chunk[: HUGE_BYTES - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass
        self._log(200, sent)
        self.close_connection = True


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (timeouts, size limits) are expected: no tracebacks on stderr."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def start(site: Site) -> ThreadingHTTPServer:
    """Serve ``site`` on a free port of 127.0.0.1 in a daemon thread."""
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server


class TwoServers:
    """The site and a second server on another port (for the image that lives elsewhere)."""

    def __init__(self) -> None:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        self.site = Site(now)
        self.other = Site(now)
        self.main_server = start(self.site)
        self.other_server = start(self.other)
        self.site.port = self.main_server.server_address[1]
        self.other.port = self.other_server.server_address[1]
        self.site.other_port = self.other.port

    def close(self) -> None:
        for server in (self.main_server, self.other_server):
            server.shutdown()
            server.server_close()
