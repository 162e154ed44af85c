"""Issue 9, hostile suite: floods of distinct links, which cannot be merged, and the DOCX writer's lean path.

200,000 distinct links took the DOCX writer 31 s and 976 MB: python-docx kept an object per
relationship and built an lxml element per relationship to serialise them, and the whole body
was one lxml tree (five elements and three attributes per link). Now hyperlinks are two-slot
records written as text (``writers/docx/rels.py``) and a long body is serialised as it is
rendered (``writers/docx/freeze.py``). These tests hold the result byte-identical to the whole
tree's, and read every address back as a working hyperlink.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from article_convert.context import Context
from article_convert.ir import (
    BlockQuote,
    BulletList,
    Document,
    Emph,
    Figure,
    Image,
    LineBreak,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Strong,
    Table,
    Text,
    ThematicBreak,
    document_to_json,
)
from article_convert.writers.docx import DocxWriter, freeze

from .test_hostile_suite import PER_EXTRA_FORMAT, TIME_LIMIT, run_bounded
from .test_tiny_elements import output_words, word, words

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"


def docx_links(data: bytes) -> list[tuple[str, str]]:
    """(address, visible text) of every ``w:hyperlink`` of the body, in order, its rId resolved
    through ``document.xml.rels`` (an rId that names no external hyperlink fails the test)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r for r in rels.iter(f"{{{PR}}}Relationship")}
    assert len(targets) == len(rels), "two relationships share an rId"
    out = []
    for link in body.iter(f"{{{W}}}hyperlink"):
        rel = targets[link.get(f"{{{R}}}id")]
        assert rel.get("TargetMode") == "External" and rel.get("Type").endswith("/hyperlink")
        out.append((rel.get("Target"), "".join(t.text or "" for t in link.iter(f"{{{W}}}t"))))
    return out


def _mixed(n: int) -> Document:
    """A long document of every kind of block holding links: paragraphs, notes with links, lists,
    tables, interview turns (whose label goes into their first paragraph afterwards), quotes."""
    blocks: list = []
    for i in range(n):
        w = word(i)
        blocks.append(Paragraph((
            Text(f"Абзац {i} "), Link((Text(w),), f"https://e.kz/{i % 700}?a=1&b='ж'"), Text(" и "),
            Link((Strong((Text("жирная"),)),), "mailto:a@b.kz", title="т & <т>"),
            Note((Paragraph((Text("сноска "), Link((Emph((Text(w),)),), f"https://n.kz/{i}"))),)) if i % 50 == 0
            else LineBreak(),
            Text("."),
        )))
        if i % 97 == 0:
            blocks.append(BulletList(tuple((Paragraph((Link((Text(f"пункт {j}"),), f"https://l.kz/{j}"),)),)
                                           for j in range(40))))
            blocks.append(Table((((Paragraph((Link((Text("ячейка"),), "https://t.kz/я"),)),),),), header_rows=1))
            blocks.append(Question((Paragraph((Text("Вопрос? "), Link((Text("ответ"),), "https://q.kz"))),)))
            blocks.append(BlockQuote((Paragraph((Link((Text("цитата"),), "https://c.kz"),)),),
                                     (Text("Автор"),)))
            blocks.append(OrderedList(((Paragraph((Text("один"),)),), (ThematicBreak(),)), start=3))
            blocks.append(Figure(Image("missing.png", "нет картинки"), (Text("подпись"),)))
    return Document(Metadata(title="Ссылки", language="ru"), tuple(blocks))


def _write(doc: Document, tmp_path: Path) -> bytes:
    return DocxWriter().write(doc, Context(now=NOW, base_dir=tmp_path))


