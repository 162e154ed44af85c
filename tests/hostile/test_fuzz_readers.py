"""Fuzzing every installed reader and odd file names (issue 9): no input may crash the tool.

Registry-driven: the readers are whatever ``article_convert.readers`` entry points are installed,
so a reader added later joins automatically. Each reader gets a valid sample for each of its
extensions (our own writer's output when a writer has that suffix, e.g. a DOCX or FB2 reader;
otherwise a text, Markdown, HTML or IR JSON sample) and Hypothesis damages it: truncation, byte
flips, hostile snippets (NULs, BOMs, lone surrogates, RTL overrides, deep nesting, entities).
The reader, the shared guard, the transforms and three writers must either succeed or raise one
of the project's errors (a clean ``error:`` line); anything else is a bug.

Budget: a few dozen examples per reader (CI stays fast); the hostile suite covers the bombs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import SEED
from documents import kitchen_sink
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article_convert import registry
from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.errors import ArticleConvertError
from article_convert.ir import document_texts, document_to_json
from article_convert.ir.guard import guard_document
from article_convert.pipeline import convert_file, transform
from article_convert.plugins import Source

EXAMPLES_PER_READER = 20
FAST_WRITERS = ("json", "fb2", "docx")

MARKDOWN = (
    "---\ntitle: Заголовок\ndate: 2024-03-05\ntags: [а, б]\n---\n\n# Заголовок\n\n"
    "Текст с *курсивом*, **жирным** и [ссылкой](https://example.org).\n\n> Цитата\n> — Автор\n\n"
    "1. Первый\n2. Второй\n   - вложенный\n\n```\nкод\n```\n\nСноска[^1].\n\n[^1]: Текст сноски.\n"
)
HTML = (
    "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Заголовок</title></head>"
    "<body><article><h1>Заголовок</h1><p>Текст с <em>курсивом</em> и <a href='https://e.org'>ссылкой</a>."
    "</p><blockquote><p>Цитата</p></blockquote><ol start='3'><li>Пункт</li></ol>"
    "<figure><img src='a.jpg' alt='фото'><figcaption>Подпись</figcaption></figure></article></body></html>"
)
SNIPPETS: tuple[bytes, ...] = (
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xe2\x80\xae", b"\r", b"\x1b[31m",
    "«ёлка»".encode(), "\u00a0".encode(), "שלום".encode(), b"> " * 40, b"* " * 40, b"<div>" * 40,
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&#0;&#xD800;", b"]]>", b"---\n", b"[^x]", b"![](../../etc/passwd)",
    b'<ol start="\xc2\xb2">', b"\\", b"`" * 3, b"{" * 40, b"9" * 400,
)


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)
_ODT_BODY = (
    "<office:body><office:text>"
    '<text:h text:outline-level="1">Заголовок</text:h>'
    "<text:p>Текст со сноской<text:note><text:note-body><text:p>Сноска</text:p></text:note-body></text:note>"
    '<text:span>и</text:span> <text:a xlink:href="https://e.org" xmlns:xlink="http://www.w3.org/1999/xlink">ссылкой</text:a>'
    "<office:annotation><dc:creator>Автор</dc:creator><text:p>Комментарий</text:p></office:annotation>.</text:p>"
    "<text:list><text:list-item><text:p>Первый</text:p><text:list><text:list-item><text:p>Вложенный</text:p>"
    "</text:list-item></text:list></text:list-item></text:list>"
    "<table:table><table:table-row><table:table-cell><text:p>Ячейка</text:p></table:table-cell></table:table-row>"
    "</table:table></office:text></office:body>"
)
_MASTER = ('<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Колонтитул</text:p>'
           "</style:header></style:master-page></office:master-styles>")
FODT = f'<?xml version="1.0" encoding="UTF-8"?><office:document {_ODT_NS}>{_MASTER}{_ODT_BODY}</office:document>'
RTF = (r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24 "
       r"{\b \'c7\'e0\'e3\'ee\'eb\'ee\'e2\'ee\'ea}\par "
       r"\u1058?\u1077?\u1082?\u1089?\u1090? {\i \u1089?\u1090?\u1072?\u1090?\u1100?\u1080?}.\par}")


def _odt_package() -> bytes:
    """A small real .odt (zip: mimetype first, stored; content, styles, manifest)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
                                  f"{_ODT_BODY}</office:document-content>")
        z.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODT_NS}>'
                                 f"{_MASTER}</office:document-styles>")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                   "</manifest:manifest>")
    return buf.getvalue()


