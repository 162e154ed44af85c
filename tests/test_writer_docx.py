"""The DOCX writer: write Documents, read them back with python-docx and lxml, check what a reader sees."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, corpus_rows, require_corpus
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from article_convert.context import Context, ConvertOptions
from article_convert.errors import UsageError
from article_convert.ir import (
    Answer,
    BlockQuote,
    BulletList,
    Code,
    Document,
    Emph,
    Figure,
    Image,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Span,
    Strong,
    Text,
)
from article_convert.ir.text import document_words, words
from article_convert.pipeline import read_document
from article_convert.plugins import Writer
from article_convert.profiles import PAPERS
from article_convert.writers.docx import DocxWriter

from .documents import interview, kitchen_sink, p

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
NOW = datetime(2025, 12, 4, 10, 30, 15, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_43c9a9ce68f258d4.txt"

# ECMA-376 sequences (CT_PPrBase + rPr/sectPr/pPrChange, CT_RPr): Word rejects other orders.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
SETTINGS_ORDER = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


# --------------------------------------------------------------------------- helpers


def write(doc: Document, tmp_path: Path | None = None, **options: object) -> tuple[bytes, Context]:
    """DOCX bytes for ``doc`` with a fixed clock; the context keeps the diagnostics."""
    ctx = Context(options=ConvertOptions(**options), now=NOW, base_dir=tmp_path)  # type: ignore[arg-type]
    return DocxWriter().write(doc, ctx), ctx


def parts(data: bytes) -> dict[str, bytes]:
    """Every member of the package."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def part_xml(data: bytes, name: str) -> etree._Element:
    """One part parsed with lxml."""
    return etree.fromstring(parts(data)[name])


def wq(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W_NS}}}{tag}"


def paragraph_text(p: etree._Element) -> str:
    """What a reader sees in a paragraph: text, tabs and line breaks."""
    out = []
    for el in p.iter(wq("t"), wq("tab"), wq("br")):
        out.append(el.text or "" if el.tag == wq("t") else ("\t" if el.tag == wq("tab") else "\n"))
    return "".join(out)


def reading_texts(data: bytes) -> list[str]:
    """Body paragraphs in order, each followed by the footnotes it references."""
    files = parts(data)
    notes: dict[str, list[str]] = {}
    if "word/footnotes.xml" in files:
        for fn in etree.fromstring(files["word/footnotes.xml"]).iterfind("w:footnote", NS):
            notes[fn.get(wq("id"))] = [paragraph_text(q) for q in fn.iterfind(".//w:p", NS)]
    texts = []
    for para in etree.fromstring(files["word/document.xml"]).iterfind("w:body//w:p", NS):  # table cells too
        texts.append(paragraph_text(para))
        for ref in para.iterfind(".//w:footnoteReference", NS):
            texts.extend(notes[ref.get(wq("id"))])
    return texts


def assert_words_in_order(expected: list[str], actual: list[str]) -> None:
    """Every expected word appears in ``actual`` in the same order (extra words allowed)."""
    pos = 0
    for i, word in enumerate(expected):
        try:
            pos = actual.index(word, pos) + 1
        except ValueError:
            context = " ".join(expected[max(0, i - 3) : i + 3])
            pytest.fail(f"word {word!r} (near: {context!r}) missing or out of order")


def png_bytes(width: int, height: int) -> bytes:
    """A valid solid-colour PNG of the given pixel size."""
    row = b"\x00" + b"\x20\x60\xa0" * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def styled(data: bytes, style_name: str) -> list[str]:
    """Texts of the paragraphs in ``style_name`` (read with python-docx)."""
    document = docx.Document(io.BytesIO(data))
    return [q.text for q in document.paragraphs if q.style is not None and q.style.name == style_name]


# --------------------------------------------------------------------------- the plugin


def test_plugin_attributes_and_lazy_import() -> None:
    writer = DocxWriter()
    assert isinstance(writer, Writer)
    assert (writer.name, writer.suffix) == ("docx", ".docx")
    code = "import sys, article_convert.writers.docx; print('docx' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("make", [kitchen_sink, interview], ids=["kitchen_sink", "interview"])
