"""Siblings of issue 9's classes in the HTML reader, found by a red-team sweep: a ``<figure>`` that
held more than one picture lost the rest silently, span values that are digits to ``str.isdigit``
but not to ``int`` raised, and spans that pad a table's grid made a small page a time bomb."""

from __future__ import annotations

from pathlib import Path

from article_convert.context import Context
from article_convert.diagnostics import Diagnostics
from article_convert.ir import Document, Metadata, Table
from article_convert.ir.text import document_texts
from article_convert.plugins import Source
from article_convert.readers.html import HtmlReader
from article_convert.readers.html.convert import HtmlConverter
from article_convert.readers.html.extract import parse

PROSE = ("<p>Городская дума утвердила план ремонта набережной, который обсуждали почти два года подряд.</p>"
         "<p>Работы начнутся весной и продлятся до конца осени, сообщили в пресс-службе мэрии города.</p>")


def _read(body: str) -> tuple[Document, Context]:
    html = f"<html><head><title>Набережная</title></head><body><article><h1>Набережная</h1>{PROSE}{body}{PROSE}</article></body></html>"
    ctx = Context()
    return HtmlReader().read(Source(html.encode("utf-8"), Path("page.html")), ctx), ctx


def _text(doc: Document) -> str:
    return " ".join(document_texts(doc))


def test_i9_html_figure_holding_more_than_one_picture_keeps_everything() -> None:
    """Only the first <img> and the <figcaption> of a <figure> were read: a quote, a table, a code
    listing, a second picture's caption or loose text in it vanished without a diagnostic."""
    converter = HtmlConverter(Diagnostics())
    cases = {
        "<figure><blockquote>Цитатавфигуре</blockquote><figcaption>Подписьодин</figcaption></figure>":
            ("Цитатавфигуре", "Подписьодин"),
        "<figure><table><tr><td>Ячейкаа</td><td>Ячейкаб</td></tr><tr><td>в</td><td>г</td></tr></table>"
        "<figcaption>Таблицаподпись</figcaption></figure>": ("Ячейкаа", "Ячейкаб", "Таблицаподпись"),
        "<figure><pre>кодлистинга</pre><figcaption>Листинг</figcaption></figure>": ("кодлистинга", "Листинг"),
        "<figure><img src='data:,' alt='a'><p>Пояснениетекст</p><figcaption>Подписьдва</figcaption></figure>":
            ("Пояснениетекст", "Подписьдва"),
        "<figure><img src='a.png'><figcaption>Подписьтри</figcaption> хвостподписи</figure>":
            ("Подписьтри", "хвостподписи"),
    }
    for html, words in cases.items():
        root = parse(f"<html><body>{html}</body></html>")
        text = _text(Document(Metadata(), tuple(converter.blocks(root.find("body")))))
        missing = [w for w in words if w not in text]
        assert not missing, (html, text)


def test_i9_html_span_values_that_are_not_ascii_digits_read_as_one() -> None:
    """``colspan="²"`` passed ``str.isdigit`` and raised ValueError in ``int``; a 5,000-digit span
    exceeded Python's digit limit."""
    big = "9" * 5000
    doc, _ = _read(f"<table><tr><td colspan='²'>Первая</td><td rowspan='{big}'>Вторая</td></tr>"
                   "<tr><td>Третья</td><td colspan='٣'>Четвёртая</td></tr></table>")
    text = _text(doc)
    assert all(w in text for w in ("Первая", "Вторая", "Третья", "Четвёртая"))


def _span_bomb(n: int) -> str:
    return "<table>" + ("<tr>" + f"<td colspan={n} rowspan={n}>Клетка</td>" * n + "</tr>") * n + "</table>"


def test_i9_html_spans_that_would_pad_the_grid_past_the_limit_are_read_without_them() -> None:
    """40 rows of 40 ``colspan=40 rowspan=40`` cells (70 KB) made a grid of over a million cells
    (64 x 64: eight million, minutes in trafilatura and in every writer): such a table is read
    without its spans, every cell kept, and said as info."""
    root = parse(f"<html><body>{_span_bomb(40)}</body></html>")
    blocks = HtmlConverter(Diagnostics()).blocks(root.find("body"))
    cells = sum(len(row) for b in blocks if isinstance(b, Table) for row in b.rows)
    assert cells <= 100_000
    assert _text(Document(Metadata(), tuple(blocks))).count("Клетка") == 1600
    doc, ctx = _read(_span_bomb(40))
    assert _text(doc).count("Клетка") == 1600
    assert "table-spans-dropped" in [d.code for d in ctx.diagnostics.items]
    assert not [d for d in ctx.diagnostics.warnings() if d.code.startswith("table")]


def test_i9_html_ordinary_spans_still_make_a_grid() -> None:
    """A header cell over two columns and a cell over two rows keep their places (empty cells)."""
    doc, ctx = _read("<table><tr><th colspan='2'>Шапка</th></tr><tr><td rowspan='2'>Лево</td><td>П1</td></tr>"
                     "<tr><td>П2</td></tr></table>")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert tables and [len(r) for r in tables[0].rows] == [2, 2, 2]
    assert "table-spans-dropped" not in [d.code for d in ctx.diagnostics.items]
