"""The DOCX/ODT/legacy readers on small hand-made files: styles, runs, fields, notes, comments,
tracked changes, numbering, tables, pictures, metadata, and the safety rules."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from article_convert.cli import main
from article_convert.context import ConvertOptions
from article_convert.errors import InputError
from article_convert.ir import (
    BulletList,
    Document,
    Emph,
    Figure,
    Heading,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Strong,
    Styled,
    Table,
    Text,
    document_words,
)
from article_convert.ir.depth import limit_depth
from article_convert.pipeline import choose_reader, load_source, make_context, read_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
T = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101001826dd8a0000000049454e44ae426082"
)


def docx_bytes(body: str, *, styles: str = "", numbering: str = "", footnotes: str = "", comments: str = "",
               rels: str = "", core: str = "", media: dict[str, bytes] | None = None, doctype: str = "") -> bytes:
    """A minimal Word package around ``body`` (the inside of w:body) and the parts given."""
    parts = {"word/document.xml": f'<?xml version="1.0"?>{doctype}<w:document {W}><w:body>{body}</w:body></w:document>'}
    doc_rels = rels
    for name, xml, kind in (("styles", styles, "styles"), ("numbering", numbering, "numbering"),
                            ("footnotes", footnotes, "footnotes"), ("comments", comments, "comments")):
        if xml:
            root = {"styles": "styles", "numbering": "numbering", "footnotes": "footnotes", "comments": "comments"}[name]
            parts[f"word/{name}.xml"] = f'<w:{root} {W}>{xml}</w:{root}>'
            doc_rels += f'<Relationship Id="x{name}" Type="{T}{kind}" Target="{name}.xml"/>'
    parts["word/_rels/document.xml.rels"] = f'<Relationships xmlns="{RELS_NS}">{doc_rels}</Relationships>'
    top = f'<Relationship Id="r1" Type="{T}officeDocument" Target="word/document.xml"/>'
    if core:
        parts["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' + core
            + "</cp:coreProperties>")
        top += f'<Relationship Id="r2" Type="{T}metadata/core-properties" Target="docProps/core.xml"/>'
    parts["_rels/.rels"] = f'<Relationships xmlns="{RELS_NS}">{top}</Relationships>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        for name, data in (media or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def p(text: str, style: str = "", rpr: str = "", ppr: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f'<w:p><w:pPr>{style_xml}{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def read(tmp_path: Path, data: bytes, name: str = "a.docx", **options: object) -> tuple[Document, list[str]]:
    """The reader's Document (no transforms) and the diagnostics' codes."""
    path = tmp_path / name
    path.write_bytes(data)
    source = load_source(path)
    ctx = make_context(source, ConvertOptions(**options))  # type: ignore[arg-type]
    doc = choose_reader(source, None).read(source, ctx)
    return doc, [d.code for d in ctx.diagnostics.items]


BODY = [p(f"Абзац номер {i} с обычным текстом статьи, достаточно длинный для тела.") for i in range(3)]


def test_title_style_localised_headings_and_italic_lead(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Название"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="kz2"><w:name w:val="Тақырып 2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Мой заголовок"/><w:basedOn w:val="1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Deep"><w:name w:val="Глубокий"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    )
    body = (p("Заголовок статьи", "a3") + p("Короткий лид статьи под заголовком, курсивом.", rpr="<w:i/>")
            + p("Раздел", "1") + p("Бөлім", "kz2") + p("Свой", "Mine") + p("Третий", "Deep") + "".join(BODY))
    doc, _ = read(tmp_path, docx_bytes(body, styles=styles))
    assert doc.meta.title == "Заголовок статьи"
    assert doc.meta.lead == "Короткий лид статьи под заголовком, курсивом."
    assert [(b.level, b.inlines) for b in doc.blocks if isinstance(b, Heading)] == [
        (1, (Text("Раздел"),)), (2, (Text("Бөлім"),)), (1, (Text("Свой"),)), (3, (Text("Третий"),))]


def test_run_formatting(tmp_path: Path) -> None:
    runs = "".join(f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>' for t, rpr in (
        ("жир ", "<w:b/>"), ("курсив ", "<w:i/>"), ("под ", '<w:u w:val="single"/>'), ("зачёрк ", "<w:strike/>"),
        ("2", '<w:vertAlign w:val="superscript"/>'), ("x", '<w:vertAlign w:val="subscript"/>'),
        (" не жир", '<w:b w:val="0"/>')))
    doc, _ = read(tmp_path, docx_bytes(f"<w:p>{runs}</w:p>"))
    inl = doc.blocks[0].inlines  # type: ignore[union-attr]
    assert inl[0] == Strong((Text("жир "),)) and inl[1] == Emph((Text("курсив "),))
    assert Styled((Text("под "),), "underline") in inl and Styled((Text("2"),), "superscript") in inl
    assert Styled((Text("x"),), "subscript") in inl and Styled((Text("зачёрк "),), "strike") in inl
    assert inl[-1] == Text(" не жир")


def test_hyperlinks_relationship_and_field(tmp_path: Path) -> None:
    body = ('<w:p><w:hyperlink r:id="h1"><w:r><w:t>сайт</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> и </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://liter.kz/" \\o "tip" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>поле</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    rels = f'<Relationship Id="h1" Type="{T}hyperlink" Target="https://example.org/" TargetMode="External"/>'
    doc, _ = read(tmp_path, docx_bytes(body, rels=rels))
    inl = doc.blocks[0].inlines  # type: ignore[union-attr]
    assert inl == (Link((Text("сайт"),), "https://example.org/"), Text(" и "), Link((Text("поле"),), "https://liter.kz/"))


def test_footnote_comment_dropped_and_kept(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t>Текст</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
            '<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> дальше</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
    notes = '<w:footnote w:id="2"><w:p><w:r><w:t>Сноска.</w:t></w:r></w:p></w:footnote>'
    comments = '<w:comment w:id="0" w:author="Редактор"><w:p><w:r><w:t>Проверить цифры.</w:t></w:r></w:p></w:comment>'
    data = docx_bytes(body, footnotes=notes, comments=comments)
    doc, codes = read(tmp_path, data)
    inl = doc.blocks[0].inlines  # type: ignore[union-attr]
    assert inl[1] == Note((Paragraph((Text("Сноска."),)),))
    assert "comments-dropped" in codes and "Проверить" not in " ".join(document_words(doc))
    kept, codes = read(tmp_path, data, keep_comments=True)
    assert "comments-dropped" not in codes
    assert "Проверить цифры." in " ".join(document_words(Document(kept.meta, tuple(
        Paragraph(n.blocks[0].inlines) for n in kept.blocks[0].inlines if isinstance(n, Note)))))  # type: ignore[union-attr]


def test_tracked_changes_accepted_and_reported(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t xml:space="preserve">Было </w:t></w:r><w:del w:id="1"><w:r><w:delText>старое</w:delText></w:r></w:del>'
            '<w:ins w:id="2"><w:r><w:t>новое</w:t></w:r></w:ins></w:p>'
            '<w:p><w:moveFrom w:id="3"><w:r><w:t>переехало</w:t></w:r></w:moveFrom></w:p>'
            '<w:p><w:moveTo w:id="4"><w:r><w:t>переехало</w:t></w:r></w:moveTo></w:p>')
    doc, codes = read(tmp_path, docx_bytes(body))
    assert document_words(doc) == ["Было", "новое", "переехало"]
    assert "tracked-changes" in codes


def test_numbering_bullets_numbers_levels_and_restart(tmp_path: Path) -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
    )

    def item(text: str, num: int, lvl: int = 0) -> str:
        return p(text, ppr=f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>')

    body = (item("яблоки", 1) + item("первый", 1, 1) + item("второй", 1, 1) + item("груши", 1) + p("Между списками.")
            + item("три", 2) + item("четыре", 2) + p("Снова текст.") + item("пять", 2) + item("семь", 3))
    doc, _ = read(tmp_path, docx_bytes(body, numbering=numbering))
    bl = doc.blocks[0]
    assert isinstance(bl, BulletList) and len(bl.items) == 2
    assert isinstance(bl.items[0][1], OrderedList) and bl.items[0][1].start == 1 and len(bl.items[0][1].items) == 2
    starts = [b.start for b in doc.blocks if isinstance(b, OrderedList)]
    assert starts == [3, 5, 7]  # continued numbering after a paragraph; an override restarts at 7


def test_table_and_figure_with_caption(tmp_path: Path) -> None:
    cell = "<w:tc>{}</w:tc>"
    table = ("<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>" + cell.format(p("Город")) + cell.format(p("Люди"))
             + "</w:tr><w:tr>" + cell.format(p("Алматы")) + cell.format(p("два миллиона")) + "</w:tr></w:tbl>")
    pic = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           '<wp:docPr id="1" name="p" descr="Вид на горы"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           '<a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
           '<a:blip r:embed="img"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    rels = f'<Relationship Id="img" Type="{T}image" Target="media/a.png"/>'
    styles = '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>'
    doc, _ = read(tmp_path, docx_bytes(table + pic + p("Горы зимой", "Caption"), rels=rels, styles=styles,
                                       media={"word/media/a.png": PNG}))
    t = doc.blocks[0]
    assert isinstance(t, Table) and t.header_rows == 1 and len(t.rows) == 2
    f = doc.blocks[1]
    assert isinstance(f, Figure) and f.image.alt == "Вид на горы" and f.caption == (Text("Горы зимой"),)
    assert f.image.src.startswith("data:image/png;base64,")


def test_core_properties_fill_only_what_the_article_lacks(tmp_path: Path) -> None:
    core = ("<dc:title>Из свойств</dc:title><dc:creator>Асель Нурланова</dc:creator><cp:keywords>степь, зима</cp:keywords>"
            '<dcterms:created>2025-12-04T10:00:00Z</dcterms:created>')
    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes(p("Видимый заголовок", "Title") + "".join(BODY), core=core,
                                styles='<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'))
    doc = read_document(path)
    assert doc.meta.title == "Видимый заголовок"
    assert doc.meta.authors == ("Асель Нурланова",) and doc.meta.date == "2025-12-04"
    assert doc.meta.keywords == ("степь", "зима")
    assert not any(k.startswith("fallback:") for k, _ in doc.meta.extra)


def test_external_picture_not_fetched(tmp_path: Path) -> None:
    pic = ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" alt="внешняя">'
           '<v:imagedata r:id="ext"/></v:shape></w:pict></w:r></w:p>')
    rels = f'<Relationship Id="ext" Type="{T}image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/>'
    doc, codes = read(tmp_path, docx_bytes(pic, rels=rels))
    assert "image-external" in codes
    assert isinstance(doc.blocks[0], Figure) and doc.blocks[0].image.src == "http://127.0.0.1:9/x.png"


def test_corrupt_docx_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, [str(bad), "-t", "json", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"error: {bad}: not a readable Word document (")
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "out.json").exists()


def test_damaged_deflate_stream_is_a_one_line_error(tmp_path: Path) -> None:
    """Regression (found by the reader fuzz): a corrupt deflate stream inside word/document.xml let
    zlib.error escape as a traceback instead of the reader's one-line error."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + "слово ".encode() * 2000 + b"</w:document>")
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 8, start + 40):  # scramble the start of the compressed stream, sizes kept
        data[i] ^= 0x5A
    bad = tmp_path / "damaged.docx"
    bad.write_bytes(bytes(data))
    result = CliRunner().invoke(main, [str(bad), "-t", "json", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1, result.output
    assert result.output.strip().startswith(f"error: {bad}: not a readable Word document ("), result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "out.json").exists()


def test_doctype_and_entities_refused(tmp_path: Path) -> None:
    bomb = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(InputError, match="DOCTYPE"):
        read(tmp_path, docx_bytes("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>", doctype=bomb))


@pytest.mark.parametrize(("size", "reason"), [(3 * 1024 * 1024, "bytes uncompressed"), (20 * 1024 * 1024, "zip bomb")])
def test_zip_bomb_refused(tmp_path: Path, size: int, reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member too large, or compressing far beyond what XML does, is refused before it is inflated."""
    from article_convert.readers.office import safety

    if size < safety.RATIO_FLOOR:
        monkeypatch.setattr(safety, "MAX_MEMBER_BYTES", 2 * 1024 * 1024)  # the real cap is 128 MB
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b"a" * size)
    with pytest.raises(InputError, match=f"not a readable Word document .*{reason}"):
        read(tmp_path, buf.getvalue())


def test_rtf_is_never_read_as_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression, issue 9 item 27: a .rtf was read as plain text, control words and all."""
    rtf = tmp_path / "статья.rtf"
    rtf.write_bytes(rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}\f0 \u1055?\u1088?\u1080?\u1074?\u1077?\u1090? world\par}")
    monkeypatch.setenv("SOFFICE", "no-such-soffice-here")
    result = CliRunner().invoke(main, [str(rtf), "-t", "json"])
    assert result.exit_code == 1
    assert "needs LibreOffice" in result.output and "install" in result.output
    assert "rtf1" not in result.output and len(result.output.strip().splitlines()) == 1


def test_odt_reader_basics(tmp_path: Path) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')
    fodt = (f'<?xml version="1.0"?><office:document {ns}><office:automatic-styles>'
            '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
            '</office:automatic-styles><office:body><office:text>'
            '<text:p text:style-name="Title">Заголовок</text:p><text:h text:outline-level="2">Раздел</text:h>'
            '<text:p>Обычный <text:span text:style-name="T1">жирный</text:span> и <text:a xlink:href="https://x.kz/">ссылка</text:a>'
            '<text:note><text:note-body><text:p>Сноска.</text:p></text:note-body></text:note></text:p>'
            '<text:list><text:list-item><text:p>пункт</text:p></text:list-item></text:list>'
            '</office:text></office:body></office:document>')
    doc, _ = read(tmp_path, fodt.encode(), "a.fodt")
    assert doc.meta.title == "Заголовок"
    assert doc.blocks[0] == Heading(2, (Text("Раздел"),))
    inl = doc.blocks[1].inlines  # type: ignore[union-attr]
    assert Strong((Text("жирный"),)) in inl and Link((Text("ссылка"),), "https://x.kz/") in inl
    assert any(isinstance(n, Note) for n in inl)
    assert isinstance(doc.blocks[2], BulletList)


def test_deep_tables_and_styles_flattened_without_losing_words() -> None:
    """The IR depth guard knows Table and Styled: flattening keeps their words."""
    inner: Table | Paragraph = Paragraph((Styled((Text("глубоко"),), "underline"),))
    for _ in range(40):
        inner = Table((((inner,),),))
    doc = Document(Metadata(), (inner,))
    limited, flattened = limit_depth(doc)
    assert flattened and document_words(limited) == ["глубоко"]


def test_batch_and_bundle_pick_up_word_and_odt_files(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    styles = '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    (src / "a.docx").write_bytes(docx_bytes(p("Статья из Word", "Title") + "".join(BODY), styles=styles))
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    (src / "b.fodt").write_text(
        f'<office:document {ns}><office:body><office:text><text:p text:style-name="Title">Статья из Writer</text:p>'
        "<text:p>Текст статьи из LibreOffice Writer, один абзац.</text:p></office:text></office:body></office:document>",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "-t", "fb2", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(x.name for x in (tmp_path / "out").rglob("*.fb2")) == ["a.fb2", "b.fb2"]
    result = CliRunner().invoke(main, ["bundle", str(src), "-o", str(tmp_path / "digest.fb2")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "digest.fb2").read_text(encoding="utf-8").replace("\u00a0", " ")  # typography: «из\u00a0Word»
    assert "Статья из Word" in text and "Статья из Writer" in text


def test_title_paragraph_keeps_its_footnote_and_picture(tmp_path: Path) -> None:
    """Regression: a first paragraph with a footnote (or a picture) became the title and the note's
    text was silently dropped; now the note and picture stay at the top of the body."""
    body = ('<w:p><w:r><w:t>Заголовок со сноской</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
            + "".join(BODY))
    notes = '<w:footnote w:id="2"><w:p><w:r><w:t>Автор — доцент университета.</w:t></w:r></w:p></w:footnote>'
    path = tmp_path / "t.docx"
    path.write_bytes(docx_bytes(body, footnotes=notes))
    doc = read_document(path)
    assert doc.meta.title.replace("\u00a0", " ") == "Заголовок со сноской"
    assert "доцент" in document_words(doc)


def test_two_tables_in_a_row_stay_two_tables_in_our_docx() -> None:
    """Regression: adjacent w:tbl elements merge into one table in Word and LibreOffice."""
    from lxml import etree

    from article_convert.context import Context
    from article_convert.writers.docx import DocxWriter

    table = Table((((Paragraph((Text("ячейка"),)),),),))
    data = DocxWriter().write(Document(Metadata(title="Т", language="ru"), (table, table)), Context())
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))[0]
    tags = [el.tag.rpartition("}")[2] for el in body]
    first = tags.index("tbl")
    assert tags[first + 1] == "p" and tags.count("tbl") == 2


def test_table_look_first_row_is_a_header(tmp_path: Path) -> None:
    row = "<w:tr><w:tc>{}</w:tc></w:tr>"
    tbl = ('<w:tbl><w:tblPr><w:tblLook w:val="0420" w:firstRow="1"/></w:tblPr>'
           + row.format(p("Шапка")) + row.format(p("Данные")) + "</w:tbl>")
    doc, _ = read(tmp_path, docx_bytes(tbl))
    assert isinstance(doc.blocks[0], Table) and doc.blocks[0].header_rows == 1


def test_run_languages_become_paragraph_languages_where_they_fit(tmp_path: Path) -> None:
    ru = "Это обычный русский абзац статьи о погоде и дорогах в области зимой."
    kk = "Облыста алғашқы қар түскелі бері жол-көлік оқиғаларының саны артты."
    body = (p(ru, rpr='<w:lang w:val="ru-RU"/>') * 3 + p(kk, rpr='<w:lang w:val="kk-KZ"/>')
            + p(ru, rpr='<w:lang w:val="en-US"/>'))  # Word often tags Russian text as English: ignored
    doc, _ = read(tmp_path, docx_bytes(body))
    assert doc.meta.language == "ru-RU"
    assert [b.lang for b in doc.blocks] == [None, None, None, "kk-KZ", None]  # type: ignore[union-attr]


def test_embedded_picture_reaches_every_writer(tmp_path: Path) -> None:
    """A picture inside the DOCX (a data: image in the IR) is embedded by EPUB, DOCX, PDF and FB2."""
    from PIL import Image as PILImage

    from article_convert.pipeline import convert_file

    png = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(png, "PNG")
    pic = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           '<wp:docPr id="1" name="p" descr="Красный квадрат"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           '<a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
           '<a:blip r:embed="img"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    rels = f'<Relationship Id="img" Type="{T}image" Target="media/a.png"/>'
    src = tmp_path / "pic.docx"
    src.write_bytes(docx_bytes(p("Заголовок с картинкой") + "".join(BODY[:2]) + pic + BODY[2], rels=rels,
                               media={"word/media/a.png": png.getvalue()}))
    result = convert_file(src, output=str(tmp_path / "out") + "/", formats=["epub", "docx", "pdf", "fb2"])
    assert not [d for d in result.diagnostics.items if d.code.startswith("image")]
    out = {p.suffix: p for p in result.outputs}
    assert any(n.endswith(".png") for n in zipfile.ZipFile(out[".epub"]).namelist())
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(out[".docx"]).namelist())
    assert b"<binary" in out[".fb2"].read_bytes()
    assert b"/Subtype /Image" in out[".pdf"].read_bytes() or b"/Subtype/Image" in out[".pdf"].read_bytes()


def test_libreoffice_timeout_stops_it_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion that hangs ends with a one-line error after the timeout, its processes killed."""
    from article_convert.readers.office import legacy

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30 &\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SOFFICE", str(fake))
    with pytest.raises(InputError, match="within 1 s"):
        legacy.convert_to_docx(b"{\\rtf1 x}", ".rtf", timeout=1)


def test_damaged_office_files_give_errors_never_tracebacks() -> None:
    """Seeded fuzz: byte flips, cuts and stray tags in the XML parts of pandoc's DOCX/ODT files,
    missing members, truncated zips: each file reads or fails with our error, nothing else."""
    import random

    from article_convert.errors import ArticleConvertError
    from article_convert.pipeline import read_source
    from article_convert.plugins import Source

    from .test_reader_office_pandoc import DOCX, ODT

    if not DOCX:
        pytest.skip("pandoc's test documents are not in ../shared/documents/pandoc")
    rng = random.Random(15)
    files = DOCX[:30] + ODT[:15]
    junk = [b"<w:p>", b"</w:r>", b"<w:tbl>", b'w:val="-5"', b"<text:list>", b"\x00", b"&#0;",
            b'<w:numPr><w:ilvl w:val="99999999999"/><w:numId w:val="1"/></w:numPr>']
    for _ in range(80):
        path = rng.choice(files)
        zin = zipfile.ZipFile(path)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zout:
            for info in zin.infolist():
                data = bytearray(zin.read(info))
                if info.filename.endswith(".xml") and data and rng.random() < 0.5:
                    for _ in range(rng.randint(1, 20)):
                        i = rng.randrange(len(data))
                        op = rng.random()
                        if op < 0.4:
                            data[i] = rng.randrange(256)
                        elif op < 0.7:
                            del data[i : i + rng.randint(1, 50)]
                        else:
                            data[i:i] = rng.choice(junk)
                if rng.random() > 0.03:
                    zout.writestr(info.filename, bytes(data))
        payload = buf.getvalue()
        if rng.random() < 0.1:
            payload = payload[: rng.randrange(len(payload))]
        source = Source(payload, path.with_name("fuzzed" + path.suffix))
        try:
            read_source(source, make_context(source, ConvertOptions()))
        except ArticleConvertError:
            pass


def test_formats_lists_the_office_readers_in_aligned_columns() -> None:
    out = CliRunner().invoke(main, ["formats"]).output
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and not line.strip()[0].isdigit()}
    assert ".docx" in rows["docx"] and ".odt" in rows["odt"] and ".rtf" in rows["legacy-office"]
    assert len({line.index(line.split()[1]) for line in rows.values()}) == 1  # one column for the extensions