def _sample_for(ext: str) -> bytes:
    """A valid input with this extension: a writer's output for its suffix, a hand-made document
    (ODT, flat ODT, RTF), else a text sample."""
    for name in registry.writer_names():
        writer = registry.get_writer(name)
        if getattr(writer, "suffix", None) == ext and name not in ("json",):
            return writer.write(kitchen_sink(), Context(options=ConvertOptions(), diagnostics=Diagnostics()))
    if ext in (".docm", ".dotx", ".dotm"):  # the same package as .docx (only the content type differs)
        return _sample_for(".docx")
    if ext in (".odt", ".ott"):
        return _odt_package()
    if ext == ".fodt":
        return FODT.encode()
    if ext == ".rtf":
        return RTF.encode("ascii")
    if ext == ".json":
        return document_to_json(kitchen_sink()).encode()
    if ext in (".md", ".markdown"):
        return MARKDOWN.encode()
    if ext in (".html", ".htm", ".xhtml", ".xml"):
        return HTML.encode()
    return SEED.read_bytes()[:4000]


SLOW_READERS = ("legacy-office",)
"""Readers that start LibreOffice per input: one extension each (the RTF sample), fewer examples."""


def _reader_cases() -> list[tuple[str, str]]:
    """(reader name, extension) for every installed reader and each extension it claims."""
    out = []
    for name in registry.reader_names():
        exts = registry.get_reader(name).extensions or (".txt",)
        if name in SLOW_READERS:
            exts = tuple(e for e in exts if e == ".rtf") or exts[:1]
        out.extend((name, ext) for ext in exts[:2])
    return out


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few random kinds of damage applied."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "duplicate", "delete"]))
        pos = draw(st.integers(0, max(0, len(out) - 1)))
        if kind == "truncate" and len(out) > 1:
            del out[max(1, pos):]
        elif kind == "flip" and out:
            out[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[pos:pos] = draw(st.sampled_from(SNIPPETS)) * draw(st.integers(1, 3))
        elif kind == "duplicate":
            end = min(len(out), pos + draw(st.integers(1, 200)))
            out[pos:pos] = out[pos:end] * draw(st.integers(1, 5))
        elif kind == "delete":
            del out[pos : pos + draw(st.integers(1, 50))]
    return bytes(out)


def _convert_in_process(reader_name: str, ext: str, data: bytes, tmp: Path) -> None:
    """Reader -> guard -> transforms -> guard -> fast writers; only the project's errors may escape."""
    reader = registry.get_reader(reader_name)
    ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics(), base_dir=tmp, source_name=f"fuzz{ext}")
    try:
        doc = guard_document(reader.read(Source(data, tmp / f"fuzz{ext}"), ctx), ctx.diagnostics)
        doc = guard_document(transform(doc, ctx), ctx.diagnostics)
        for name in FAST_WRITERS:
            registry.get_writer(name).write(doc, ctx)
    except ArticleConvertError:
        pass


