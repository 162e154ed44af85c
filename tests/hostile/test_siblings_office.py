"""Siblings of issue 9's silent-loss and traceback classes in the Word and OpenDocument readers.

Each input holds a marker word where a red-team sweep found it lost without a word (or a
traceback): the reader must keep the text, or report a warning that ``--strict`` turns into an error.
"""

from __future__ import annotations

from pathlib import Path

from article_convert.ir.text import document_texts

from ..test_reader_office import docx_bytes, p, read

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
MATH = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
PROSE = p("Городской совет утвердил новый план развития набережной. Работы начнутся весной.")


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _text(tmp_path: Path, body: str) -> tuple[str, list[str]]:
    doc, codes = read(tmp_path, docx_bytes(PROSE + body + PROSE))
    return " ".join(document_texts(doc)), codes


def test_i9_docx_table_rows_inside_content_controls_are_read(tmp_path: Path) -> None:
    """A repeating-section content control (``w:sdt``) or custom XML around table rows: the rows
    were skipped, their text lost without a word."""
    cell = lambda t: f"<w:tc>{p(t)}</w:tc>"  # noqa: E731
    body = (f"<w:tbl><w:sdt><w:sdtContent><w:tr>{cell('Строкаодин')}{cell('Ячейкадва')}</w:tr></w:sdtContent></w:sdt>"
            f"<w:tr>{cell('Обычная')}{cell('Строка')}</w:tr>"
            f"<w:customXml><w:tr>{cell('Своякласс')}{cell('Разметка')}</w:tr></w:customXml></w:tbl>")
    text, _ = _text(tmp_path, body)
    for word in ("Строкаодин", "Ячейкадва", "Обычная", "Своякласс", "Разметка"):
        assert word in text


def test_i9_docx_unknown_block_wrappers_keep_their_paragraphs(tmp_path: Path) -> None:
    """mc:AlternateContent, a stray w:hyperlink or m:oMathPara at block level: skipped whole before."""
    body = (f'<mc:AlternateContent {MC}><mc:Choice Requires="w14">{p("Выборка")}</mc:Choice>'
            f'<mc:Fallback>{p("Запаска")}</mc:Fallback></mc:AlternateContent>'
            f'<w:hyperlink>{p("Вссылке")}</w:hyperlink>'
            f'<m:oMathPara {MATH}><m:oMath><m:r><m:t>Формулаикс</m:t></m:r></m:oMath></m:oMathPara>')
    text, _ = _text(tmp_path, body)
    assert "Выборка" in text and "Запаска" not in text  # one of the alternatives, never both
    assert "Вссылке" in text and "Формулаикс" in text