def test_every_word_in_order(make) -> None:
    doc = make()
    data, _ = write(doc)
    assert_words_in_order(document_words(doc), words("\n".join(reading_texts(data))))
    # python-docx reads the same body paragraphs (footnotes aside)
    body = part_xml(data, "word/document.xml").iterfind("w:body/w:p", NS)
    assert [q.text for q in docx.Document(io.BytesIO(data)).paragraphs] == [paragraph_text(q) for q in body]


def test_interview_title_block_and_turns() -> None:
    doc = interview()
    data, ctx = write(doc)
    assert styled(data, "Title") == [doc.meta.title]
    assert styled(data, "Subtitle") == [doc.meta.lead]
    assert styled(data, "Byline") == ["Редакция Liter.kz · 4 декабря 2025"]  # issue 9 item 15
    assert styled(data, "Question") == [  # a turn without a speaker opens with a dash, as in the PDF
        "—\u00a0Насколько в США сегодня воспринимают Казахстан как надежного партнера?",
        "—\u00a0Какие сферы сотрудничества могут получить реальный импульс?",
    ]
    assert len(styled(data, "Answer")) == 3
    assert ctx.diagnostics.items == []


def test_speaker_label_is_bold() -> None:
    doc = Document(
        Metadata(language="ru"),
        (Question((p("Вопрос?"),), speaker="Корреспондент"), Answer((p("Ответ."),), speaker="Эксперт:")),
    )
    data, _ = write(doc)
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert [q.text for q in paragraphs] == ["Корреспондент: Вопрос?", "Эксперт: Ответ."]
    for para in paragraphs:
        assert para.runs[0].bold is True and para.runs[-1].bold is None


def test_soft_hyphens_are_stripped() -> None:
    doc = Document(Metadata(title="За\u00adголовок", language="ru"), (p("при\u00adмер пере\u00adноса"),))
    data, _ = write(doc)
    for name, blob in parts(data).items():
        assert "\u00ad" not in blob.decode("utf-8", "replace"), name
    assert "пример переноса" in reading_texts(data)
    assert docx.Document(io.BytesIO(data)).core_properties.title == "Заголовок"


def test_control_characters_are_removed_with_a_diagnostic() -> None:
    doc = Document(Metadata(title="Тит\x0bул", language="ru"), (p("раз\x0cдва\x00три\x1f"),))
    data, ctx = write(doc)
    assert "раздватри" in reading_texts(data)
    [diag] = ctx.diagnostics.by_code("control-char")
    assert "4" in diag.message


def test_line_breaks_and_code_block_keep_lines() -> None:
    data, _ = write(kitchen_sink())
    texts = reading_texts(data)
    assert "Бородино\n— Скажи-ка, дядя, ведь недаром\nМосква, спаленная пожаром" in texts
    assert "def f():\n    return 'код'" in texts
    assert styled(data, "Code") == ["def f():\n    return 'код'"]


def test_quotes_follow_the_language() -> None:
    data, _ = write(kitchen_sink())
    assert any("«цитата с „вложенной“ цитатой»" in t for t in reading_texts(data))
    bg = Document(Metadata(language="bg"), (Paragraph((Text("Той каза "), quoted(Text("да")))),))
    data, _ = write(bg)
    assert "Той каза „да“" in reading_texts(data)


def quoted(*children):
    from article_convert.ir import Quoted

    return Quoted(tuple(children))


def test_empty_document_is_still_valid() -> None:
    data, _ = write(Document(Metadata(), ()))
    document = docx.Document(io.BytesIO(data))
    assert len(document.paragraphs) == 1


# --------------------------------------------------------------------------- styles and fonts


