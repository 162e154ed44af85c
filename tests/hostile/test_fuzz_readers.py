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
from article_convert.ir import document_to_json
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


def _sample_for(ext: str) -> bytes:
    """A valid input with this extension: a writer's output for its suffix, else a text sample."""
    for name in registry.writer_names():
        writer = registry.get_writer(name)
        if getattr(writer, "suffix", None) == ext and name not in ("json",):
            return writer.write(kitchen_sink(), Context(options=ConvertOptions(), diagnostics=Diagnostics()))
    if ext == ".json":
        return document_to_json(kitchen_sink()).encode()
    if ext in (".md", ".markdown"):
        return MARKDOWN.encode()
    if ext in (".html", ".htm", ".xhtml", ".xml"):
        return HTML.encode()
    return SEED.read_bytes()[:4000]


def _reader_cases() -> list[tuple[str, str]]:
    """(reader name, extension) for every installed reader and each extension it claims."""
    out = []
    for name in registry.reader_names():
        exts = registry.get_reader(name).extensions or (".txt",)
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

    @settings(max_examples=EXAMPLES_PER_READER, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(damaged(sample))
    def run(data: bytes) -> None:
        _convert_in_process(reader_name, ext, data, tmp)

    _convert_in_process(reader_name, ext, sample, tmp)  # the undamaged sample works
    run()


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
