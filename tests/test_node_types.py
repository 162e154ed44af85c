"""Every writer handles every node type wherever IR JSON may put it; a value that is no node fails in one line.

Issue 12 item 4: an Article inside a plain Div (valid IR JSON) crashed all four writers with an
error that dumped the whole node. Writers now dispatch with an exhaustive ``match`` ending in
``ir.walk.assert_never`` (mypy proves no node type is forgotten) and render a nested Article as
its title block and body, in its own language.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from outputs import docx_text, epub_text, pdf_text

from article_convert.cli import main
from article_convert.context import Context
from article_convert.errors import WriteError
from article_convert.ir import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Article,
    BulletList,
    Div,
    Document,
    Metadata,
    Paragraph,
    Text,
    document_to_json,
)
from article_convert.ir.walk import UnknownNodeError, assert_never, children
from article_convert.pipeline import render
from article_convert.registry import get_writer

WRITERS = ("epub", "docx", "pdf", "fb2")


def fb2_text(data: bytes) -> str:
    """The text of an FB2's body as a reader sees it (lxml)."""
    root = etree.fromstring(data)
    return " ".join(" ".join(body.itertext()) for body in root.iter("{*}body"))


def convert(*args: str) -> int:
    """Run the CLI; its exit code (a traceback fails the test)."""
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


def read_back(fmt: str, path: Path) -> str:
    """What a person's software shows of a produced file."""
    if fmt == "epub":
        return epub_text(path)
    if fmt == "docx":
        return docx_text(path)
    if fmt == "pdf":
        return pdf_text(path)
    return fb2_text(path.read_bytes())


NESTED = Document(
    Metadata(title="Сборник", language="ru"),
    (
        Paragraph((Text("Вступление"),)),
        Div("sidebar", (
            Article(
                Metadata(title="Вложенная статья", subtitle="Подзаголовок", lead="Лид статьи",
                         authors=("Иван Петров",), language="kk"),
                (Paragraph((Text("Қазақша мәтін"),)),),
            ),
        )),
        BulletList(((Article(Metadata(title="Статья в списке"), (Paragraph((Text("Пункт"),)),)),),)),
    ),
)


@pytest.mark.parametrize("fmt", WRITERS)
def test_i12_4_article_inside_a_div_renders_in_every_writer(tmp_path: Path, fmt: str) -> None:
    """Regression: IR JSON with an Article inside a plain Div (and inside a list item) is written by every
    writer with the nested article's title, subtitle, lead, byline and body (it crashed all four)."""
    src = tmp_path / "nested.json"
    src.write_text(document_to_json(NESTED), encoding="utf-8")
    out = tmp_path / f"nested.{fmt}"
    assert convert(str(src), "-o", str(out)) == 0
    text = " ".join(read_back(fmt, out).split())
    for phrase in ("Вступление", "Вложенная статья", "Подзаголовок", "Лид статьи", "Иван Петров",
                   "Қазақша мәтін", "Статья в списке", "Пункт"):
        assert phrase in text, (fmt, phrase, text)


def test_i12_4_nested_article_keeps_its_language_in_epub(tmp_path: Path) -> None:
    """The nested article is set in its own language (a ``div`` with ``lang``/``xml:lang``)."""
    src = tmp_path / "nested.json"
    src.write_text(document_to_json(NESTED), encoding="utf-8")
    out = tmp_path / "nested.epub"
    assert convert(str(src), "-o", str(out)) == 0
    with zipfile.ZipFile(out) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert '<div class="article" lang="kk" xml:lang="kk">' in xhtml


@pytest.mark.parametrize("fmt", WRITERS)
def test_i12_4_a_value_that_is_no_node_fails_in_one_short_line(fmt: str) -> None:
    """Regression: a bad node (an inline where a block belongs, a dict from a plugin) is a one-line
    WriteError naming its type, never a dump of the node."""
    long_text = "слово " * 500
    for bad in (Text(long_text), {"type": "Paragraph", "text": long_text}):
        doc = Document(Metadata(title="Т"), (Div("box", (bad,)),))  # type: ignore[arg-type]
        with pytest.raises(WriteError) as info:
            render(doc, get_writer(fmt), Context())
        message = str(info.value)
        assert "\n" not in message and len(message) < 200, message
        assert type(bad).__name__ in message and "слово" not in message


def test_i12_4_assert_never_names_the_type_only() -> None:
    """The run-time end of every exhaustive match: an UnknownNodeError (a TypeError) of one line."""
    with pytest.raises(UnknownNodeError, match=r"^unexpected dict in here: "):
        assert_never({"big": "x" * 1000}, "here")  # type: ignore[arg-type]


def test_i12_4_children_knows_every_node_type() -> None:
    """``ir.walk.children`` (the one definition walkers share) handles one node of every class; the
    node tuples the JSON codec uses are derived from the Block/Inline unions, so they cannot lag."""
    from typing import get_args

    from node_strategies import one_of_each

    from article_convert.ir import Block, Inline

    assert set(BLOCK_TYPES) == set(get_args(Block))
    assert set(INLINE_TYPES) == set(get_args(Inline))
    samples = one_of_each()
    assert {type(n) for n in samples} == set(BLOCK_TYPES + INLINE_TYPES)
    for node in samples:
        assert all(type(c) in BLOCK_TYPES + INLINE_TYPES for c in children(node))


