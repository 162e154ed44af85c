"""Issue 9, hostile suite: documents made of very many tiny inline elements, under the suite's bounds.

A 2 MB page of 200,000 ``<b>ж</b>`` took ~21 s and 0.66 GB to JSON, and minutes to PDF: every
stage paid per inline node. Each case here is generated (nothing big is stored), run through the
CLI in a child process limited to 1 GB of address space and :data:`TIME_LIMIT` seconds
(``run_bounded``, as in ``test_hostile_suite``), and every one of its distinct words is read back
from the JSON output: not a word may be lost, and there must be no traceback. Cases that run the
other writers too get :data:`PER_EXTRA_FORMAT` more seconds for each.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from article_convert.ir import Document, LineBreak, Link, Metadata, Paragraph, Strong, Text, document_to_json

from .test_hostile_suite import PER_EXTRA_FORMAT, TIME_LIMIT, run_bounded

LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def word(i: int) -> str:
    """A distinct Cyrillic word for each ``i`` (ж and three letters: 21,952 of them, then four)."""
    out = "ж"
    for _ in range(3 if i < 28**3 else 4):
        out += LETTERS[i % 28]
        i //= 28
    return out


def words(n: int) -> list[str]:
    return [word(i) for i in range(n)]


def _page(body: str) -> bytes:
    return (f"<html><head><title>Заголовок</title></head><body><article><h1>Заголовок</h1><p>{body}</p>"
            "</article></body></html>").encode()


def _blocks_page(body: str) -> bytes:
    """A page whose article is ``body`` itself: blocks (paragraphs, divs, a table), not one paragraph."""
    return (f"<html><head><title>Заголовок</title></head><body><article><h1>Заголовок</h1>{body}"
            "</article></body></html>").encode()


def _docx(runs: str) -> bytes:
    """A minimal Word file whose one paragraph is ``runs`` (w:r elements)."""
    main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{main}"><w:body>'
            f"<w:p><w:r><w:t>Заголовок</w:t></w:r></w:p><w:p>{runs}</w:p></w:body></w:document>"))
    return buf.getvalue()


def _ir(inlines: list[Any]) -> bytes:
    return document_to_json(Document(Metadata(title="Заголовок"), (Paragraph(tuple(inlines)),))).encode()


@dataclass(frozen=True)
class Flood:
    """One generated input of ``n`` tiny elements, each holding a distinct word."""

    id: str
    name: str
    n: int
    formats: tuple[str, ...] = ("json",)

    def data(self) -> bytes:
        ws = words(self.n)
        match self.id:
            case "html-b" | "html-i" | "html-span":
                tag = self.id.split("-")[1]
                return _page(" ".join(f"<{tag}>{w}</{tag}>" for w in ws))
            case "html-b-i":
                return _page(" ".join(f"<b><i>{w}</i></b>" for w in ws))
            case "html-a":
                return _page(" ".join(f'<a href="https://e.kz/{i}">{w}</a>' for i, w in enumerate(ws)))
            case "html-br":
                return _page("<br>".join(ws))
            case "html-p" | "html-div":
                tag = self.id.split("-")[1]
                return _blocks_page("".join(f"<{tag}>{w}</{tag}>" for w in ws))
            case "html-td":  # three cells a row
                rows = ("<tr>" + "".join(f"<td>{w}</td>" for w in ws[i : i + 3]) + "</tr>" for i in range(0, len(ws), 3))
                return _blocks_page("<table>" + "".join(rows) + "</table>")
            case "md-emph":
                return ("# Заголовок\n\n" + " ".join(f"*{w}*" for w in ws) + "\n").encode()
            case "md-link":
                return ("# Заголовок\n\n" + " ".join(f"[{w}](https://e.kz/{i})" for i, w in enumerate(ws))
                        + "\n").encode()
            case "ir-strong":
                return _ir([n for w in ws for n in (Strong((Text(w),)), Text(" "))])
            case "ir-link-br":
                return _ir([n for i, w in enumerate(ws) for n in (Link((Text(w),), f"https://e.kz/{i}"), LineBreak())])
            case "docx-runs":
                return _docx("".join(f'<w:r><w:rPr><w:b/></w:rPr><w:t>{w}</w:t></w:r><w:r><w:t xml:space="preserve"> '
                                     "</w:t></w:r>" for w in ws))
        raise AssertionError(self.id)


FLOODS = [
    Flood("html-b", "b.html", 200_000, ("json", "epub", "docx", "pdf", "fb2")),
    Flood("html-i", "i.html", 200_000),
    Flood("html-span", "span.html", 100_000),
    Flood("html-b-i", "bi.html", 100_000),
    Flood("html-a", "a.html", 20_000),  # under 100,000 elements the article extractors run: they cost most
    Flood("html-br", "br.html", 100_000),
    Flood("md-emph", "e.md", 100_000, ("json", "pdf")),
    Flood("md-link", "l.md", 30_000),
    Flood("ir-strong", "s.json", 100_000),
    Flood("ir-link-br", "lb.json", 30_000),
    Flood("docx-runs", "runs.docx", 50_000),
    # Tiny blocks: one word each, every block costing the transforms and recognisers their per-block
    # work (99,000 of them, just under the extractors' element budget, took 11-13 s to JSON before
    # that work was made cheap; see benchmarks/bench_tiny_elements.py --floods html-p html-td html-div).
    Flood("html-p", "p.html", 30_000),
    Flood("html-td", "td.html", 30_000),
    Flood("html-div", "div.html", 30_000),
]
"""Sizes: each case's JSON run takes 2-5 s of CPU on this machine (see benchmarks/bench_tiny_elements.py
for 200,000 of each and all formats), so that the whole set stays within about a minute in CI
(3 min at load 7-9 on the shared machine where it was written)."""


def output_words(path: Path) -> Counter[str]:
    """Every word of the Text nodes (and link addresses' numbers are not words) in an IR JSON file."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("Text", "Code"):
                texts.append(value["text"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(path.read_text(encoding="utf-8"))["document"])
    return Counter(" ".join(texts).split())


@pytest.mark.slow
@pytest.mark.parametrize("flood", FLOODS, ids=lambda f: f.id)
def test_i9_flood_of_tiny_elements_is_bounded_and_keeps_every_word(flood: Flood, tmp_path: Path) -> None:
    (tmp_path / flood.name).write_bytes(flood.data())
    timeout = TIME_LIMIT + PER_EXTRA_FORMAT * (len(flood.formats) - 1)
    try:
        proc = run_bounded([flood.name, "-t", ",".join(flood.formats), "-o", "out/"], tmp_path, timeout)
    except Exception as exc:  # subprocess.TimeoutExpired
        pytest.fail(f"{flood.id}: {type(exc).__name__} after {timeout:.0f} s")
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    stem = Path(flood.name).stem
    for fmt in flood.formats:
        assert (tmp_path / "out" / f"{stem}.{fmt}").stat().st_size > 0, fmt
    got = output_words(tmp_path / "out" / f"{stem}.json")
    want = Counter(words(flood.n))
    missing = want - got
    assert not missing, f"{flood.id}: lost {sum(missing.values())} word(s), e.g. {list(missing)[:5]}"
    for fmt in set(flood.formats) & {"epub", "docx", "fb2"}:
        lost = want - xml_words(tmp_path / "out" / f"{stem}.{fmt}")
        assert not lost, f"{flood.id}: the {fmt} lost {sum(lost.values())} word(s), e.g. {list(lost)[:5]}"


def xml_words(path: Path) -> Counter[str]:
    """The words of an EPUB's pages, a DOCX's document part or an FB2 file (tags removed)."""
    if path.suffix == ".fb2":
        parts = [path.read_bytes()]
    else:
        with zipfile.ZipFile(path) as z:
            parts = [z.read(n) for n in z.namelist() if n.endswith((".xhtml", "word/document.xml"))]
    text = " ".join(re.sub(r"<[^>]*>", " ", p.decode("utf-8")) for p in parts)
    return Counter(html.unescape(text).replace("\u00ad", "").split())
