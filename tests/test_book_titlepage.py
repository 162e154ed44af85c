"""The text no writer printed (s3-book): a bundle's own title page, a single article's whole title
block (publisher and address included), the book's metadata from the ``bundle`` command, and the dash
that opens a speakerless interview turn, in EPUB, DOCX, PDF and FB2, each read back as a reader's
software reads it (EbookLib/lxml + EPUBCheck, python-docx, pypdf, lxml + the FictionBook XSD)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from article_convert.cli import main
from article_convert.context import Context
from article_convert.ir import Answer, Article, Div, Document, Heading, Metadata, Paragraph, Question, Text
from article_convert.pipeline import render
from article_convert.registry import get_writer

from . import epubcheck_util

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
SCHEMA = Path(__file__).resolve().parents[1] / "src/article_convert/check/schemas/fb2/FictionBook.xsd"
"""The FictionBook 2.0 XSD shipped with the package (the same file as ../shared/schemas/fb2/)."""
FB2 = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
NBSP = "\u00a0"

BOOK_META = Metadata(
    title="Книга недели", subtitle="Обзор казахстанской прессы", lead="Всё главное за семь дней в одной книге",
    authors=("Иван Петров", "Анна Серова"), date="2025-12-04", source="Вестник Степи", language="ru",
    extra=(("bundle", "1"), ("url", "https://example.kz/kniga")),
)
BOOK_LINES = ["Книга недели", "Обзор казахстанской прессы", "Всё главное за семь дней в одной книге",
              "Иван Петров, Анна Серова", "4 декабря 2025", "Вестник Степи", "https://example.kz/kniga"]
"""What the book's title page must show, in this order."""

ARTICLE_META = Metadata(
    title="Степь и город", subtitle="Как растут аулы", lead="Лид статьи о городах", authors=("Ерлан Абенов",),
    date="2025-11-30", source="Liter.kz", language="ru", section="Общество",
    extra=(("url", "https://liter.kz/step-i-gorod"),),
)
ARTICLE_LINES = ["Общество", "Степь и город", "Как растут аулы", "Лид статьи о городах", "Ерлан Абенов",
                 "30 ноября 2025", "Liter.kz", "https://liter.kz/step-i-gorod"]
"""A single article's title block: rubric, title, subtitle, lead, author, date, publisher, address."""


def body() -> tuple[Any, ...]:
    return (Paragraph((Text("Текст статьи о степи."),)),)


def book() -> Document:
    art = Article(ARTICLE_META, body())
    other = Article(Metadata(title="Екінші мақала", language="kk"), (Paragraph((Text("Қазақша мәтін."),)),))
    return Document(BOOK_META, (Div("section", (Heading(1, (Text("Раздел"),)), art, other)),))


def write(doc: Document, fmt: str) -> bytes:
    return render(doc, get_writer(fmt), Context(now=NOW))


def flat(text: str) -> str:
    """Whitespace (no-break spaces too) collapsed, so lines compare as a reader sees them."""
    return " ".join(text.replace(NBSP, " ").split())


def in_order(lines: list[str], text: str) -> None:
    """Every line is in ``text``, in this order."""
    text = flat(text)
    at = 0
    for line in lines:
        found = text.find(flat(line), at)
        assert found >= 0, f"{line!r} missing (after position {at}) in {text[:600]!r}"
        at = found + len(flat(line))


# --------------------------------------------------------------------------- readers' views


def epub_spine(data: bytes) -> list[tuple[str, etree._Element]]:
    """(file name, parsed XHTML) of every spine item, in reading order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        items = {i.get("id"): i.get("href") for i in opf.iter("{*}item")}
        return [(items[r.get("idref")], etree.fromstring(z.read("EPUB/" + items[r.get("idref")])))
                for r in opf.iter("{*}itemref")]


def docx_paragraphs(data: bytes) -> list[Any]:
    import docx

    return list(docx.Document(io.BytesIO(data)).paragraphs)


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_structure(data: bytes) -> list[tuple[str, list[str]]]:
    """(role, roles of its element kids) of every structure element, depth first (pypdf)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    out: list[tuple[str, list[str]]] = []

    def kids(node: DictionaryObject) -> list[DictionaryObject]:
        k = node.get("/K")
        k = k.get_object() if k is not None else None
        seq = list(k) if isinstance(k, ArrayObject) else [k] if k is not None else []
        return [c.get_object() for c in seq if isinstance(c.get_object(), DictionaryObject)
                and "/S" in c.get_object()]

    def walk(node: DictionaryObject) -> None:
        children = kids(node)
        out.append((str(node["/S"]).lstrip("/"), [str(c["/S"]).lstrip("/") for c in children]))
        for child in children:
            walk(child)

    root = PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]
    for top in kids(root):
        walk(top)
    return out


