"""``article-convert bundle``: many articles -> one book (EPUB, PDF, DOCX, FB2) with sections and a cover."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import click

from ..cli import build_fetch, build_options, conversion_options, fail, web_options
from ..stdio import display, print_line

EPILOG = """\b
Examples:
  article-convert bundle неделя/ -o digest.epub
  article-convert bundle ru/ kk/ uk/ -o digest.fb2.zip --title "Обзор прессы"
  article-convert bundle статьи/ -o digest.pdf --profile kindle --section-by date --sort title
  article-convert bundle https://… https://… --urls more.txt -o reading.epub
  article-convert bundle --feed https://site/rss --feed lenta.xml --since 24h -o today.epub
\b
Sections: by default each sub-folder of a SRC folder (or each SRC folder) is a section; with
--section-by source the articles' publisher, date their day, none gives a flat list. A single
section means no section level. Inside a section articles go by date (undated ones after, by file
name), or by --sort name|title. Title and date default to "Подборка статей, 25 ноября 2026" and
today, in the language most articles share (or --lang). Bundles always get a cover (generated, or
--cover-image FILE). The book's own title page shows its title, --subtitle, --description,
--author(s) and date (-M title=, subtitle=, description=, author=, source=, date= set the book's
metadata too, never an article's). An input that cannot be read is reported and left out; the bundle of the
rest is still written and the exit code is 1 (with --strict nothing is written); this holds for
any failure of one input, an internal error included. Symbolic links that lead out of a SRC
folder are skipped with a warning unless --follow-symlinks; the book itself is never an input.
Exit codes:
0 every input is in the bundle, 1 some input failed (or --check failed), 2 usage error.
\b
Feeds (RSS 0.9x/1.0/2.0, Atom; URL or file): a section per feed named by its title, items newest
first (--since, --max-per-feed). Each item's page is fetched and its article extracted, unless the
item itself holds the whole article (--pages auto; always / never). An item whose page fails keeps
the feed's summary with a note. URLs: http(s) only, public addresses only unless
--allow-private-network; responses are cached (~/.cache/article-convert/http) and revalidated, so
a second run downloads only what changed.
"""


@click.command("bundle", epilog=EPILOG)
@click.argument("sources", nargs=-1, metavar="[SRC|URL]...")
@click.option("--urls", "url_files", multiple=True, metavar="FILE",
              help="A file of URLs (and paths), one per line; # starts a comment.")
@click.option("--feed", "feeds", multiple=True, metavar="URL|FILE", help="An RSS or Atom feed; repeatable.")
@click.option("--feeds", "feed_files", multiple=True, metavar="FILE",
              help="A file of feeds (URLs or paths), one per line; # starts a comment.")
@click.option("--since", metavar="24h|7d|DATE", help="Only feed items newer than this.")
@click.option("--max-per-feed", type=click.IntRange(min=1), metavar="N", help="At most N newest items per feed.")
@click.option("--pages", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Fetch each feed item's page: unless the item holds the whole article, always, or never.")
@click.option("--send-to", "send_to", metavar="DIR",
              help="Also copy the book into DIR (an e-reader mounted as a folder), atomically.")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The book to write: .epub, .pdf, .docx, .fb2 or .fb2.zip.")
@click.option("--title", metavar="TEXT", help='Book title (default: "Подборка статей, 25 ноября 2026", today in the book language).')
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Book date (default: today).")
@click.option("--subtitle", metavar="TEXT", help="Book subtitle, on its title page (as -M subtitle=).")
@click.option("--description", metavar="TEXT",
              help="What the book is about: on its title page and in its metadata (as -M description=).")
@click.option("--author", "book_authors", multiple=True, metavar="NAME",
              help="An author or editor of the book; repeatable (as -M author=).")
@click.option("--section-by", type=click.Choice(["folder", "source", "date", "none"]), default="folder",
              show_default=True, help="What makes a section.")
@click.option("--sort", type=click.Choice(["date", "name", "title", "newest"]), default=None,
              help="Order of the articles inside a section  [default: date; newest with --feed].")
@click.option("--check", "run_check", is_flag=True, help="Validate the written book (as `check` does).")
@click.option("--follow-symlinks", is_flag=True,
              help="Also take files reached through symbolic links that lead out of SRC (off: skipped).")
@conversion_options
@web_options
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def command(sources: tuple[str, ...], output: str, title: str | None, date_text: str | None, section_by: str,
            sort: str | None, run_check: bool, follow_symlinks: bool, quiet: bool, from_format: str | None,
            url_files: tuple[str, ...], feeds: tuple[str, ...], feed_files: tuple[str, ...], since: str | None,
            max_per_feed: int | None, pages: str, send_to: str | None, subtitle: str | None,
            description: str | None, book_authors: tuple[str, ...], **kw: Any) -> None:
    """Bundle articles (SRC folders and files, URLs, feeds) into one book with a table of contents."""
    from ..bundle import BundleConfig, run_bundle
    from ..errors import ArticleConvertError, UsageError
    from ..interrupts import Interrupted, raising

    try:
        inputs = tuple(sources) + read_url_files(url_files)
        feeds = tuple(dict.fromkeys(feeds + read_url_files(feed_files, "--feeds")))
        if not inputs and not feeds:
            raise UsageError("nothing to bundle: give SRC folders, files or URLs, --urls FILE or --feed")
        book = book_pairs(title, subtitle, description, book_authors)
        device = _device(send_to)
        config = BundleConfig(inputs, Path(output), build_options(kw), from_format, section_by,  # type: ignore[arg-type]
                              sort or ("newest" if feeds else "date"), title, date_text,  # type: ignore[arg-type]
                              feeds=tuple(feeds), since=since, max_per_feed=max_per_feed,
                              pages=pages, fetch=build_fetch(kw), follow_symlinks=follow_symlinks,  # type: ignore[arg-type]
                              book_metadata=book)
    except ArticleConvertError as exc:
        fail(exc)
        return

    def progress(found: Any, error: str | None) -> None:
        if error:
            print_line(f"error: {display(error)}", err=True)

    try:
        with raising():  # SIGINT/SIGTERM unwind: no partial book is left
            result = run_bundle(config, progress)
            sent = _send(result.output, device)
    except ArticleConvertError as exc:
        fail(exc)
        return
    except Interrupted as exc:
        print_line(f"error: interrupted by {signal.Signals(int(exc.args[0])).name}; no partial file was left",
                   err=True)
        sys.exit(128 + int(exc.args[0]))
    for note in result.notes:
        print_line(f"warning: {display(note)}", err=True)
    if not quiet:
        for name, diag in result.warnings:
            print_line(f"warning: {display(name)}: {display(diag.message)} [{diag.code}]", err=True)
        skipped = f", {len(result.failures)} skipped" if result.failures else ""
        print_line(f"wrote {display(result.output)} ({result.articles} articles{skipped})", err=True)
        if result.network is not None and result.network.requests:
            net = result.network
            print_line(f"network: {net.requests} request(s), {net.downloaded} downloaded ({net.bytes} bytes), "
                       f"{net.not_modified} unchanged (from the cache)", err=True)
        for path in sent:
            print_line(f"sent {display(path)}", err=True)
    code = result.exit_code
    if run_check:
        code = max(code, _check(result.output))
    sys.exit(code)


def book_pairs(title: str | None, subtitle: str | None, description: str | None,
               authors: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The book's own metadata options as ``-M`` pairs, each checked (UsageError naming the option)."""
    from ..errors import UsageError
    from ..validate import text_problem

    given = [("--title", "title", title), ("--subtitle", "subtitle", subtitle),
             ("--description", "lead", description)] + [("--author", "author", a) for a in authors]
    for option, key, value in given:
        problem = text_problem(key, value) if value is not None else None
        if problem:
            raise UsageError(f"{option} {problem}")
    pairs = [(key, value) for option, key, value in given[1:3] if value is not None]
    if authors:
        pairs.append(("authors", "; ".join(a.strip() for a in authors if a.strip())))
    return tuple(pairs)


def read_url_files(paths: tuple[str, ...], option: str = "--urls") -> tuple[str, ...]:
    """The URLs (and paths) listed in ``--urls`` files, one per line; blank lines and # comments skipped."""
    from ..errors import UsageError

    out: list[str] = []
    for name in paths:
        try:
            text = Path(name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{option} {name}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        for line in text.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                out.append(line)
    return tuple(out)


def _device(send_to: str | None) -> Path | None:
    if send_to is None:
        return None
    from ..sendto import check_folder

    return check_folder(send_to)


def _send(path: Path, device: Path | None) -> list[Path]:
    if device is None:
        return []
    from ..sendto import send_files

    return send_files([path], device)


def _check(path: Path) -> int:
    """Validate the written book; 1 when the check fails."""
    from ..check import check_file

    verdict = check_file(path)
    if verdict.ok:
        print_line(f"OK    {display(path)}  ({verdict.kind})", err=True)
        return 0
    print_line(f"FAIL  {display(path)}: {display('; '.join(verdict.problems))}", err=True)
    return 1
