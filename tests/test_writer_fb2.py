"""FB2 writer: valid FictionBook 2.0 (XSD), every word kept in order, metadata, notes, images, zip."""

from __future__ import annotations

import base64
import dataclasses
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import SEED, corpus_files, require_corpus
from documents import interview, kitchen_sink
from lxml import etree
from textutil import assert_words_in_order, norm_words

from article_convert.context import Context, ConvertOptions
from article_convert.ir import Document, Figure, Image, Metadata, Note, Paragraph, Text, document_words
from article_convert.writers.fb2 import Fb2Writer, zip_fb2
from article_convert.writers.fb2.description import split_name

SCHEMA_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas" / "fb2"
NS = {"f": "http://www.gribuser.ru/xml/fictionbook/2.0", "l": "http://www.w3.org/1999/xlink"}
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU"
    b"\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    path = SCHEMA_DIR / "FictionBook.xsd"
    if not path.is_file():  # the shared copy is the reference; the bundled one is its copy
        path = Path(__file__).resolve().parents[1] / "src/article_convert/check/schemas/fb2/FictionBook.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def write(doc: Document, **ctx_args: object) -> tuple[bytes, Context]:
    ctx = Context(now=NOW, **ctx_args)  # type: ignore[arg-type]
    return Fb2Writer().write(doc, ctx), ctx


def assert_valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), "\n".join(str(e) for e in schema.error_log)
    return root


FB2_BLOCKS = {"p", "v", "title", "subtitle", "text-author", "section", "cite", "poem", "stanza", "epigraph",
              "empty-line", "body", "table", "tr", "td", "th", "date"}