def test_styles_present_and_applied() -> None:
    data, _ = write(kitchen_sink())
    document = docx.Document(io.BytesIO(data))
    styles = document.styles
    for name in (
        "Title",
        "Subtitle",
        "Byline",
        "Normal",
        "Question",
        "Answer",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Quote",
        "Caption",
        "List Paragraph",
        "Code",
    ):
        assert name in [s.name for s in styles], name
    assert styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert styles["Normal"].paragraph_format.first_line_indent > 0
    assert styles["Question"].font.bold is True
    assert styles["Question"].paragraph_format.keep_with_next is True
    assert styled(data, "Heading 1") == ["Раздел первый"]
    assert styled(data, "Heading 2") == ["Интервью"]
    assert styled(data, "Heading 3") == ["Конец"]
    assert styled(data, "Quote") == ["Цитата блоком из другого текста."]
    assert styled(data, "Caption") == ["Подпись к фото", "Таблица городов"]
    assert styled(data, "Secondary Title") == ["Подзаголовок статьи"]
    root = part_xml(data, "word/styles.xml")
    for level in (1, 2, 3):
        lvl = root.find(f"w:style[@w:styleId='Heading{level}']/w:pPr/w:outlineLvl", NS)
        assert lvl is not None and lvl.get(wq("val")) == str(level - 1)


def _used_paragraph_styles(data: bytes) -> set[str]:
    used = set()
    for name in ("word/document.xml", "word/footnotes.xml", "word/footer1.xml"):
        if name in parts(data):
            used |= {e.get(wq("val")) for e in part_xml(data, name).iter(wq("pStyle"))}
    return used


def test_fonts_in_all_four_slots_and_no_theme_fonts() -> None:
    data, _ = write(kitchen_sink())
    root = part_xml(data, "word/styles.xml")
    for el in root.iter():
        assert not any(a.split("}")[-1] in THEME_ATTRS for a in el.attrib), etree.tostring(el)
    for rfonts in root.iter(wq("rFonts")):
        values = {rfonts.get(wq(slot)) for slot in FONT_SLOTS}
        assert len(values) == 1 and None not in values, etree.tostring(rfonts)
    default = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(wq("hAnsi")) == "Noto Serif"

    def font(style_id: str) -> str:
        el = root.find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
        assert el is not None, f"style {style_id} names no font"
        return el.get(wq("hAnsi"))

    used = _used_paragraph_styles(data)
    assert {"Normal", "Title", "Heading1", "Question", "Answer", "Code", "FootnoteText", "Footer"} <= used
    for style_id in used:
        font(style_id)  # every used paragraph style names its font itself
    assert font("Normal") == font("Question") == font("Answer") == "Noto Serif"
    assert font("Title") == font("Heading1") == font("Heading2") == font("Heading3") == "Noto Sans"
    assert font("Code") in ("DejaVu Sans Mono", "Noto Sans Mono")


def test_font_family_option_changes_the_body_font() -> None:
    data, _ = write(interview(), font_family="DejaVu Sans")
    root = part_xml(data, "word/styles.xml")
    assert root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS).get(wq("cs")) == "DejaVu Sans"
    assert root.find("w:style[@w:styleId='Title']/w:rPr/w:rFonts", NS).get(wq("ascii")) == "Noto Sans"


def test_emphasis_inside_italic_quote_is_upright() -> None:
    doc = Document(Metadata(language="ru"), (BlockQuote((Paragraph((Text("a "), Emph((Text("b"),)))),)),))
    data, _ = write(doc)
    italic = part_xml(data, "word/document.xml").find(".//w:r/w:rPr/w:i", NS)
    assert italic is not None and italic.get(wq("val")) == "0"


# --------------------------------------------------------------------------- language


def test_document_and_run_languages() -> None:
    data, _ = write(kitchen_sink())
    lang = part_xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(wq("val")) == "ru-RU"
    assert lang.get(wq("eastAsia")) and lang.get(wq("bidi"))
    body = part_xml(data, "word/document.xml")
    by_lang: dict[str, str] = {}
    for run in body.iterfind(".//w:r", NS):
        run_lang = run.find("w:rPr/w:lang", NS)
        if run_lang is not None:
            text = "".join(t.text or "" for t in run.iterfind("w:t", NS))
            by_lang[text] = run_lang.get(wq("val"))
    assert by_lang == {
        "Қазақ тілі: ә ғ қ ң ө ұ ү һ і.": "kk-KZ",
        "Українська: ґанок, їжак, єнот. ": "uk-UA",
        "Беларуская: ўсё": "be-BY",
    }


