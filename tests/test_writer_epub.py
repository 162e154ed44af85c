"""EPUB writer: EPUBCheck silence, the words a reader sees, metadata, languages, notes, images, bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from article_convert.context import Context, ConvertOptions
from article_convert.ir import (
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Link,
    Metadata,
    Note,
    Paragraph,
    Question,
    Quoted,
    Text,
)
from article_convert.ir.text import document_words
from article_convert.writers.common import stable_identifier
from article_convert.writers.epub import EpubWriter

from . import epubcheck_util
from .documents import interview, kitchen_sink, p

NOW = datetime(2025, 12, 4, 10, 30, 0, tzinfo=timezone.utc)
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "div",
    "header",
    "footer",
    "figure",
    "figcaption",
    "blockquote",
    "aside",
    "pre",
    "ul",
    "ol",
    "section",
    "body",
}


# --------------------------------------------------------------------------- helpers


def write(doc: Document, **options: object) -> tuple[bytes, Context]:
    ctx = Context(options=ConvertOptions(**options), now=NOW)  # type: ignore[arg-type]
    return EpubWriter().write(doc, ctx), ctx


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def xhtml(data: bytes, name: str = "EPUB/article.xhtml") -> etree._Element:
    return etree.fromstring(part(data, name))


def opf(data: bytes) -> etree._Element:
    return etree.fromstring(part(data, "EPUB/content.opf"))


def visible_words(root: etree._Element) -> list[str]:
    """Words a reader sees in the body, without note numbers, back links and speaker labels."""
    body = root.find("x:body", NS)
    chunks: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = etree.QName(el).localname
        skip = el.get("class") in ("noteref", "backlink", "speaker")
        if tag == "br":
            chunks.append("\n")
        elif not skip:
            if tag in BLOCKS:
                chunks.append("\n")
            chunks.append(el.text or "")
            for child in el:
                walk(child)
            if tag in BLOCKS:
                chunks.append("\n")
        chunks.append(el.tail or "")

    walk(body)
    return "".join(chunks).replace("\u00ad", "").split()


def assert_subsequence(expected: list[str], actual: list[str]) -> None:
    """Every expected word appears in ``actual``, in order."""
    pos = 0
    for n, word in enumerate(expected):
        try:
            pos = actual.index(word, pos) + 1
        except ValueError:
            context = " ".join(actual[max(0, pos - 5) : pos + 10])
            pytest.fail(f"word {n} {word!r} missing after position {pos}: …{context}…")


def png_bytes(color: str = "red") -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (8, 6), color).save(out, "PNG")
    return out.getvalue()


def edge_document() -> Document:
    """Images (found, WebP, missing, escaping), odd links, nested notes, illegal characters."""
    return Document(
        Metadata(
            title="Крайние случаи", language="ru", source="Источник", date="2025-01-31", keywords=("край",)
        ),
        (
            Figure(Image("pics/photo.png", "фото"), caption=(Text("Подпись"),)),
            Figure(Image("pics/anim.webp", "вебп"), caption=(Text("Конверсия"),)),
            Figure(Image("../outside.png", "чужое"), caption=(Text("Снаружи"),)),
            Figure(Image("nothere.jpg"), caption=(Text("Нет файла"),)),
            Paragraph((Text("Значок "), Image("pics/photo.png", "значок"), Text(" в строке."))),
            Paragraph(
                (
                    Link((Text("скрипт"),), "javascript:alert(1)"),
                    Text(" и "),
                    Link((Text("почта"),), "mailto:ivan@example.org"),
                    Text(" и "),
                    Link((Text("внешняя"), Note((p("Сноска в ссылке."),))), "https://пример.рф/a b?q=ё"),
                    Text(" и "),
                    Link((Text("относительная"),), "../other.html"),
                    Text(" и "),
                    Link((), "http://example.com/пусто"),
                )
            ),
            Paragraph((Text("Управляющие\x0b символы\x00 и\ufffe ещё\x85."),)),
            Paragraph(
                (Text("Сноска со сноской"), Note((Paragraph((Text("Внешняя"), Note((p("Внутренняя."),)))),)))
            ),
            Heading(5, (Emph((Text("Глубокий"),)), Text(" раздел")), lang="uk"),
            Question((p("Вопрос без ответа?"),)),
            Paragraph((Quoted((Text("ёлка"),)),), lang="sr"),
            p('Текст с <тегами> & «амперсандами» "кавычками".'),
        ),
    )


def long_document() -> Document:
    """~600 KB of XHTML: twelve chapters of forty long paragraphs, a footnote in each chapter."""
    sentence = "Длинное предложение номер {n} о том, как Дубровский ехал через лес и думал о прошлом. "
    blocks: list = []
    for chapter in range(1, 13):
        blocks.append(Heading(1, (Text(f"Глава {chapter}"),)))
        for k in range(40):
            text = "".join(sentence.format(n=chapter * 100 + k + i) for i in range(6))
            inlines = (Text(text), Note((p(f"Сноска главы {chapter}."),))) if k == 20 else (Text(text),)
            blocks.append(Paragraph(inlines))
    return Document(Metadata(title="Длинная повесть", language="ru"), tuple(blocks))


def empty_document() -> Document:
    return Document(Metadata(), ())


def bundle_document() -> Document:
    """Three short articles in two languages: a bundle (Documents of Article blocks)."""
    from article_convert.ir import Article

    return Document(Metadata(title="Дайджест недели", language="ru"), (
        Article(Metadata(title="Первая статья", language="ru"), (p("Текст первой статьи."),)),
        Article(Metadata(title="Екінші мақала", language="kk"), (p("Қазақ тіліндегі мәтін."),)),
        Article(Metadata(title="Третья статья", language="ru"), (p("Текст третьей статьи."),)),
    ))


def untitled_document() -> Document:
    return Document(Metadata(language="kk"), (Heading(2, (Text("Бөлім"),)), p("Қазақ мәтіні.")))


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image as PILImage

    root = tmp_path_factory.mktemp("input")
    (root / "pics").mkdir()
    (root / "pics" / "photo.png").write_bytes(png_bytes())
    PILImage.new("RGB", (10, 10), "blue").save(root / "pics" / "anim.webp", "WEBP", quality=80)
    (root.parent / "outside.png").write_bytes(png_bytes("green"))
    return root


@pytest.fixture(scope="module")
def font_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A --font-family folder of its own: DejaVu Sans regular and bold, no italics."""
    import shutil

    from article_convert.fonts import fallback_family

    folder = tmp_path_factory.mktemp("myfont")
    for face in (fallback_family().regular, fallback_family().bold):
        shutil.copy(face, folder)
    return folder