@pytest.mark.parametrize(("reader_name", "ext"), _reader_cases())
def test_fuzz_every_reader(reader_name: str, ext: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    sample = _sample_for(ext)
    tmp = tmp_path_factory.mktemp("fuzz")

    @settings(max_examples=EXAMPLES_PER_READER // 4 if reader_name in SLOW_READERS else EXAMPLES_PER_READER,
              deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(damaged(sample))
    def run(data: bytes) -> None:
        _convert_in_process(reader_name, ext, data, tmp)

    _sample_converts(reader_name, ext, sample, tmp)
    run()


def _sample_converts(reader_name: str, ext: str, sample: bytes, tmp: Path) -> None:
    """The undamaged sample is read with its text (else the fuzzing only ever met the error path)."""
    import shutil

    if reader_name in SLOW_READERS and not shutil.which("soffice"):
        print(f"{reader_name}: LibreOffice (soffice) not installed; only damaged input is fuzzed")
        return
    reader = registry.get_reader(reader_name)
    ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics(), base_dir=tmp, source_name=f"sample{ext}")
    doc = guard_document(reader.read(Source(sample, tmp / f"sample{ext}"), ctx), ctx.diagnostics)
    words = " ".join([doc.meta.title, *document_texts(doc)])
    assert any(w in words for w in ("Заголовок", "Текст", "Казахстан", "Якорная")), (reader_name, ext, words[:200])
    for name in FAST_WRITERS:
        assert registry.get_writer(name).write(doc, ctx)


def test_fuzz_readers_cover_the_registry() -> None:
    """Every installed reader is fuzzed (a new reader joins by being registered)."""
    assert {name for name, _ in _reader_cases()} == set(registry.reader_names())
    assert {"text", "markdown", "html", "json"} <= set(registry.reader_names())


_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")


@settings(max_examples=25, deadline=None, database=None)
@given(
    stem=st.text(_NAME_CHARS, min_size=1, max_size=40).filter(lambda s: s not in (".", "..")),
    ext=st.sampled_from([".txt", ".md", ".html", ".TXT", "", ".", ".txt.md", ".json"]),
    raw_byte=st.one_of(st.none(), st.integers(0x80, 0xFF)),
)
def test_fuzz_file_names(stem: str, ext: str, raw_byte: int | None, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("names")
    name = os.fsencode(stem + ext)
    if raw_byte is not None and sys.platform != "win32":
        name = bytes([raw_byte]) + name  # not valid UTF-8: Python sees a surrogate escape
    if len(name) > 200:
        name = name[:200]
    path = tmp / os.fsdecode(name)
    try:
        path.write_bytes(SEED.read_bytes()[:3000] if not ext.endswith("json") else document_to_json(kitchen_sink()).encode())
    except (OSError, UnicodeEncodeError, ValueError):
        return  # the file system refuses this name: nothing to convert
    try:
        result = convert_file(path, output=str(tmp / "out/"), formats=["json", "fb2"])
    except ArticleConvertError:
        return
    assert all(p.stat().st_size > 0 for p in result.outputs)


FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
    "<channel><title>Лента</title><link>https://example.invalid/</link><language>ru</language>"
    "<item><title>Новость дня</title><link>https://example.invalid/1</link><pubDate>Tue, 01 Dec 2026 00:00:00 GMT"
    "</pubDate><description>Городской совет утвердил план.</description><content:encoded><![CDATA[<p>Городской "
    "совет утвердил <b>новый план</b> развития набережной.</p><blockquote>Цитата</blockquote>]]></content:encoded>"
    "</item><item><title>Вторая</title><description>&lt;p&gt;Кратко&lt;/p&gt;</description></item></channel></rss>"
).encode()


def _read_feed(data: bytes) -> None:
    """Feed parser -> each item's article (its own text, no page fetched) -> fast writers."""
    from article_convert.feeds import parse_feed
    from article_convert.feeds.items import read_item
    from article_convert.settings import resolve_settings

    settings = resolve_settings(ConvertOptions())
    try:
        feed = parse_feed(data, "feed.xml")
        for item in feed.items[:3]:
            article = read_item(item, feed, settings, None, "never")
            ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics())
            for name in FAST_WRITERS:
                registry.get_writer(name).write(article.doc, ctx)
    except ArticleConvertError:
        pass


def test_fuzz_feeds() -> None:
    """RSS/Atom feeds are an input too (bundle --feed FILE|URL): damaged ones never crash."""

    @settings(max_examples=EXAMPLES_PER_READER, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(damaged(FEED))
    def run(data: bytes) -> None:
        _read_feed(data)

    _read_feed(FEED)
    run()


CLI_NAMES: tuple[bytes, ...] = (
    b"-rf.txt", b"--help.md", b"-", b" leading and trailing space .txt", "с пробелом\nи переводом строки.txt".encode(),
    b"\xff\xfe not utf-8.txt", b"cp1251 \xf1\xf2\xe0\xf2\xfc\xff.html", "ж".encode() * 120 + b".txt",
    b"a" * 251 + b".txt", b"$(touch pwned).md", b"*?[x].txt", b".hidden.txt", b"tab\there.json", b"no-suffix",
    "🙂 emoji «кавычки».md".encode(), "\u202eevil-rtl.txt".encode(),
)


@pytest.mark.parametrize("raw", CLI_NAMES, ids=lambda b: repr(b)[:40])
def test_fuzz_file_names_through_the_cli(raw: bytes, tmp_path: Path) -> None:
    """Odd names given on the command line (after --): converted with outputs named after them, or
    one clean ``error:`` line naming the file; never a traceback, never a half-written file."""
    from click.testing import CliRunner

    from article_convert.cli import main

    name = os.fsdecode(raw)
    path = tmp_path / name
    try:
        path.write_bytes(document_to_json(kitchen_sink()).encode() if raw.endswith(b".json")
                         else SEED.read_bytes()[:3000])
    except OSError:
        pytest.skip(f"the file system refuses the name {raw[:40]!r}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", "-t", "json,fb2", "-o", f"{out}/", "--", name],
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    made = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [m for m in made if m.endswith(".part")], made
    if result.exit_code == 0:
        assert len(made) == 2 and all((out / m).stat().st_size > 0 for m in made), made
        assert all(m.startswith(Path(name).stem[:20]) for m in made) or raw == b"-", made
    else:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert result.exit_code in (1, 2) and errors, result.stderr