def test_kazakh_document_language() -> None:
    doc = Document(Metadata(language="kk"), (p("Сәлем"), Paragraph((Span((Text("Привет"),), "ru"),))))
    data, _ = write(doc)
    assert (
        part_xml(data, "word/styles.xml").find(".//w:rPrDefault/w:rPr/w:lang", NS).get(wq("val")) == "kk-KZ"
    )
    assert part_xml(data, "word/document.xml").find(".//w:lang", NS).get(wq("val")) == "ru-RU"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "kk-KZ"


def mixed() -> Document:
    """Formatting stacked every way inside other-language paragraphs, lists and notes."""
    rich = (
        Strong((Emph((Span((Text("қазақша"),), "kk"),)),)),
        Code("x = 1"),
        Link((Code("код"), Strong((Text("жирная ссылка"),))), "https://example.org"),
        Note((Paragraph((Emph((Text("курсив в сноске"),)), Span((Text("українською"),), "uk"))),)),
    )
    return Document(
        Metadata(title="Смесь", language="ru"),
        (
            Paragraph(rich, lang="kk"),
            BlockQuote((Paragraph(rich),)),
            Question((Paragraph(rich),), speaker="Вопрос"),
            OrderedList(((Paragraph(rich), BulletList(((Paragraph(rich),),))),)),
        ),
    )


@pytest.mark.parametrize("make", [kitchen_sink, mixed], ids=["kitchen_sink", "mixed"])
@pytest.mark.parametrize(
    "name",
    ["word/document.xml", "word/footnotes.xml", "word/styles.xml", "word/numbering.xml", "word/footer1.xml"],
)
def test_property_elements_follow_schema_order(make, name: str) -> None:
    root = part_xml(write(make())[0], name)
    for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER)):
        for el in root.iter(wq(tag)):
            children = [etree.QName(c).localname for c in el if isinstance(c.tag, str)]
            indexes = [order.index(c) for c in children]
            assert indexes == sorted(indexes) and len(set(children)) == len(children), (name, children)


def test_settings_autohyphenation_in_schema_order() -> None:
    root = part_xml(write(kitchen_sink())[0], "word/settings.xml")
    children = [etree.QName(c).localname for c in root if isinstance(c.tag, str)]
    assert children[children.index("defaultTabStop") + 1] == "autoHyphenation"
    indexes = [SETTINGS_ORDER.index(c) for c in children]
    assert indexes == sorted(indexes), children


# --------------------------------------------------------------------------- page, properties, package


@pytest.mark.parametrize(
    ("paper", "width_mm", "height_mm"), [("a4", 210, 297), ("a5", 148, 210), ("letter", 215.9, 279.4)]
)
def test_page_size(paper: str, width_mm: float, height_mm: float) -> None:
    data, ctx = write(interview(), paper=paper)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.page_width.mm == pytest.approx(width_mm, abs=0.1)
    assert section.page_height.mm == pytest.approx(height_mm, abs=0.1)
    assert 10 < section.left_margin.mm < 31 and section.left_margin.mm == pytest.approx(section.right_margin.mm)
    top, right, bottom, left = PAPERS[paper].margins_mm  # the one table PDF and --profile use too
    assert (section.top_margin.mm, section.right_margin.mm, section.bottom_margin.mm, section.left_margin.mm) == \
        pytest.approx((top, right, bottom, left), abs=0.1)
    if paper == "a5":
        assert section.left_margin.mm < PAPERS["a4"].margins_mm[3]
    assert not ctx.diagnostics.items


def test_unknown_paper_is_a_usage_error_naming_paper() -> None:
    """Settings are resolved once: an unknown paper never reaches the writer (it used to fall back to A4)."""
    with pytest.raises(UsageError, match="--paper 'tabloid'"):
        write(interview(), paper="tabloid")