@pytest.fixture(scope="module")
def books(
    tmp_path_factory: pytest.TempPathFactory, base_dir: Path, font_folder: Path
) -> dict[str, tuple[bytes, Context]]:
    """Every variant built once."""
    out: dict[str, tuple[bytes, Context]] = {}
    out["font-family"] = write(kitchen_sink(), font_family="DejaVu Sans")
    out["bundle"] = write(bundle_document())
    out["font-embedded"] = write(kitchen_sink(), font_family=str(font_folder), embed_fonts=True)
    out["kitchen"] = write(kitchen_sink())
    out["interview"] = write(interview())
    out["kitchen-shy"] = write(kitchen_sink(), soft_hyphens=True)
    out["empty"] = write(empty_document())
    out["untitled"] = write(untitled_document(), soft_hyphens=True)
    out["long"] = write(long_document())
    ctx = Context(now=NOW, base_dir=base_dir)
    out["edge"] = (EpubWriter().write(edge_document(), ctx), ctx)
    return out


@pytest.fixture(scope="module")
def epubcheck_results(books: dict[str, tuple[bytes, Context]], tmp_path_factory: pytest.TempPathFactory):
    epubcheck_util.require()
    folder = tmp_path_factory.mktemp("epubs")
    paths = {}
    for name, (data, _) in books.items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(data)
    paths["broken"] = folder / "broken.epub"
    _drop_part(books["interview"][0], "EPUB/article.xhtml", paths["broken"])
    results = epubcheck_util.run_epubcheck(list(paths.values()))
    return {name: results[str(path)] for name, path in paths.items()}