def fb2_root(data: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    root = etree.fromstring(data)
    schema.assertValid(root)
    return root


# --------------------------------------------------------------------------- a bundle's own title page


@pytest.fixture(scope="module")
def books() -> dict[str, bytes]:
    doc = book()
    return {fmt: write(doc, fmt) for fmt in ("epub", "docx", "pdf", "fb2")}


def test_book_title_page_epub_in_the_spine_before_the_nav(books: dict[str, bytes], tmp_path: Path) -> None:
    """Regression: a bundle's subtitle, lead and authors were in no EPUB page (only the cover picture
    and the OPF); now a title page, ``epub:type="titlepage"``, comes after the cover, before the TOC."""
    spine = epub_spine(books["epub"])
    names = [name for name, _ in spine]
    assert names[:3] == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml"]
    page = spine[1][1]
    section = page.find(".//{*}section")
    assert section is not None and section.get("{http://www.idpf.org/2007/ops}type") == "titlepage"
    assert page.findtext(".//{*}h1") == "Книга недели"
    in_order(BOOK_LINES[:5], " ".join(page.itertext()))  # title, subtitle, lead, authors, date
    assert page.find(".//{*}time").get("datetime") == "2025-12-04"
    link = page.find(".//{*}a")
    assert link is not None and link.get("href") == "https://example.kz/kniga"
    epubcheck_util.require()
    path = tmp_path / "book.epub"
    path.write_bytes(books["epub"])
    assert [str(m) for m in epubcheck_util.run_epubcheck([path])[str(path)]] == []


def test_book_title_page_docx_is_a_centred_section_of_its_own(books: dict[str, bytes]) -> None:
    """Regression: the DOCX of a bundle printed the book's title only under its cover picture's alt
    text; now its title page (title, subtitle, lead, authors with date, source) is a section of its own."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(books["docx"]))
    texts = [p.text for p in document.paragraphs]
    first_article = texts.index("Раздел")
    in_order(BOOK_LINES, "\n".join(texts[:first_article]))
    styles = {p.text: p.style.name for p in document.paragraphs[:first_article] if p.text}
    assert styles["Книга недели"] == "Title" and styles["Обзор казахстанской прессы"] == "Secondary Title"
    assert len(document.sections) == 2  # the title page, then the book
    valign = document.sections[0]._sectPr.find(qn("w:vAlign"))
    assert valign is not None and valign.get(qn("w:val")) == "center"
    assert document.sections[0].page_width == document.sections[1].page_width


def test_book_title_page_pdf_second_page_tagged(books: dict[str, bytes]) -> None:
    """Regression: the PDF of a bundle had the book's title only on the cover (an artifact); now page 2
    is its title page, tagged as a ``Sect`` with an ``H1`` and ``P``s in the structure tree."""
    pages = pdf_pages(books["pdf"])
    in_order(BOOK_LINES, pages[1])
    assert "Степь и город" not in pages[1]  # the articles start on a page of their own
    structure = pdf_structure(books["pdf"])
    sect = [kids for role, kids in structure if role == "Sect"]
    assert sect and sect[0][0] == "H1" and sect[0].count("P") >= 4, structure[:8]
    assert structure[0][0] == "Document" and structure[0][1][0] == "Sect"  # first in reading order


def test_book_title_page_fb2_title_info_and_opening_section(books: dict[str, bytes]) -> None:
    """Regression: an FB2 bundle's body showed only its title and subtitle; now its lead, authors,
    date and source open the body as an untitled first section (valid FictionBook 2.0)."""
    root = fb2_root(books["fb2"])
    info = root.find(f"{FB2}description/{FB2}title-info")
    names = [" ".join(a.itertext()).split() for a in info.findall(f"{FB2}author")]
    assert names == [["Иван", "Петров"], ["Анна", "Серова"]]
    assert "".join(info.find(f"{FB2}annotation").itertext()).strip() == BOOK_META.lead
    main_body = root.find(f"{FB2}body")
    assert [p.text for p in main_body.find(f"{FB2}title")] == ["Книга недели", "Обзор казахстанской прессы"]
    opening = main_body.find(f"{FB2}section")
    assert opening.find(f"{FB2}title") is None
    in_order(BOOK_LINES[2:], " ".join(opening.itertext()))


# --------------------------------------------------------------------------- single articles


@pytest.fixture(scope="module")
def singles() -> dict[str, bytes]:
    doc = Document(ARTICLE_META, body())
    return {fmt: write(doc, fmt) for fmt in ("epub", "docx", "pdf", "fb2")}


def test_article_title_block_every_field_epub(singles: dict[str, bytes]) -> None:
    """A single article's rubric, title, subtitle, lead, author, date, publisher and address (the
    address was printed by no writer) are on its page."""
    (_, page), = [(n, p) for n, p in epub_spine(singles["epub"]) if n == "article.xhtml"]
    in_order(ARTICLE_LINES[:6], " ".join(page.find(".//{*}header").itertext()))
    header = " ".join(page.find(".//{*}header").itertext())
    assert "Liter.kz" in header and page.find(".//{*}header//{*}a").get("href") == ARTICLE_LINES[-1]


def test_article_title_block_every_field_docx(singles: dict[str, bytes]) -> None:
    """Regression: the DOCX dropped the publisher beside the authors and the address."""
    texts = [p.text for p in docx_paragraphs(singles["docx"])]
    in_order(ARTICLE_LINES, "\n".join(texts[:texts.index("Текст статьи о степи.")]))
    assert "Liter.kz · https://liter.kz/step-i-gorod" in texts


def test_article_title_block_every_field_pdf(singles: dict[str, bytes]) -> None:
    """Regression: the PDF dropped the publisher beside the authors and the address."""
    from pypdf import PdfReader

    text = pdf_pages(singles["pdf"])[0]
    in_order(ARTICLE_LINES, text.split("Текст статьи о степи.")[0])
    uris = [a.get_object()["/A"]["/URI"] for a in PdfReader(io.BytesIO(singles["pdf"])).pages[0].get("/Annots", [])]
    assert ARTICLE_LINES[-1] in uris


def test_article_title_block_every_field_fb2(singles: dict[str, bytes]) -> None:
    """Regression: the FB2 body dropped the rubric, the publisher beside the authors and the address."""
    root = fb2_root(singles["fb2"])
    main_body = root.find(f"{FB2}body")
    in_order(ARTICLE_LINES[1:3], " ".join(main_body.find(f"{FB2}title").itertext()))
    first = main_body.find(f"{FB2}section")
    in_order([ARTICLE_LINES[0], *ARTICLE_LINES[3:]], " ".join(first.itertext()))
    link = first.find(f".//{FB2}a")
    assert link.get("{http://www.w3.org/1999/xlink}href") == ARTICLE_LINES[-1]


# --------------------------------------------------------------------------- interview turns


def interview() -> Document:
    return Document(Metadata(title="Интервью", language="ru"), (
        Question((Paragraph((Text("Как дела?"),)),)),
        Answer((Paragraph((Text("Хорошо."),)), Paragraph((Text("И ещё абзац."),)))),
        Answer((Paragraph((Text("— Уже с тире."),)),)),
        Question((Paragraph((Text("А вы?"),)),), "Корреспондент"),
    ))


TURNS = ["—\u00a0Как дела?", "—\u00a0Хорошо.", "И ещё абзац.", "— Уже с тире.", "Корреспондент: А вы?"]
"""A speakerless turn opens with an em dash and a no-break space (once); a named one with its speaker."""


def turn_lines(fmt: str, data: bytes) -> list[str]:
    """The paragraphs of the interview's body as each format's reader shows them."""
    if fmt == "epub":
        (_, page), = [(n, p) for n, p in epub_spine(data) if n == "article.xhtml"]
        return ["".join(p.itertext()).strip() for p in page.iter("{*}p") if "turn" in
                (p.getparent().get("class") or "")]
    if fmt == "docx":
        return [p.text for p in docx_paragraphs(data) if p.style.name in ("Question", "Answer")]
    if fmt == "fb2":
        section = fb2_root(data).find(f"{FB2}body/{FB2}section")
        return ["".join(p.itertext()) for p in section.findall(f"{FB2}p")]
    return [line.strip() for line in pdf_pages(data)[0].splitlines()][-5:]


@pytest.mark.parametrize("fmt", ["epub", "docx", "pdf", "fb2"])
def test_interview_turn_dash_like_the_pdf(fmt: str) -> None:
    """Regression: DOCX, EPUB and FB2 printed a speakerless turn without the «—» the PDF sets before a
    new speaker; now every format opens it with the dash, never twice, and a named turn with its name."""
    lines = turn_lines(fmt, write(interview(), fmt))
    assert [flat(t) for t in lines] == [flat(t) for t in TURNS]
    assert all(not t.startswith("—\u00a0—") for t in lines)


# --------------------------------------------------------------------------- the bundle command


def test_bundle_command_sets_the_books_subtitle_description_and_authors(tmp_path: Path) -> None:
    """Regression: ``bundle`` could set the book's title but not its subtitle, description or authors,
    and ``-M`` relabelled every article (``-M title=X`` gave each article the title X). Now
    ``--subtitle``, ``--description``, ``--author`` and ``-M`` describe the book, and reach its page."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Заголовок первой\n\nТекст первой статьи.\n", encoding="utf-8")
    (src / "b.txt").write_text("Заголовок второй\n\nТекст второй статьи.\n", encoding="utf-8")
    out = tmp_path / "book.fb2"
    result = CliRunner().invoke(main, [
        "bundle", str(src), "-o", str(out), "--title", "Моя книга", "--subtitle", "Подзаголовок книги",
        "--description", "О чём эта книга", "--author", "Иван Петров", "--author", "Анна Серова",
        "-M", "source=Вестник Степи", "-M", "title=Не эта", "-M", "subtitle=Тоже не эта", "--date", "2025-12-04",
    ])
    assert result.exit_code == 0, result.output
    root = fb2_root(out.read_bytes())
    info = root.find(f"{FB2}description/{FB2}title-info")
    assert info.findtext(f"{FB2}book-title") == "Моя книга"  # --title wins over -M title=
    assert "".join(info.find(f"{FB2}annotation").itertext()).strip() == "О чём эта книга"
    assert len(info.findall(f"{FB2}author")) == 2
    assert root.findtext(f"{FB2}description/{FB2}publish-info/{FB2}publisher") == "Вестник Степи"
    main_body = root.find(f"{FB2}body")
    assert [p.text for p in main_body.find(f"{FB2}title")] == ["Моя книга", "Подзаголовок книги"]
    in_order(["О чём эта книга", "Иван Петров, Анна Серова", "4 декабря 2025", "Вестник Степи"],
             " ".join(main_body.find(f"{FB2}section").itertext()))
    titles = ["".join(s.find(f"{FB2}title").itertext()).strip() for s in main_body.findall(f"{FB2}section")[1:]]
    assert titles == ["Заголовок первой", "Заголовок второй"]  # -M never relabels an article


def test_bundle_command_rejects_a_control_character_in_subtitle(tmp_path: Path) -> None:
    """A bad --subtitle is one usage error naming the option, and nothing is written."""
    src = tmp_path / "a.txt"
    src.write_text("Текст.\n", encoding="utf-8")
    out = tmp_path / "book.epub"
    result = CliRunner().invoke(main, ["bundle", str(src), "-o", str(out), "--subtitle", "a\x01b"])
    assert result.exit_code == 2 and "--subtitle" in result.output and not out.exists()