# --------------------------------------------------------------------------- found by the Hypothesis test


def _pdf(doc: Document) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    data = render(doc, get_writer("pdf"), Context())
    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(BytesIO(data)).pages).split())


def test_i12_4_pdf_figure_in_a_table_cell() -> None:
    """Regression: a figure (its KeepTogether) in a table cell made reportlab raise LayoutError."""
    from article_convert.ir import Figure, Image, Table

    cell = (Figure(Image("нет-такой.png", "снимок"), (Text("Подпись"),), (Text("Автор"),)),)
    text = _pdf(Document(Metadata(title="Т"), (Table((((Paragraph((Text("Ячейка"),)),), cell),)),)))
    assert "Ячейка" in text and "[снимок]" in text and "Подпись" in text and "Автор" in text


@pytest.mark.parametrize("header_rows", [0, 1])
def test_i12_4_pdf_table_cell_taller_than_a_page(header_rows: int) -> None:
    """Regression: a table cell holding more than a page (60 paragraphs; found by the Hypothesis test
    with a whole Article in a cell) made reportlab raise LayoutError, so the PDF writer failed for the
    whole document; as a header row (repeated on every page, never split) it failed even with rows
    split. Every word of the cell and of the other cells is in the PDF."""
    from article_convert.ir import Table

    tall = tuple(Paragraph((Text(f"Строка{i}"),)) for i in range(60))
    table = Table(((tall, (Paragraph((Text("Соседняя"),)),)), ((Paragraph((Text("Нижняя"),)),), ())), header_rows)
    words = _pdf(Document(Metadata(title="Т"), (table,))).split()
    assert [w for w in words if w.startswith("Строка")] == [f"Строка{i}" for i in range(60)]
    assert "Соседняя" in words and "Нижняя" in words


def test_i12_4_pdf_heading_in_a_table_cell_then_deeper_headings() -> None:
    """Regression: a heading inside a table cell (never in the outline) let the next heading jump two
    outline levels, and reportlab raised "can't jump from outline level 1 to level 3"."""
    from pypdf import PdfReader

    from article_convert.ir import Heading, Table

    doc = Document(Metadata(title="Т"), (
        Heading(1, (Text("Один"),)), Table((((Heading(2, (Text("Вячейке"),)),),),)),
        Heading(3, (Text("Три"),)), Heading(4, (Text("Четыре"),)),
    ))
    data = render(doc, get_writer("pdf"), Context())
    from io import BytesIO

    def titles(items: list) -> list:  # type: ignore[type-arg]
        return [titles(i) if isinstance(i, list) else i.title for i in items]

    outline = titles(PdfReader(BytesIO(data)).outline)
    assert "Вячейке" not in str(outline) and "Три" in str(outline) and "Четыре" in str(outline)


def test_i12_4_pdf_bundle_section_lead_keeps_its_footnotes() -> None:
    """Regression: a footnote in a bundle section's lead (or in blocks between articles) was linked
    but never set, and reportlab raised "undefined destination target for 'ac-note-1'"."""
    from article_convert.ir import SECTION_ROLE, Heading, Note

    doc = Document(Metadata(title="Сборник"), (
        Paragraph((Text("Вступление "), Note((Paragraph((Text("Сноскаодин"),)),)))),
        Article(Metadata(title="Статья"), (Paragraph((Text("Текст"),)),)),
        Div(SECTION_ROLE, (Heading(1, (Text("Раздел"),)), Paragraph((Text("Лид "), Note((Paragraph((Text("Сноскадва"),)),)))),
                           Article(Metadata(title="Вторая"), (Paragraph((Text("Тело"),)),)))),
    ))
    text = _pdf(doc)
    assert "Сноскаодин" in text and "Сноскадва" in text


def test_i12_4_guard_reports_a_non_node_from_a_plugin_in_one_line() -> None:
    """A Document a plugin reader or transform built with a non-node inside fails the shared guard
    with one short line (the pipeline adds the file name), not a TypeError traceback."""
    from article_convert.diagnostics import Diagnostics
    from article_convert.errors import ArticleConvertError
    from article_convert.ir.guard import guard_document

    doc = Document(Metadata(title="Т"), (Paragraph(({"text": "слово " * 300},)),))  # type: ignore[arg-type]
    with pytest.raises(ArticleConvertError) as info:
        guard_document(doc, Diagnostics())
    message = str(info.value)
    assert message.startswith("the document model is broken: unexpected dict") and len(message) < 200


def test_i12_4_docx_bundle_shifts_headings_inside_table_cells() -> None:
    """An article's headings move below the bundle's titles everywhere, table cells included (the
    old walker followed only ``blocks`` and ``items`` fields and left cell headings at level 1)."""
    from article_convert.ir import Heading, Table
    from article_convert.writers.docx.bundle import shift_headings

    table = Table((((Heading(1, (Text("В ячейке"),)),),),))
    shifted = shift_headings((Div("box", (table,)), Heading(5, (Text("Пять"),))), 2)
    assert shifted == (Div("box", (Table((((Heading(3, (Text("В ячейке"),)),),),)),)), Heading(6, (Text("Пять"),)))