def _drop_part(data: bytes, name: str, target: Path) -> None:
    """Copy an EPUB without one of its files."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(target, "w") as z:
        for info in src.infolist():
            if info.filename != name:
                z.writestr(info, src.read(info))


# --------------------------------------------------------------------------- EPUBCheck


@pytest.mark.parametrize(
    "name", ["kitchen", "interview", "kitchen-shy", "empty", "untitled", "edge", "long", "font-family", "bundle"]
)
def test_epubcheck_reports_nothing(epubcheck_results, name: str) -> None:
    messages = epubcheck_results[name]
    assert messages == [], "\n".join(str(m) for m in messages)


def test_epubcheck_embedded_font_family_only_font_face_usage(epubcheck_results) -> None:
    """Embedded faces of another family: only the USAGE note every @font-face earns (CSS-028)."""
    messages = [m for m in epubcheck_results["font-embedded"] if m.id != "CSS-028" or m.severity != "USAGE"]
    assert messages == [], "\n".join(str(m) for m in messages)


def test_epubcheck_util_reports_errors(epubcheck_results) -> None:
    """The helper really reports problems (the same book without its content document)."""
    assert any(m.severity in ("ERROR", "FATAL") for m in epubcheck_results["broken"])


# --------------------------------------------------------------------------- what a reader sees


@pytest.mark.parametrize("make", [kitchen_sink, interview])
def test_every_word_in_order(make) -> None:
    doc = make()
    data, _ = write(doc)
    assert_subsequence(document_words(doc), visible_words(xhtml(data)))


def test_every_word_in_order_with_soft_hyphens(books) -> None:
    assert_subsequence(document_words(kitchen_sink()), visible_words(xhtml(books["kitchen-shy"][0])))


def test_title_block(books) -> None:
    root = xhtml(books["kitchen"][0])
    header = root.find(".//x:header", NS)
    assert header.findtext("x:h1", namespaces=NS) == "Кухонная раковина: всё сразу"
    assert (
        header.find("x:p[@class='lead']", NS).text == "Короткий лид под заголовком, в котором есть ёлки и ₸."
    )
    assert header.find("x:p[@class='byline']", NS).text == "Иван Петров, Әсел Қасымова"
    date = header.find("x:p[@class='date']/x:time", NS)
    assert (date.get("datetime"), date.text) == ("2024-03-05", "5 марта 2024")
    assert len(root.findall(".//x:h1", NS)) == 1


def test_headings_shift_below_title(books) -> None:
    root = xhtml(books["kitchen"][0])
    tags = [etree.QName(e).localname for e in root.iter() if re.fullmatch(r"\{.*\}h\d", e.tag)]
    assert tags == ["h1", "h2", "h3", "h4"]
    untitled = xhtml(books["untitled"][0])
    assert untitled.findtext(".//x:h1", namespaces=NS) == "Бөлім"


def test_questions_bold_and_distinct(books) -> None:
    root = xhtml(books["interview"][0])
    questions = root.findall(".//x:p[@class='question']", NS)
    answers = root.findall(".//x:p[@class='answer']", NS)
    assert ["".join(q.itertext()) for q in questions] == [  # a new speaker's dash, as in the PDF
        "—\u00a0Насколько в США сегодня воспринимают Казахстан как надежного партнера?",
        "—\u00a0Какие сферы сотрудничества могут получить реальный импульс?",
    ]
    assert len(answers) == 3
    assert all(etree.QName(q.getparent()).localname == "div" for q in questions)
    css = part(books["interview"][0], "EPUB/style.css").decode()
    assert "bold" in css_rule(css, "p.question")
    assert "bold" not in css_rule(css, "p.answer")


def test_speaker_label_bold(books) -> None:
    root = xhtml(books["kitchen"][0])
    label = root.find(".//x:p[@class='question']/x:b[@class='speaker']", NS)
    assert label is not None and label.text == "Корреспондент:"


def css_rule(css: str, selector: str) -> str:
    """The declarations of every rule whose selector list names ``selector``."""
    bodies = [
        body
        for sel, body in re.findall(r"([^{};]+)\{([^}]*)\}", css)
        if selector in [s.strip() for s in sel.split(",")]
    ]
    assert bodies, f"no CSS rule for {selector}"
    return "\n".join(bodies)


def test_lang_attributes(books) -> None:
    data = books["kitchen"][0]
    for name in ("EPUB/article.xhtml", "EPUB/nav.xhtml"):
        root = xhtml(data, name)
        assert root.get("lang") == "ru" and root.get(XML_LANG) == "ru"
    root = xhtml(data)
    kk = next(e for e in root.iter("{*}p") if "Қазақ" in "".join(e.itertext()))
    assert kk.get("lang") == "kk" and kk.get(XML_LANG) == "kk"
    span = root.find(".//x:span[@lang='be']", NS)
    assert span.get(XML_LANG) == "be" and span.text == "Беларуская: ўсё"
    assert root.find(".//x:h2", NS).get("lang") is None
    edge = xhtml(books["edge"][0])
    heading = edge.find(".//x:h2", NS)  # the only heading (level 5) becomes h2
    assert heading.get("lang") == "uk" and heading.get(XML_LANG) == "uk"
    sr = next(e for e in edge.iter("{*}p") if "ёлка" in "".join(e.itertext()))
    assert "".join(sr.itertext()) == "„ёлка“"


def test_no_break_spaces_and_quotes_kept(books) -> None:
    text = "".join(xhtml(books["kitchen"][0]).itertext())
    assert "500\u00a0₸" in text and "&nbsp;" not in text
    assert "«цитата с „вложенной“ цитатой»" in text


def test_footnote_links_both_ways(books) -> None:
    root = xhtml(books["kitchen"][0])
    ref = root.find(".//x:a[@epub:type='noteref']", NS)
    aside = root.find(f".//x:aside[@id='{ref.get('href')[1:]}']", NS)
    assert aside.get("{http://www.idpf.org/2007/ops}type") == "footnote"
    assert "Текст сноски." in "".join(aside.itertext())
    back = aside.find(".//x:a[@role='doc-backlink']", NS)
    assert back.get("href") == "#" + ref.get("id")


def test_nested_notes_and_note_in_link(books) -> None:
    root = xhtml(books["edge"][0])
    asides = root.findall(".//x:aside", NS)
    assert [a.get("id") for a in asides] == ["fn-1", "fn-2", "fn-3"]
    assert root.find(".//x:a//x:a", NS) is None
    assert "Внутренняя." in "".join(asides[2].itertext())


def test_code_list_quote_figure_break(books) -> None:
    root = xhtml(books["kitchen"][0])
    assert root.findtext(".//x:pre/x:code", namespaces=NS) == "def f():\n    return 'код'"
    assert root.find(".//x:ol", NS).get("start") == "3"
    assert (
        root.findtext(".//x:blockquote/x:footer/x:p[@class='attribution']", namespaces=NS) == "— Автор цитаты"
    )
    assert root.find(".//x:hr", NS) is not None
    assert root.find(".//x:div[@class='div sidebar']", NS) is not None
    caption = "".join(root.find(".//x:figcaption", NS).itertext())
    assert "Подпись к фото" in caption and "Фото: ТАСС" in caption


# --------------------------------------------------------------------------- links, images, bad text


def test_links_filtered_and_encoded(books) -> None:
    data, ctx = books["edge"]
    hrefs = [a.get("href") for a in xhtml(data).iter("{*}a") if a.get("class") is None]
    assert "mailto:ivan@example.org" in hrefs
    assert "https://xn--e1afmkfd.xn--p1ai/a%20b?q=%D1%91" in hrefs
    assert not any(h.startswith(("javascript", "..")) for h in hrefs)
    text = "".join(xhtml(data).itertext())
    assert "скрипт" in text and "относительная" in text and "http://example.com/пусто" in text
    assert not ctx.diagnostics.by_code("link-dropped")  # the writer says nothing per link...
    from article_convert.diagnostics import Diagnostics
    from article_convert.ir.links import report_unlinkable

    diagnostics = Diagnostics()
    report_unlinkable(edge_document(), diagnostics)  # ...the document is reported once, before writing
    [note] = diagnostics.by_code("link-unlinkable")
    assert note.severity == "info" and note.message.startswith("2 link(s) kept as text only")


def test_images_embedded_converted_refused(books) -> None:
    data, ctx = books["edge"]
    items = {i.get("href"): i.get("media-type") for i in opf(data).iterfind(".//opf:item", NS)}
    assert items["image1.png"] == "image/png"
    assert items["image2.png"] == "image/png"  # the WebP, re-encoded for every reader
    assert len([h for h in items if h.startswith("image")]) == 2
    srcs = [img.get("src") for img in xhtml(data).iter("{*}img")]
    assert srcs == ["image1.png", "image2.png", "image1.png"]
    assert ctx.diagnostics.by_code("image-refused") and ctx.diagnostics.by_code("image-missing")
    text = "".join(xhtml(data).itertext())
    assert "Снаружи" in text and "Нет файла" in text
    assert ctx.diagnostics.by_code("image-missing")
    kitchen_ctx = books["kitchen"][1]
    assert kitchen_ctx.diagnostics.by_code("image-missing")


def test_xml_illegal_characters_stripped(books) -> None:
    data, ctx = books["edge"]
    text = "".join(xhtml(data).itertext())
    assert "Управляющие символы и ещё." in text
    assert 'Текст с <тегами> & «амперсандами» "кавычками".' in text
    assert ctx.diagnostics.by_code("xml-illegal-char")


# --------------------------------------------------------------------------- soft hyphens


def test_soft_hyphens_only_when_asked(books) -> None:
    plain = part(books["kitchen"][0], "EPUB/article.xhtml").decode()
    assert "\u00ad" not in plain
    root = xhtml(books["kitchen-shy"][0])
    body_text = "".join(root.xpath("//x:h2/following-sibling::x:p", namespaces=NS)[0].itertext())
    assert "Обыч\u00adный" in body_text
    assert "\u00ad" not in root.findtext(".//x:code", namespaces=NS)
    assert "\u00ad" not in root.findtext(".//x:pre/x:code", namespaces=NS)
    assert "\u00ad" not in root.findtext(".//x:h1", namespaces=NS)
    assert all("\u00ad" not in a.get("href") for a in root.iter("{*}a"))
    opf_text = part(books["kitchen-shy"][0], "EPUB/content.opf").decode()
    assert "\u00ad" not in opf_text


# --------------------------------------------------------------------------- package


def test_soft_hyphens_in_ir_stay_out_of_metadata_and_toc() -> None:
    doc = Document(
        Metadata(title="Заго\u00adловок", lead="Лид\u00adтекст", language="ru"),
        (Heading(2, (Text("Раз\u00adдел"),)), p("Текст.")),
    )
    data, _ = write(doc)
    opf_text = part(data, "EPUB/content.opf").decode()
    assert "Заголовок" in opf_text and "Лидтекст" in opf_text and "\u00ad" not in opf_text
    assert "\u00ad" not in part(data, "EPUB/nav.xhtml").decode() + part(data, "EPUB/toc.ncx").decode()


def test_opf_metadata(books) -> None:
    data = books["kitchen"][0]
    root = opf(data)
    md = root.find("opf:metadata", NS)
    doc = kitchen_sink()
    assert md.findtext("dc:identifier", namespaces=NS) == stable_identifier(doc)
    assert root.get("unique-identifier") == md.find("dc:identifier", NS).get("id")
    assert md.findtext("dc:language", namespaces=NS) == "ru"
    assert md.findtext("dc:title", namespaces=NS) == "Кухонная раковина: всё сразу"
    assert [c.text for c in md.findall("dc:creator", NS)] == ["Иван Петров", "Әсел Қасымова"]
    assert md.findtext("dc:publisher", namespaces=NS) == "Тестовое издание"
    assert md.findtext("dc:description", namespaces=NS) == doc.meta.lead
    assert md.findtext("dc:date", namespaces=NS) == "2024-03-05"
    assert [s.text for s in md.findall("dc:subject", NS)] == ["тест", "кириллица"]
    props = [(m.get("property"), m.text) for m in md.findall("opf:meta", NS)]
    assert ("dcterms:modified", "2025-12-04T10:30:00Z") in props
    for expected in [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
    ]:
        assert expected in props
    assert any(p == "schema:accessibilitySummary" and t for p, t in props)


def _summary(data: bytes) -> str:
    [meta] = opf(data).findall(".//opf:meta[@property='schema:accessibilitySummary']", NS)
    return meta.text


def test_accessibility_summary_fits_a_bundle(books) -> None:
    summary = _summary(books["bundle"][0])
    assert summary.startswith("Text-only collection of 3 articles;")
    assert "Text article" not in summary and "No accessibility hazards." in summary
    assert _summary(books["kitchen"][0]).startswith("Text article with a title block")


def test_accessibility_summary_of_an_illustrated_bundle() -> None:
    from article_convert.writers.epub.book import accessibility_summary

    assert accessibility_summary(1, False, 0).startswith("Text-only collection of 1 article;")
    assert accessibility_summary(4, True, 0).startswith(
        "Collection of 4 articles with images, each described by alternative text;"
    )
    assert "2 of them without alternative text" in accessibility_summary(4, True, 2)


def test_identifier_stable_across_builds() -> None:
    first = write(interview())[0]
    ctx = Context(now=datetime(2030, 1, 1, tzinfo=timezone.utc))
    second = EpubWriter().write(interview(), ctx)
    ident = [opf(d).findtext(".//dc:identifier", namespaces=NS) for d in (first, second)]
    assert ident[0] == ident[1] and ident[0].startswith("urn:uuid:")


def test_no_authors_source_is_publisher(books) -> None:
    md = opf(books["edge"][0]).find("opf:metadata", NS)
    assert md.find("dc:creator", NS) is None
    assert md.findtext("dc:publisher", namespaces=NS) == "Источник"


def test_empty_and_untitled_books(books) -> None:
    md = opf(books["empty"][0]).find("opf:metadata", NS)
    assert md.findtext("dc:title", namespaces=NS) == "Untitled"
    assert md.findtext("dc:language", namespaces=NS) == "und"
    assert xhtml(books["empty"][0]).get("lang") == "und"
    md = opf(books["untitled"][0]).find("opf:metadata", NS)
    assert md.findtext("dc:title", namespaces=NS) == "Бөлім"
    assert md.findtext("dc:language", namespaces=NS) == "kk"
    from article_convert.writers.epub.hyphen import hyphenator

    unavailable = bool(books["untitled"][1].diagnostics.by_code("soft-hyphens-unavailable"))
    assert unavailable == (not hyphenator("kk")[1])


def test_mimetype_first_and_stored(books) -> None:
    z = zipfile.ZipFile(io.BytesIO(books["kitchen"][0]))
    first = z.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert z.read("mimetype") == b"application/epub+zip"
    assert not first.extra
    assert all("/" not in n.removeprefix("EPUB/") for n in z.namelist() if n.startswith("EPUB/"))
    assert all(n.isascii() and " " not in n for n in z.namelist())


def test_spine_nav_and_ncx(books) -> None:
    data = books["kitchen"][0]
    root = opf(data)
    manifest = {i.get("id"): i for i in root.iterfind(".//opf:item", NS)}
    spine = [r.get("idref") for r in root.iterfind(".//opf:itemref", NS)]
    assert manifest[spine[0]].get("href") == "article.xhtml"
    assert any(i.get("properties") == "nav" for i in manifest.values())
    assert root.find("opf:spine", NS).get("toc") in manifest
    nav = xhtml(data, "EPUB/nav.xhtml")
    labels = [a.text for a in nav.find(".//x:nav[@epub:type='toc']", NS).iter("{*}a")]
    assert labels == ["Кухонная раковина: всё сразу", "Раздел первый", "Интервью", "Конец"]
    ncx = etree.fromstring(part(data, "EPUB/toc.ncx"))
    assert [t.text for t in ncx.iterfind(".//ncx:navLabel/ncx:text", NS)] == labels
    article = xhtml(data)
    for a in nav.iter("{*}a"):
        frag = a.get("href").partition("#")[2]
        assert not frag or article.find(f".//*[@id='{frag}']") is not None
    css_links = [link.get("href") for link in article.iter("{*}link")]
    assert css_links == ["style.css"]


def test_stylesheet_rules(books) -> None:
    css = part(books["kitchen"][0], "EPUB/style.css").decode()
    assert not re.search(r"\d(px|pt|cm|mm|in)\b", css)
    body = css_rule(css, "body")
    for needle in (
        "hyphens: auto",
        "-webkit-hyphens: auto",
        "-epub-hyphens: auto",
        "text-align: justify",
        '"Noto Serif", "DejaVu Serif"',
        "serif",
    ):
        assert needle in body
    assert '"Noto Sans"' in css_rule(css, "h1") and "sans-serif" in css_rule(css, "h1")
    assert "text-indent: 1.5em" in css_rule(css, "p")
    lead = css_rule(css, "p.lead")
    assert "italic" in lead and "font-size: 1.15em" in lead


def _font_items(data: bytes) -> list[str]:
    items = opf(data).findall("opf:manifest/opf:item[@media-type='font/ttf']", NS)
    return sorted(i.get("href") for i in items)


def test_font_family_first_in_the_body_stack(books) -> None:
    data = books["font-family"][0]
    css = part(data, "EPUB/style.css").decode()
    assert re.search(r'font-family: "DejaVu Sans", "Noto Serif", "DejaVu Serif", serif;', css_rule(css, "body"))
    assert '"Noto Sans"' in css_rule(css, "h1")  # headings keep their family
    assert "@font-face" not in css and _font_items(data) == []
    default = css_rule(part(books["kitchen"][0], "EPUB/style.css").decode(), "body")
    assert 'font-family: "Noto Serif", "DejaVu Serif", "DejaVu Sans", serif;' in default


def test_font_family_embeds_subsets_of_the_chosen_files(books, font_folder: Path) -> None:
    from fontTools.ttLib import TTFont

    from article_convert.fonts import body_family

    data = books["font-embedded"][0]
    css = part(data, "EPUB/style.css").decode()
    assert css_rule(css, "body").strip().startswith('font-family: "DejaVu Sans", "Noto Serif"')
    names = _font_items(data)
    assert "DejaVuSans.ttf" in names and "DejaVuSans-Bold.ttf" in names
    assert not [n for n in names if n.startswith("NotoSerif")]
    faces = re.findall(r"@font-face \{([^}]*)\}", css)
    body_faces = [f for f in faces if 'font-family: "DejaVu Sans"' in f]
    assert {re.search(r"url\((.*?)\)", f).group(1) for f in body_faces} == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
    assert any("font-weight: bold" in f and "url(DejaVuSans-Bold.ttf)" in f for f in body_faces)
    shown = "".join("".join(xhtml(data, n).itertext())
                    for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".xhtml"))
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        embedded = TTFont(io.BytesIO(part(data, f"EPUB/{name}")))
        chosen = TTFont(str(font_folder / name))
        assert embedded["name"].getDebugName(1) == "DejaVu Sans"
        cmap, full = set(embedded.getBestCmap()), set(chosen.getBestCmap())
        assert cmap <= full and len(cmap) < len(full) / 3  # a subset of the chosen file
        assert {ord(ch) for ch in shown if ord(ch) in full} <= cmap  # with every character shown
        width = embedded["hmtx"][embedded.getBestCmap()[ord("ж")]][0]
        assert width == chosen["hmtx"][chosen.getBestCmap()[ord("ж")]][0]  # its own glyphs, not Noto's
        noto = TTFont(str(body_family().regular))
        assert width != noto["hmtx"][noto.getBestCmap()[ord("ж")]][0]


def test_reproducible_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same Document + ctx.now -> same bytes, whatever the wall clock says."""
    import time

    first = write(kitchen_sink())[0]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 400 + 3671)
    second = write(kitchen_sink())[0]
    assert first == second