def test_page_number_field_in_footer() -> None:
    data, _ = write(interview())
    footer = part_xml(data, "word/footer1.xml")
    assert [f.get(wq("fldCharType")) for f in footer.iter(wq("fldChar"))] == ["begin", "separate", "end"]
    assert footer.find(".//w:instrText", NS).text.strip() == "PAGE"
    sect = part_xml(data, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find("w:footerReference", NS) is not None
    assert part_xml(data, "word/document.xml").find("w:body", NS)[-1].tag == wq("sectPr")


def test_core_properties_and_no_template_leftovers() -> None:
    doc = kitchen_sink()
    data, _ = write(doc)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == doc.meta.title
    assert props.author == "Иван Петров, Әсел Қасымова"
    assert props.subject == "тест, кириллица"  # issue 13: the keywords, never the lead (a description)
    assert props.keywords == "тест, кириллица"
    assert props.language == "ru-RU"
    assert props.created == props.modified == NOW
    assert props.last_modified_by == "article-convert"
    assert props.revision == 1
    assert props.comments == doc.meta.lead
    assert props.identifier.startswith("urn:uuid:")
    for name, blob in parts(data).items():
        text = blob.decode("utf-8", "replace")
        assert "python-docx" not in text and "2013" not in text and "Macintosh" not in text, name
        assert "en-US" not in text, name
    app = part_xml(data, "docProps/app.xml")
    assert app.find("{*}Application").text == "article-convert"


def test_author_falls_back_to_source() -> None:
    doc = Document(Metadata(title="Т", source="Liter.kz", language="ru"), (p("текст"),))
    assert docx.Document(io.BytesIO(write(doc)[0])).core_properties.author == "Liter.kz"


def test_every_part_is_well_formed_and_typed() -> None:
    data, _ = write(kitchen_sink())
    files = parts(data)
    assert next(iter(files)) == "[Content_Types].xml"
    for name, blob in files.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(blob)
    types = etree.fromstring(files["[Content_Types].xml"])
    overrides = {o.get("PartName") for o in types.iterfind("{*}Override")}
    for name in files:
        if name.endswith(".xml") and name != "[Content_Types].xml":
            assert "/" + name in overrides, name


def test_reproducible_bytes() -> None:
    first, _ = write(kitchen_sink())
    second, _ = write(kitchen_sink())
    assert first == second
    later = Context(now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert DocxWriter().write(kitchen_sink(), later) != first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        # zip stores seconds in 2-second steps: 10:30:15 -> 10:30:14
        assert {i.date_time for i in zf.infolist()} == {(2025, 12, 4, 10, 30, 14)}


# --------------------------------------------------------------------------- notes, links, lists


def test_real_footnotes() -> None:
    data, _ = write(kitchen_sink())
    files = parts(data)
    notes = etree.fromstring(files["word/footnotes.xml"])
    real = [fn for fn in notes.iterfind("w:footnote", NS) if fn.get(wq("type")) is None]
    assert len(real) == 1 and paragraph_text(real[0]).strip() == "Текст сноски."
    assert real[0].find(".//w:footnoteRef", NS) is not None
    refs = part_xml(data, "word/document.xml").findall(".//w:footnoteReference", NS)
    assert [r.get(wq("id")) for r in refs] == [real[0].get(wq("id"))]
    assert b"relationships/footnotes" in files["word/_rels/document.xml.rels"]
    assert part_xml(data, "word/settings.xml").find("w:footnotePr", NS) is not None
    # no notes -> no footnotes part
    plain = parts(write(interview())[0])
    assert "word/footnotes.xml" not in plain and b"footnotePr" not in plain["word/settings.xml"]


def test_note_inside_a_note_keeps_its_text() -> None:
    inner = Note((p("внутренняя"),))
    doc = Document(
        Metadata(language="ru"), (Paragraph((Text("Текст"), Note((Paragraph((Text("внешняя"), inner)),)))),)
    )
    data, ctx = write(doc)
    assert reading_texts(data) == ["Текст", " внешняя [внутренняя]"]
    assert ctx.diagnostics.by_code("nested-note")


def test_code_inside_a_link_keeps_the_monospace_font() -> None:
    doc = Document(Metadata(language="ru"), (Paragraph((Link((Code("api()"),), "https://example.org"),)),))
    run = part_xml(write(doc)[0], "word/document.xml").find(".//w:hyperlink/w:r", NS)
    assert run.find("w:rPr/w:rStyle", NS).get(wq("val")) == "Hyperlink"
    assert run.find("w:rPr/w:rFonts", NS).get(wq("hAnsi")) == "DejaVu Sans Mono"


def test_hyperlinks_are_real_and_only_for_safe_schemes() -> None:
    doc = Document(
        Metadata(language="ru"),
        (
            Paragraph(
                (
                    Link((Text("сайт"),), "https://example.org/путь?a=1&b=2", "Подсказка"),
                    Text(" и "),
                    Link((Text("почта"),), "mailto:info@example.org"),
                    Text(" и "),
                    Link((Text("скрипт"),), "javascript:alert(1)"),
                )
            ),
        ),
    )
    data, ctx = write(doc)
    rels = etree.fromstring(parts(data)["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    links = part_xml(data, "word/document.xml").findall(".//w:hyperlink", NS)
    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert [targets[h.get(rel_id)] for h in links] == [
        "https://example.org/%D0%BF%D1%83%D1%82%D1%8C?a=1&b=2",
        "mailto:info@example.org",
    ]
    assert links[0].get(wq("tooltip")) == "Подсказка"
    assert reading_texts(data) == ["сайт и почта и скрипт"]
    assert ctx.diagnostics.by_code("link-unsupported")


def test_lists_use_real_numbering() -> None:
    data, _ = write(kitchen_sink())
    numbering = part_xml(data, "word/numbering.xml")
    body = part_xml(data, "word/document.xml")
    numbered = [q for q in body.iterfind("w:body/w:p", NS) if q.find("w:pPr/w:numPr", NS) is not None]
    assert [paragraph_text(q) for q in numbered] == ["пункт один", "пункт два", "первый", "второй"]
    num_ids = [q.find("w:pPr/w:numPr/w:numId", NS).get(wq("val")) for q in numbered]
    assert num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3] and num_ids[0] != num_ids[2]

    def abstract(num_id: str) -> etree._Element:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        ref = num.find("w:abstractNumId", NS).get(wq("val"))
        return numbering.find(f"w:abstractNum[@w:abstractNumId='{ref}']", NS)

    assert abstract(num_ids[0]).find("w:lvl/w:numFmt", NS).get(wq("val")) == "bullet"
    assert abstract(num_ids[2]).find("w:lvl/w:numFmt", NS).get(wq("val")) == "decimal"
    start = numbering.find(f"w:num[@w:numId='{num_ids[2]}']/w:lvlOverride/w:startOverride", NS)
    assert start.get(wq("val")) == "3"


def test_nested_lists_and_notes_everywhere() -> None:
    data, _ = write(mixed())
    body = part_xml(data, "word/document.xml")
    levels = [e.get(wq("val")) for e in body.iter(wq("ilvl"))]
    assert levels == ["0", "1"]
    notes = part_xml(data, "word/footnotes.xml")
    assert len([fn for fn in notes.iterfind("w:footnote", NS) if fn.get(wq("type")) is None]) == 5
    assert_words_in_order(document_words(mixed()), words("\n".join(reading_texts(data))))


def test_each_ordered_list_restarts() -> None:
    lists = tuple(OrderedList(((p("a"),), (p("b"),))) for _ in range(2))
    data, _ = write(Document(Metadata(language="ru"), lists))
    ids = {e.get(wq("val")) for e in part_xml(data, "word/document.xml").iter(wq("numId"))}
    assert len(ids) == 2


# --------------------------------------------------------------------------- pictures


def _extents(data: bytes) -> list[tuple[int, int]]:
    body = part_xml(data, "word/document.xml")
    return [(int(e.get("cx")), int(e.get("cy"))) for e in body.iter("{*}extent")]


def test_figure_is_scaled_to_text_width_and_never_enlarged(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(png_bytes(1600, 400))
    (tmp_path / "small.png").write_bytes(png_bytes(48, 24))
    doc = Document(
        Metadata(language="ru"),
        (
            Figure(Image("big.png", "большая"), caption=(Text("Большая"),)),
            Paragraph((Text("иконка "), Image("small.png", "маленькая"))),
        ),
    )
    data, ctx = write(doc, tmp_path)
    assert not ctx.diagnostics.items
    _, right, _, left = PAPERS["a4"].margins_mm
    text_width = (210 - left - right) * 36000
    (big_w, big_h), (small_w, small_h) = _extents(data)
    assert big_w == pytest.approx(text_width, rel=0.01) and big_h == pytest.approx(big_w / 4, rel=0.01)
    assert (small_w, small_h) == (48 * 9525, 24 * 9525)
    media = [n for n in parts(data) if n.startswith("word/media/")]
    assert len(media) == 2
    assert styled(data, "Caption") == ["Большая"]
    descr = [e.get("descr") for e in part_xml(data, "word/document.xml").iter("{*}docPr")]
    assert descr == ["большая", "маленькая"]
    # regression: without explicit zero distances LibreOffice pads pictures by 0.32 cm
    for inline in part_xml(data, "word/document.xml").iter("{*}inline"):
        assert [inline.get(k) for k in ("distT", "distB", "distL", "distR")] == ["0"] * 4


def test_missing_and_escaping_images_keep_the_caption(tmp_path: Path) -> None:
    (tmp_path.parent / "outside.png").write_bytes(png_bytes(10, 10))
    doc = Document(
        Metadata(language="ru"),
        (
            Figure(Image("missing.png"), caption=(Text("Подпись остаётся"),)),
            Figure(Image("../outside.png"), caption=(Text("Снаружи"),)),
            Figure(Image("https://example.org/a.png", "удалённая")),
        ),
    )
    data, ctx = write(doc, tmp_path)
    assert styled(data, "Caption") == ["Подпись остаётся", "Снаружи", "удалённая"]
    assert len(ctx.diagnostics.by_code("image-missing")) == 1
    assert len(ctx.diagnostics.by_code("image-refused")) == 2
    assert not [n for n in parts(data) if n.startswith("word/media/")]


def test_missing_inline_image_leaves_the_sentence_intact() -> None:
    # regression (corpus be/pravapis-wilno-university-notice.md): "[alt]Кафедра" glued two words;
    # issue 9 item 9: the alt text is kept (in brackets, apart from the next word), as in every writer
    doc = Document(
        Metadata(language="be"), (Paragraph((Image("girl.jpg", "belarusian girl"), Text("Кафедра"))),)
    )
    data, ctx = write(doc)
    assert reading_texts(data) == ["[belarusian girl] Кафедра"]
    [diag] = ctx.diagnostics.by_code("image-missing")
    assert "belarusian girl" in diag.message


def test_unreadable_image_is_diagnosed(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    doc = Document(Metadata(language="ru"), (Figure(Image("broken.png"), caption=(Text("Подпись"),)),))
    data, ctx = write(doc, tmp_path)
    assert [d.code for d in ctx.diagnostics.items] == ["image-unreadable"]
    assert styled(data, "Caption") == ["Подпись"]


def test_webp_is_converted_when_pillow_is_there(tmp_path: Path) -> None:
    import PIL.Image as pil  # a dependency of the project

    pil.new("RGB", (40, 20), (200, 30, 30)).save(tmp_path / "photo.webp", "WEBP")
    data, ctx = write(Document(Metadata(language="ru"), (Figure(Image("photo.webp")),)), tmp_path)
    assert not ctx.diagnostics.items
    assert [n for n in parts(data) if n.startswith("word/media/")] == ["word/media/image1.png"]
    assert _extents(data) == [(40 * 9525, 20 * 9525)]


def test_kitchen_sink_diagnoses_its_missing_picture() -> None:
    _, ctx = write(kitchen_sink())
    assert [d.code for d in ctx.diagnostics.items] == ["image-missing"]


def test_footnote_with_link_relates_from_the_footnotes_part() -> None:
    note = Note((Paragraph((Link((Text("источник"),), "https://example.org/n"),)),))
    data, _ = write(Document(Metadata(language="ru"), (Paragraph((Text("Текст"), note)),)))
    files = parts(data)
    assert b"https://example.org/n" in files["word/_rels/footnotes.xml.rels"]
    assert b"https://example.org/n" not in files["word/_rels/document.xml.rels"]


# --------------------------------------------------------------------------- LibreOffice and the seed


def _soffice_text(data: bytes, tmp_path: Path) -> str:
    """The text of the PDF LibreOffice makes from ``data``."""
    src = tmp_path / "doc.docx"
    src.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    pdf = tmp_path / "doc.pdf"
    assert pdf.is_file(), "LibreOffice produced no PDF"
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    import pypdf  # a dependency of the project

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_every_word(tmp_path: Path) -> None:
    doc = kitchen_sink()
    text = _soffice_text(write(doc)[0], tmp_path)
    # compare letters only: hyphenation, footnote numbers and line ends differ in a PDF
    # (casefolded: small caps come out of the PDF as capitals)
    squashed = "".join(ch for ch in text if ch.isalpha()).casefold()
    assert "текстсноски" in squashed  # footnotes sit at the page foot, out of reading order
    body_only = Document(doc.meta, tuple(_without_notes(b) for b in doc.blocks))
    pos = 0
    for word in document_words(body_only):
        needle = "".join(ch for ch in word if ch.isalpha()).casefold()
        found = squashed.find(needle, pos)
        assert found >= 0, f"{word!r} missing from LibreOffice's rendering"
        pos = found + len(needle)


def _without_notes(block):
    """A top-level paragraph without its footnotes (other blocks unchanged)."""
    if isinstance(block, Paragraph):
        return Paragraph(tuple(i for i in block.inlines if not isinstance(i, Note)), block.lang)
    return block


def _corpus_files() -> list[str]:
    """The corpus files (MANIFEST.tsv of ../shared/corpus); one placeholder when it is missing, so the
    test skips once saying where it looked instead of vanishing as an empty parameter set."""
    return [row["file"] for row in corpus_rows()] or ["(corpus missing)"]


def test_seed_interview_turns() -> None:
    doc = read_document(SEED, ConvertOptions())
    data, ctx = write(doc)
    questions = [b for b in doc.blocks if isinstance(b, Question)]
    answers = [b for b in doc.blocks if isinstance(b, Answer)]
    assert len(questions) == len(answers) == 6
    assert len(styled(data, "Question")) == 6
    assert len(styled(data, "Answer")) == sum(len(a.blocks) for a in answers)
    assert styled(data, "Title") == [doc.meta.title]
    assert styled(data, "Subtitle") == [doc.meta.lead]
    body = docx.Document(io.BytesIO(data)).paragraphs
    for para in body:
        if para.style.name == "Question":
            nxt = body[body.index(para) + 1]
            assert nxt.style.name == "Answer"
    assert_words_in_order(document_words(doc), words("\n".join(reading_texts(data))))
    assert not ctx.diagnostics.items


@pytest.mark.parametrize("name", _corpus_files())
def test_corpus_article_keeps_every_word(name: str) -> None:
    require_corpus()
    path = CORPUS / name
    doc = read_document(path, ConvertOptions())
    ctx = Context(now=NOW, base_dir=path.parent)
    data = DocxWriter().write(doc, ctx)
    for member, blob in parts(data).items():
        if member.endswith((".xml", ".rels")):
            etree.fromstring(blob)
    assert_words_in_order(document_words(doc), words("\n".join(reading_texts(data))))
