"""A long table in the PDF: set in linear time as a stack of grids that reads as one table
(issue 9: a 1 MB page holding one table of 30,000 rows took minutes, since reportlab rebuilds the
whole rest of a table at every page break), with its header row on top of every page it spans."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from article_convert.ir import Document, Metadata, Paragraph, Table, Text
from article_convert.writers.pdf import tables
from tests.test_pdf_tagging import ARTIFACT, content_runs, structure, write

ROWS = 230


def _cell(text: str) -> tuple[Paragraph, ...]:
    return (Paragraph((Text(text),)),)


def _long_table() -> Document:
    rows = ((_cell("Город"), _cell("Население")),
            *((_cell(f"Строка{i}"), _cell(f"{i * 7}")) for i in range(ROWS)))
    return Document(Metadata(title="Таблица"), (Table(rows, header_rows=1),))


@pytest.mark.parametrize("chunk", [1, 7, 100])
def test_i9_long_table_has_its_header_on_every_page_and_each_row_once(chunk: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a page breaks inside a chunk of rows or exactly between two (``chunk`` 1: always
    between), each page of the table starts with the header row; every row is there once, in order,
    as tagged content; the header is one TH row, its repeats are artifacts."""
    monkeypatch.setattr(tables, "CHUNK_ROWS", chunk)
    data = write(_long_table())
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 4
    for number, text in enumerate(pages):
        first_row = re.search(r"Строка\d+", text)
        if first_row:
            assert "Город" in text[:first_row.start()], f"page {number + 1} has no header above its rows"
    _by_mcid, order = content_runs(data)
    tagged = re.findall(r"Строка\d+", " ".join(t for owner, t in order if owner not in (None, ARTIFACT)))
    assert tagged == [f"Строка{i}" for i in range(ROWS)]
    artifacts = " ".join(t for owner, t in order if owner == ARTIFACT)
    assert "Строка" not in artifacts
    assert artifacts.count("Город") == sum("Строка" in p for p in pages) - 1
    _pdf, elements = structure(data)
    roles = [role for role, _, _ in elements]
    assert roles.count("Table") == 1 and roles.count("TR") == ROWS + 1
    assert roles.count("TH") == 2 and roles.count("TD") == 2 * ROWS


def test_i9_long_table_without_a_header_is_one_grid_of_every_row(tmp_path: Path) -> None:
    rows = tuple((_cell(f"Строка{i}"),) for i in range(ROWS))
    data = write(Document(Metadata(title="Таблица"), (Table(rows),)))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert re.findall(r"Строка\d+", text) == [f"Строка{i}" for i in range(ROWS)]


def test_i9_cell_of_many_paragraphs_is_one_cell_in_order_and_tagged_once() -> None:
    """A body cell holding far more blocks than a page (reportlab re-measured the whole rest of such
    a cell at every page: 12,000 paragraphs took 23 s) is set over several grid rows: every paragraph
    once, in order, all of it marked content of the cell's one TD; the table keeps its three rows."""
    words = [f"Абзац{i}" for i in range(300)]
    big = tuple(Paragraph((Text(w),)) for w in words)
    rows = ((_cell("Имя"), _cell("Текст")), (_cell("Первый"), big), (_cell("Второй"), _cell("Короткий")))
    data = write(Document(Metadata(title="Таблица"), (Table(rows, header_rows=1),)))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 3 and all("Имя" in p for p in pages)
    _by_mcid, order = content_runs(data)
    drawn = [(owner, t) for owner, t in order if re.fullmatch(r"Абзац\d+", t.strip())]
    assert [t.strip() for _, t in drawn] == words
    _pdf, elements = structure(data)
    cells = {mcr: role for role, _, mcrs in elements if role in ("TH", "TD") for mcr in mcrs}
    owners = {owner for owner, _ in drawn}
    assert all(cells.get(o) == "TD" for o in owners)
    td_with_words = [mcrs for role, _, mcrs in elements if role == "TD" and owners & set(mcrs)]
    assert len(td_with_words) == 1
    roles = [role for role, _, _ in elements]
    assert roles.count("TR") == 3 and roles.count("TD") == 4