def spine_files(data: bytes) -> list[str]:
    root = opf(data)
    manifest = {i.get("id"): i.get("href") for i in root.iterfind(".//opf:item", NS)}
    return ["EPUB/" + manifest[r.get("idref")] for r in root.iterfind(".//opf:itemref", NS)]


def test_long_article_split_into_files(books) -> None:
    data = books["long"][0]
    files = spine_files(data)
    assert files[0] == "EPUB/article.xhtml" and len(files) >= 3
    assert all(len(part(data, f)) < 300_000 for f in files)
    words = [w for f in files for w in visible_words(xhtml(data, f))]
    assert_subsequence(document_words(long_document()), words)
    for f in files:  # every note and its citation share a file; splits fall before chapter headings
        root = xhtml(data, f)
        for ref in root.iterfind(".//x:a[@epub:type='noteref']", NS):
            assert root.find(f".//*[@id='{ref.get('href')[1:]}']") is not None
        if f != files[0]:
            first = root.find("x:body/*", NS)
            assert etree.QName(first).localname == "h2"
    nav = xhtml(data, "EPUB/nav.xhtml")
    links = [a.get("href") for a in nav.find(".//x:nav[@epub:type='toc']", NS).iter("{*}a")]
    assert len(links) == 13
    for href in links[1:]:
        name, _, frag = href.partition("#")
        assert xhtml(data, "EPUB/" + name).find(f".//*[@id='{frag}']") is not None