def body_text(root: etree._Element, name: str | None = None) -> str:
    """Text as a reader shows it: inline elements run together, block elements on their own lines."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        block = etree.QName(el).localname in FB2_BLOCKS
        parts.append("\n" if block else "")
        parts.append(el.text or "")
        for child in el:
            walk(child)
        parts.append(("\n" if block else "") + (el.tail or ""))

    for body in (b for b in root.findall("f:body", NS) if b.get("name") == name):
        walk(body)
    return "".join(parts)


def strip_notes(doc: Document) -> Document:
    """The document without footnote text (FB2 moves it to the notes body)."""
    blocks = tuple(
        dataclasses.replace(b, inlines=tuple(i for i in b.inlines if not isinstance(i, Note)))
        if isinstance(b, Paragraph) else b
        for b in doc.blocks
    )
    return Document(doc.meta, blocks)


@pytest.mark.parametrize("make", [kitchen_sink, interview])
def test_valid_and_keeps_every_word_in_order(schema: etree.XMLSchema, make) -> None:
    doc = make()
    data, _ = write(doc)
    root = assert_valid(schema, data)
    expected = norm_words(" ".join(document_words(strip_notes(doc))))
    assert_words_in_order(expected, norm_words(body_text(root)), make.__name__)


def test_kitchen_sink_structure(schema: etree.XMLSchema) -> None:
    data, ctx = write(kitchen_sink())
    root = assert_valid(schema, data)
    titles = ["".join(t.itertext()).strip() for t in root.findall(".//f:body[1]//f:section/f:title", NS)]
    assert titles[:3] == ["Раздел первый", "Интервью", "Конец"]
    # Heading 2 nests inside Heading 1's section
    first = root.find("f:body/f:section[f:title]", NS)
    assert first is not None and first.find(".//f:section/f:title", NS) is not None
    assert root.find(".//f:cite/f:text-author", NS).text == "Автор цитаты"
    verses = [v.text for v in root.findall(".//f:poem/f:stanza/f:v", NS)]
    assert verses == ["Бородино", "— Скажи-ка, дядя, ведь недаром", "Москва, спаленная пожаром"]
    assert "«цитата с „вложенной“ цитатой»" in body_text(root)
    assert root.find(".//f:p/f:strong", NS) is not None and root.find(".//f:emphasis", NS) is not None
    link = root.find(".//f:a[@l:href='https://example.org/путь?a=1&b=2']", NS)
    assert link is not None and link.text == "ссылка"
    ref = root.find(".//f:a[@type='note']", NS)
    assert ref.get("{http://www.w3.org/1999/xlink}href") == "#n1"
    note = root.find("f:body[@name='notes']/f:section[@id='n1']", NS)
    assert "Текст сноски." in "".join(note.itertext())
    paras = ["".join(p.itertext()) for p in root.iter("{{{}}}p".format(NS["f"]))]
    assert "•\u00a0пункт один" in paras and "3.\u00a0первый" in paras and "4.\u00a0второй" in paras
    assert root.find(".//f:p[@xml:lang='kk']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) is not None
    assert ctx.diagnostics.by_code("image-missing")


def test_interview_questions_are_strong(schema: etree.XMLSchema) -> None:
    root = assert_valid(schema, write(interview())[0])
    strong = ["".join(s.itertext()) for s in root.findall(".//f:section/f:p/f:strong", NS)]
    assert "—\u00a0Насколько в США сегодня воспринимают Казахстан как надежного партнера?" in strong
    assert not any("Вашингтоне" in s for s in strong)


def test_metadata(schema: etree.XMLSchema) -> None:
    root = assert_valid(schema, write(kitchen_sink())[0])
    ti = root.find("f:description/f:title-info", NS)
    assert ti.findtext("f:genre", namespaces=NS) == "nonf_publicism"
    authors = [(a.findtext("f:first-name", namespaces=NS), a.findtext("f:last-name", namespaces=NS))
               for a in ti.findall("f:author", NS)]
    assert authors == [("Иван", "Петров"), ("Әсел", "Қасымова")]
    assert ti.findtext("f:book-title", namespaces=NS) == "Кухонная раковина: всё сразу"
    assert "ёлки" in ti.findtext("f:annotation/f:p", namespaces=NS)
    assert ti.findtext("f:keywords", namespaces=NS) == "тест, кириллица"
    assert ti.find("f:date", NS).get("value") == "2024-03-05"
    assert ti.findtext("f:lang", namespaces=NS) == "ru"
    di = root.find("f:description/f:document-info", NS)
    assert di.findtext("f:program-used", namespaces=NS).startswith("article-convert ")
    assert di.find("f:date", NS).get("value") == "2026-11-25"
    assert di.findtext("f:id", namespaces=NS).startswith("urn:uuid:")
    assert di.findtext("f:version", namespaces=NS) == "1.0"
    assert root.findtext("f:description/f:publish-info/f:publisher", namespaces=NS) == "Тестовое издание"
    org = assert_valid(schema, write(interview())[0])
    assert org.findtext("f:description/f:title-info/f:author/f:nickname", namespaces=NS) == "Редакция Liter.kz"


def test_split_name() -> None:
    assert split_name("Иван Петров") == ("Иван", "", "Петров")
    assert split_name("Александр Сергеевич Пушкин") == ("Александр", "Сергеевич", "Пушкин")
    assert split_name("Редакция Liter.kz") is None
    assert split_name("ТАСС") is None
    assert split_name("Пресс-служба Акимата") is None


def test_reproducible_and_stable_id() -> None:
    a, _ = write(kitchen_sink())
    b, _ = write(kitchen_sink())
    assert a == b
    other, _ = write(interview())
    ids = [etree.fromstring(x).findtext(".//f:document-info/f:id", namespaces=NS) for x in (a, other)]
    assert ids[0] != ids[1]


def test_images_embedded_under_base_dir_only(schema: etree.XMLSchema, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    doc = Document(Metadata(title="Фото", language="ru"), (
        Figure(Image("photo.png", "снимок"), caption=(Text("Подпись"),)),
        Paragraph((Text("Текст "), Image("photo.png"), Text(" дальше."))),
        Figure(Image("../secret.png"), caption=(Text("Чужое"),)),
    ))
    data, ctx = write(doc, base_dir=tmp_path / "in")
    root = assert_valid(schema, data)
    binaries = root.findall("f:binary", NS)
    assert [(b.get("id"), b.get("content-type")) for b in binaries] == [("img1.png", "image/png")]
    assert ctx.diagnostics.by_code("image-refused")
    assert "Чужое" in body_text(root)


def test_cover_page(schema: etree.XMLSchema) -> None:
    opts = ConvertOptions(writer_options=(("cover", "1"),))
    data, _ = write(interview(), options=opts)
    root = assert_valid(schema, data)
    href = root.find(".//f:title-info/f:coverpage/f:image", NS).get("{http://www.w3.org/1999/xlink}href")
    binary = root.find(f"f:binary[@id='{href[1:]}']", NS)
    assert binary.get("content-type") == "image/jpeg"


def test_cover_from_convert_options(schema: etree.XMLSchema, tmp_path: Path) -> None:
    """--cover / --cover-image (ConvertOptions) reach the FB2 writer; without them there is no cover."""
    plain, _ = write(interview())
    assert etree.fromstring(plain).find(".//f:coverpage", NS) is None
    data, _ = write(interview(), options=ConvertOptions(cover=True))
    assert assert_valid(schema, data).find(".//f:title-info/f:coverpage/f:image", NS) is not None
    own = tmp_path / "own.png"
    own.write_bytes(PNG)
    data, _ = write(interview(), options=ConvertOptions(cover=True, cover_image=str(own)))
    root = assert_valid(schema, data)
    href = root.find(".//f:title-info/f:coverpage/f:image", NS).get("{http://www.w3.org/1999/xlink}href")
    binary = root.find(f"f:binary[@id='{href[1:]}']", NS)
    assert binary.get("content-type") == "image/png" and base64.b64decode(binary.text) == PNG


def test_zip_variant(schema: etree.XMLSchema) -> None:
    plain, _ = write(interview())
    opts = ConvertOptions(writer_options=(("zip", "1"),))
    zipped, _ = write(interview(), options=opts, source_name="статья.txt")
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        assert zf.namelist() == ["статья.fb2"]
        assert zf.infolist()[0].compress_type == zipfile.ZIP_DEFLATED
        assert zf.read("статья.fb2") == plain
    assert zipped == write(interview(), options=opts, source_name="статья.txt")[0]
    assert zip_fb2(b"<x/>", "a") == zip_fb2(b"<x/>", "a")
    assert zipfile.ZipFile(io.BytesIO(zip_fb2(b"<x/>", "a"))).namelist() == ["a.fb2"]


def _read(path: Path) -> Document:
    from article_convert import pipeline

    return pipeline.read_document(path, ConvertOptions())


def test_seed_valid(schema: etree.XMLSchema) -> None:
    doc = _read(SEED)
    root = assert_valid(schema, write(doc, base_dir=SEED.parent)[0])
    assert_words_in_order(norm_words(" ".join(document_words(strip_notes(doc)))), norm_words(body_text(root)))


CORPUS_TEXTS = corpus_files(".txt", ".md", ".html", ".xml")


@pytest.mark.parametrize("path", CORPUS_TEXTS, ids=[p.name for p in CORPUS_TEXTS])
def test_corpus_valid(schema: etree.XMLSchema, path: Path) -> None:
    require_corpus()
    doc = _read(path)
    root = assert_valid(schema, write(doc, base_dir=path.parent)[0])
    assert_words_in_order(norm_words(" ".join(document_words(strip_notes(doc)))), norm_words(body_text(root)),
                          path.name)