def test_i9_docx_long_body_written_piecewise_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _mixed(1500)
    monkeypatch.setattr(freeze, "FREEZE_EVERY", 10**9)
    whole = _write(doc, tmp_path)
    frozen_calls: list[int] = []
    original = freeze.BodyFreezer._freeze

    def counted(self: freeze.BodyFreezer) -> None:
        frozen_calls.append(1)
        original(self)

    monkeypatch.setattr(freeze, "FREEZE_EVERY", 300)
    monkeypatch.setattr(freeze.BodyFreezer, "_freeze", counted)
    pieces = _write(doc, tmp_path)
    assert len(frozen_calls) > 10, "the body was never written piecewise: the test tests nothing"
    with zipfile.ZipFile(io.BytesIO(whole)) as a, zipfile.ZipFile(io.BytesIO(pieces)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    links = docx_links(pieces)
    assert ("https://e.kz/5?a=1&b='%D0%B6'", word(5)) in links
    assert sum(1 for target, _ in links if target == "mailto:a@b.kz") == 1500


def test_i9_docx_rels_are_written_as_python_docx_writes_them(tmp_path: Path) -> None:
    import docx
    from docx.opc.rel import Relationships

    from article_convert.writers.docx.rels import HYPERLINK_RT, ExternalLink, rels_xml

    rels = Relationships("/word")
    assert rels_xml(rels) == rels.xml  # the empty collection
    document = docx.Document()
    rels = document.part.rels
    for i, target in enumerate(["https://e.kz/?a=1&b=2", "mailto:x@y.kz", "https://e.kz/'\"<>\t\n\r"]):
        rels[f"rId{100 + i}"] = ExternalLink(f"rId{100 + i}", target)  # type: ignore[assignment]
    rels.add_relationship(HYPERLINK_RT, "https://python-docx.kz/ж", "rId200", is_external=True)
    assert rels_xml(rels) == rels.xml
    assert rels_xml(document.part.package.rels) == document.part.package.rels.xml


LINK_FLOOD = 30_000
"""Links in the CLI case: well over the piecewise threshold, inside the suite's time bound."""


@pytest.mark.slow
def test_i9_flood_of_distinct_links_to_docx_keeps_every_address(tmp_path: Path) -> None:
    ws = words(LINK_FLOOD)
    inlines = [n for i, w in enumerate(ws) for n in (Link((Text(w),), f"https://e.kz/{i}"), Text(" "))]
    doc = Document(Metadata(title="Заголовок"), (Paragraph(tuple(inlines)),))
    (tmp_path / "links.json").write_text(document_to_json(doc), encoding="utf-8")
    timeout = TIME_LIMIT + PER_EXTRA_FORMAT
    proc = run_bounded(["links.json", "-t", "json,docx", "-o", "out/"], tmp_path, timeout)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (Counter(ws) - output_words(tmp_path / "out" / "links.json"))
    links = docx_links((tmp_path / "out" / "links.docx").read_bytes())
    assert links == [(f"https://e.kz/{i}", w) for i, w in enumerate(ws)]


def test_i9_content_digest_hashes_the_json_text_piece_by_piece() -> None:
    """The identifier's digest hashes the IR JSON as it is written, in pieces (the whole text of a page of
    200,000 links held ~250 MB of small strings at once): the same bytes, so the same digest as before."""
    import hashlib

    from article_convert.ir.json_codec import write_document_json
    from article_convert.writers import common

    doc = _mixed(2000)  # over 16,384 pieces (a node is one or two since issue 9's JSON layouts): several chunks
    pieces: list[str] = []
    write_document_json(doc, pieces.append)
    assert len(pieces) > 3 and "".join(pieces) == document_to_json(doc)
    common._last_digest = None
    want = hashlib.sha256(document_to_json(doc, indent=None).encode("utf-8")).hexdigest()
    assert common.content_digest(doc) == want


def test_i9_json_writer_writes_the_codec_text_in_pieces(tmp_path: Path) -> None:
    from article_convert.writers.json_writer import JsonWriter

    doc = _mixed(800)
    assert JsonWriter().write(doc, Context(now=NOW, base_dir=tmp_path)) == document_to_json(doc).encode("utf-8")


PAGE_LINKS = 30_000
"""Distinct links on one HTML page: under the extractors' element budget, so the whole reader path
runs (readability, the loss measure, the converter), over the piecewise DOCX threshold."""


@pytest.mark.slow
def test_i9_page_of_distinct_links_to_docx_keeps_every_address_and_word(tmp_path: Path) -> None:
    """A saved page of 30,000 distinct links through the HTML reader, the guard's paragraph split
    (one 190,000-character paragraph) and the DOCX writer's run templates: every address is a working
    hyperlink around its own word, in order, and every word is in the IR."""
    ws = words(PAGE_LINKS)
    body = " ".join(f'<a href="https://e.kz/{i}?w={i}&amp;x=1">{w}</a>' for i, w in enumerate(ws))
    page = f"<html><head><title>Ссылки</title></head><body><article><h1>Ссылки</h1><p>{body}</p></article></body></html>"
    (tmp_path / "links.html").write_text(page, encoding="utf-8")
    proc = run_bounded(["links.html", "-t", "json,docx", "-o", "out/"], tmp_path, TIME_LIMIT + PER_EXTRA_FORMAT)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    lost = Counter(ws) - output_words(tmp_path / "out" / "links.json")
    assert not lost, f"the IR lost {sum(lost.values())} word(s), e.g. {list(lost)[:5]}"
    links = docx_links((tmp_path / "out" / "links.docx").read_bytes())
    assert links == [(f"https://e.kz/{i}?w={i}&x=1", w) for i, w in enumerate(ws)]