def test_module_import_is_cheap() -> None:
    code = (
        "import sys, article_convert.writers.epub as m; assert m.EpubWriter.suffix == '.epub';"
        "print(sorted(k for k in ('ebooklib', 'lxml', 'PIL', 'pyphen') if k in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_registered_plugin() -> None:
    writer = EpubWriter()
    assert (writer.name, writer.suffix) == ("epub", ".epub") and writer.description


# --------------------------------------------------------------------------- real articles

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"


def corpus_inputs() -> list[Path]:
    """The seed and every UTF-8 .txt/.md article listed in the shared corpus manifest."""
    paths = [SEED]
    manifest = CORPUS / "MANIFEST.tsv"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            name = line.split("\t", 1)[0]
            path = CORPUS / name
            if path.suffix in (".txt", ".md") and path.is_file():
                try:
                    path.read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    continue
                paths.append(path)
    return paths


def test_seed_and_corpus_pass_epubcheck(tmp_path: Path) -> None:
    """Every real article converts to an EPUB EPUBCheck is silent about, keeping all its words."""
    from article_convert import pipeline

    epubcheck_util.require()
    outputs: dict[str, Path] = {}
    for n, source in enumerate(corpus_inputs()):
        doc = pipeline.read_document(source)
        ctx = Context(now=NOW, base_dir=source.parent)
        data = EpubWriter().write(doc, ctx)
        words = [w for f in spine_files(data) for w in visible_words(xhtml(data, f))]
        assert_subsequence(document_words(doc), words)
        outputs[str(source)] = tmp_path / f"{n:03d}.epub"
        outputs[str(source)].write_bytes(data)
    results = epubcheck_util.run_epubcheck(list(outputs.values()))
    noisy = {src: [str(m) for m in results[str(out)]] for src, out in outputs.items() if results[str(out)]}
    assert not noisy, noisy
    assert len(outputs) > 1 or not (CORPUS / "MANIFEST.tsv").is_file()