def test_i9_docx_ruby_keeps_base_text_and_guide(tmp_path: Path) -> None:
    """``w:ruby`` inside a run (phonetic guide): both its base and its guide were lost."""
    ruby = ('<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>чтение</w:t></w:r></w:rt>'
            '<w:rubyBase><w:r><w:t>Основа</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    text, _ = _text(tmp_path, f"<w:p>{_run('Перед ')}{ruby}{_run(' после')}</w:p>")
    assert "Перед Основа(чтение) после" in text


def test_i9_docx_text_box_inside_a_text_box_is_read(tmp_path: Path) -> None:
    """A text box nested in a text box was taken for part of the outer one and skipped."""
    def box(inner: str) -> str:
        return f'<w:p><w:r><w:pict><v:shape {VML}><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'
    text, _ = _text(tmp_path, box(box(p("Вложенная")) + p("Внешняя")))
    assert "Вложенная" in text and "Внешняя" in text


def test_i9_docx_symbol_code_out_of_range_is_no_traceback(tmp_path: Path) -> None:
    """``<w:sym w:char="F0FFFFFFFFFF"/>`` raised OverflowError; a surrogate code made a lone surrogate."""
    body = ('<w:p><w:r><w:t>Доsym</w:t><w:sym w:char="F0FFFFFFFFFF" w:font="Wingdings"/>'
            '<w:sym w:char="D800" w:font="Arial"/><w:t>после</w:t></w:r></w:p>')
    text, _ = _text(tmp_path, body)
    assert "Доsymпосле" in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def test_i9_docx_field_never_ended_is_a_warning(tmp_path: Path) -> None:
    """A field begun and never ended hides the rest of the document as its code (LibreOffice shows
    nothing either): that loss is reported, so ``--strict`` refuses the file."""
    body = (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            f'{_run("Скрытыйтекст")}</w:p>{p("Следующий абзац")}')
    _, codes = _text(tmp_path, body)
    assert "docx-field-text-dropped" in codes
    # a well-formed field reports nothing
    ok = (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
          f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run("3")}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    text, codes = _text(tmp_path, ok)
    assert "docx-field-text-dropped" not in codes and "Городской" in text


ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3"')


def test_i9_odt_unknown_block_wrappers_keep_their_paragraphs(tmp_path: Path) -> None:
    """text:numbered-paragraph (ODF 1.2), the title of a table of contents and shapes anchored to
    the page (children of office:text) were skipped whole."""
    body = ('<text:p>Городской совет утвердил новый план развития набережной.</text:p>'
            '<text:numbered-paragraph text:level="1"><text:number>1.</text:number>'
            '<text:p>Нумерованный</text:p></text:numbered-paragraph>'
            '<text:table-of-content><text:index-body><text:index-title><text:p>Оглавлениеэто</text:p>'
            '</text:index-title><text:p>Пунктоглавления</text:p></text:index-body></text:table-of-content>'
            '<draw:custom-shape><text:p>Фигурка</text:p></draw:custom-shape>'
            '<draw:g><draw:rect><text:p>Группка</text:p></draw:rect></draw:g>'
            '<text:p>Работы начнутся весной.</text:p>')
    fodt = f'<?xml version="1.0"?><office:document {ODF}><office:body><office:text>{body}</office:text></office:body></office:document>'
    doc, _ = read(tmp_path, fodt.encode(), "a.fodt")
    text = " ".join(document_texts(doc))
    for word in ("Нумерованный", "Оглавлениеэто", "Пунктоглавления", "Фигурка", "Группка"):
        assert word in text


def test_i9_docx_column_spans_that_would_pad_the_grid_past_the_limit_are_dropped(tmp_path: Path) -> None:
    """3,000 cells each spanning 64 grid columns (a 339 KB file) made a row of 192,000 cells: 25 s
    CPU and 1 GB in the writers. Past the HTML reader's limit the spans are dropped, every cell kept,
    and said as info; a gridSpan of "²" (a digit to str.isdigit, not to int) is read as 1."""
    from article_convert.ir import Table

    span = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr>' + p("Клетка") + "</w:tc>"
    body = f"<w:tbl><w:tr>{span * 2000}</w:tr><w:tr><w:tc>{p('Низ')}</w:tc></w:tr></w:tbl>"
    doc, codes = read(tmp_path, docx_bytes(PROSE + body + PROSE))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert sum(len(r) for r in table.rows) <= 10_000 + 8 * 2001
    assert " ".join(document_texts(doc)).count("Клетка") == 2000 and "table-spans-dropped" in codes
    odd = '<w:tc><w:tcPr><w:gridSpan w:val="²"/></w:tcPr>' + p("Верх") + "</w:tc>"
    doc, codes = read(tmp_path, docx_bytes(f"<w:tbl><w:tr>{odd}{odd}</w:tr><w:tr>{odd}{odd}</w:tr></w:tbl>"))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [len(r) for r in table.rows] == [2, 2] and "table-spans-dropped" not in codes


def test_i9_odt_frame_with_a_picture_and_a_text_box_keeps_the_text(tmp_path: Path) -> None:
    """A draw:frame holding a picture and then a text box gave the picture only: the text box (ODF
    calls later children alternatives of the first) was dropped without a word."""
    body = ('<text:p>Городской совет утвердил новый план развития набережной. '
            '<draw:frame><draw:image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="x.png"/><draw:text-box><text:p>Надписьврамке</text:p>'
            '</draw:text-box></draw:frame></text:p><text:p>Работы начнутся весной.</text:p>')
    fodt = f'<?xml version="1.0"?><office:document {ODF}><office:body><office:text>{body}</office:text></office:body></office:document>'
    doc, _ = read(tmp_path, fodt.encode(), "a.fodt")
    assert "Надписьврамке" in " ".join(document_texts(doc))
