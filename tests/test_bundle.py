"""Bundles: many articles -> one EPUB/FB2/PDF/DOCX with sections, a cover, profiles and embedded fonts."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, require_corpus
from lxml import etree

from article_convert.bundle import BundleConfig, run_bundle
from article_convert.bundle.arrange import Entry, build_bundle, default_title
from article_convert.cli import main
from article_convert.context import ConvertOptions
from article_convert.ir import Article, Document, Metadata, Paragraph, Text
from article_convert.ir.book import articles, is_bundle, parts
from article_convert.ir.text import document_texts

from . import epubcheck_util

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
PICKS = {
    "ru": ["bsnlp-klimkin-gas-transit.txt", "bsnlp-asia-bibi-lawyer-aif.txt", "nerel-jackson-mother.txt"],
    "kk": ["apertium-kaz-story-azamat.txt", "udhr-kazakh.md"],
    "uk": ["brownuk-glavkom-gas-war.txt", "brownuk-khmarochos-dnipro-swim.txt", "brownuk-detektor-media-column.txt"],
}
N_ARTICLES = sum(len(v) for v in PICKS.values())
OPF_NS = {"opf": "http://www.idpf.org/2007/opf"}
XHTML_NS = {"x": "http://www.w3.org/1999/xhtml"}
FB2_NS = {"f": "http://www.gribuser.ru/xml/fictionbook/2.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = Path(__file__).resolve().parents[1] / "src/article_convert/check/schemas/fb2/FictionBook.xsd"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ru/, kk/, uk/ sub-folders holding small corpus articles (copied into a temp folder)."""
    require_corpus()
    root = tmp_path_factory.mktemp("bundle-src") / "week"
    for lang, names in PICKS.items():
        (root / lang).mkdir(parents=True)
        for name in names:
            shutil.copy(CORPUS / lang / name, root / lang / name)
    return root


def bundle(tree: Path, out: Path, **kw: object) -> Path:
    """Build a bundle of ``tree`` into ``out`` (options from ``kw``)."""
    options = ConvertOptions(**kw)  # type: ignore[arg-type]
    result = run_bundle(BundleConfig((str(tree),), out, options, now=NOW))
    assert result.exit_code == 0, result.failures
    assert result.articles == N_ARTICLES
    return out


@pytest.fixture(scope="module")
def books(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bundle-out")
    return {
        "epub": bundle(tree, out / "digest.epub"),
        "kobo": bundle(tree, out / "kobo.epub", profile="kobo"),
        "kindle": bundle(tree, out / "kindle.epub", profile="kindle"),
        "fonts": bundle(tree, out / "fonts.epub", embed_fonts=True),
        "fb2": bundle(tree, out / "digest.fb2"),
        "pdf": bundle(tree, out / "digest.pdf"),
        "docx": bundle(tree, out / "digest.docx"),
    }


@pytest.fixture(scope="module")
def epubcheck(books: dict[str, Path]) -> dict[str, list[epubcheck_util.Message]]:
    epubcheck_util.require()
    names = ["epub", "kobo", "kindle", "fonts"]
    results = epubcheck_util.run_epubcheck([books[n] for n in names])
    return {n: results[str(books[n])] for n in names}


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def opf(path: Path) -> etree._Element:
    return etree.fromstring(member(path, "EPUB/content.opf"))


# --------------------------------------------------------------------------- IR


def test_article_node_in_texts_and_structure() -> None:
    art = Article(Metadata(title="Заголовок", authors=("Автор",), language="kk"), (Paragraph((Text("Мәтін"),)),))
    doc = Document(Metadata(title="Подборка"), (art,))
    assert document_texts(doc) == ["Подборка", "Заголовок", "Автор", "Мәтін"]
    assert is_bundle(doc) and not is_bundle(Document(Metadata(), (Paragraph((Text("x"),)),)))
    assert articles(doc) == [art]


# --------------------------------------------------------------------------- EPUB


@pytest.mark.parametrize("name", ["epub", "kobo", "kindle"])
def test_epubcheck_silent(epubcheck: dict[str, list[epubcheck_util.Message]], name: str) -> None:
    assert [str(m) for m in epubcheck[name]] == []


def test_epubcheck_fonts_only_font_face_usage(epubcheck: dict[str, list[epubcheck_util.Message]]) -> None:
    """@font-face always earns the USAGE note CSS-028; nothing else may be said."""
    assert [str(m) for m in epubcheck["fonts"] if m.id != "CSS-028" or m.severity != "USAGE"] == []


def test_epub_nav_two_levels(books: dict[str, Path]) -> None:
    nav = etree.fromstring(member(books["epub"], "EPUB/nav.xhtml"))
    top = nav.findall(".//x:nav[@role='doc-toc']/x:ol/x:li", XHTML_NS)
    assert [li.find("x:a", XHTML_NS).text for li in top] == ["kk", "ru", "uk"]
    counts = [len(li.findall("x:ol/x:li", XHTML_NS)) for li in top]
    assert counts == [2, 3, 3]
    assert all(li.find("x:ol/x:li/x:ol", XHTML_NS) is None for li in top)  # exactly two levels


def test_epub_each_article_own_file_and_language(books: dict[str, Path]) -> None:
    nav = etree.fromstring(member(books["epub"], "EPUB/nav.xhtml"))
    sections = nav.findall(".//x:nav[@role='doc-toc']/x:ol/x:li", XHTML_NS)
    for section in sections:
        lang = section.find("x:a", XHTML_NS).text
        hrefs = [a.get("href") for a in section.findall("x:ol/x:li/x:a", XHTML_NS)]
        assert len(set(hrefs)) == len(hrefs)
        for href in hrefs:
            page = etree.fromstring(member(books["epub"], f"EPUB/{href}"))
            assert page.get("lang") == lang and page.get(XML_LANG) == lang
            assert page.find(".//x:h1", XHTML_NS) is not None  # its own title block


def test_epub_linear_cover_first(books: dict[str, Path]) -> None:
    from PIL import Image

    root = opf(books["epub"])
    first = root.find("opf:spine/opf:itemref", OPF_NS)
    assert first.get("idref") == "cover" and first.get("linear") in (None, "yes")
    image_item = root.find("opf:manifest/opf:item[@properties='cover-image']", OPF_NS)
    assert image_item is not None
    with Image.open(io.BytesIO(member(books["epub"], "EPUB/" + image_item.get("href")))) as img:
        assert img.size == (1600, 2560)
    page = member(books["epub"], "EPUB/cover.xhtml").decode()
    assert image_item.get("href") in page
    titles = [m.text for m in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert titles == ["Подборка статей, 25 ноября 2026"]  # metadata carries plain spaces


def test_kobo_cover_is_full_screen_svg(books: dict[str, Path]) -> None:
    page = etree.fromstring(member(books["kobo"], "EPUB/cover.xhtml"))
    svg = page.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("viewBox") == "0 0 1600 2560"
    item = opf(books["kobo"]).find("opf:manifest/opf:item[@href='cover.xhtml']", OPF_NS)
    assert "svg" in item.get("properties", "").split()


def test_profile_sets_cover_size(tree: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = bundle(tree, tmp_path / "pb.epub", profile="pocketbook")
    with Image.open(io.BytesIO(member(out, "EPUB/cover.png"))) as img:
        assert img.size == (1072, 1448)


def xml_comments(path: Path) -> list[str]:
    out = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                out += [c.text or "" for c in etree.fromstring(zf.read(name)).iter(etree.Comment)]
    return out


def test_kindle_no_double_dash_in_comments_and_conservative_css(books: dict[str, Path]) -> None:
    from article_convert.writers.epub.book import scrub_xml_comments

    assert not any("--" in c for c in xml_comments(books["kindle"]))
    assert scrub_xml_comments(b"<a><!-- x -- y --><b/></a>") == b"<a><b/></a>"
    css = member(books["kindle"], "EPUB/style.css").decode()
    assert "-webkit-" not in css and "-epub-" not in css and "adobe-" not in css
    assert "page-break-after" in css
    assert "-epub-hyphens" in member(books["epub"], "EPUB/style.css").decode()


def test_embedded_fonts_are_used_subsets(books: dict[str, Path]) -> None:
    from fontTools.ttLib import TTFont

    from article_convert.fonts import body_family

    root = opf(books["fonts"])
    fonts = root.findall("opf:manifest/opf:item[@media-type='font/ttf']", OPF_NS)
    names = sorted(f.get("href") for f in fonts)
    assert "NotoSerif-Regular.ttf" in names and "NotoSans-Bold.ttf" in names
    css = member(books["fonts"], "EPUB/style.css").decode()
    for name in names:
        assert f"url({name})" in css
    assert css.count("@font-face") == len(names)
    data = member(books["fonts"], "EPUB/NotoSerif-Regular.ttf")
    assert len(data) < body_family().regular.stat().st_size / 4
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    full = TTFont(str(body_family().regular)).getBestCmap()
    with zipfile.ZipFile(books["fonts"]) as zf:
        shown = "".join("".join(etree.fromstring(zf.read(n)).itertext()) for n in zf.namelist()
                        if n.endswith(".xhtml"))
    assert "қ" in shown and "ї" in shown
    assert {ord(ch) for ch in shown if ord(ch) in full} <= set(cmap)
    assert len(cmap) < len(full) / 3


def test_font_subsets_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from article_convert import fontsubset
    from article_convert.fonts import body_family
    from article_convert.writers.epub import fontembed

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path, cps = str(body_family().regular), tuple(sorted(map(ord, "Проверка кэша")))
    first = fontembed.subset(path, cps)  # the EPUB writer uses the shared subsetter
    assert fontembed.subset is fontsubset.subset
    assert list((tmp_path / "article-convert" / "fonts").glob("*.ttf"))
    fontsubset.subset.cache_clear()
    monkeypatch.setattr(fontsubset, "make_subset", lambda *a: pytest.fail("subset made again"))
    assert fontsubset.subset(path, cps) == first


def test_epub_bundle_reproducible(tree: Path, tmp_path: Path) -> None:
    a = bundle(tree, tmp_path / "a.epub", embed_fonts=True)
    b = bundle(tree, tmp_path / "b.epub", embed_fonts=True)
    assert a.read_bytes() == b.read_bytes()


def test_single_article_cover_only_when_asked(seed_path: Path, tmp_path: Path) -> None:
    from article_convert.pipeline import convert_file

    plain = convert_file(seed_path, output=str(tmp_path / "plain.epub")).outputs[0]
    covered = convert_file(seed_path, output=str(tmp_path / "cover.epub"),
                           options=ConvertOptions(cover=True)).outputs[0]
    assert opf(plain).find("opf:manifest/opf:item[@properties='cover-image']", OPF_NS) is None
    spine = opf(covered).findall("opf:spine/opf:itemref", OPF_NS)
    assert spine[0].get("idref") == "cover" and spine[0].get("linear") is None


def test_user_cover_image(tree: Path, tmp_path: Path) -> None:
    from PIL import Image

    own = tmp_path / "own.gif"
    Image.new("RGB", (300, 480), "navy").save(own, "GIF")
    out = bundle(tree, tmp_path / "own.epub", cover_image=str(own))
    with Image.open(io.BytesIO(member(out, "EPUB/cover.png"))) as img:
        assert img.size == (300, 480)


# --------------------------------------------------------------------------- FB2


def test_fb2_bundle_valid_with_sections_and_languages(books: dict[str, Path]) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    root = etree.parse(str(books["fb2"]))
    schema.assertValid(root)
    body = root.find("f:body", FB2_NS)
    opening, *sections = body.findall("f:section", FB2_NS)
    assert opening.find("f:title", FB2_NS) is None and "25 ноября 2026" in "".join(opening.itertext())  # book's date
    assert ["".join(s.find("f:title", FB2_NS).itertext()).strip() for s in sections] == ["kk", "ru", "uk"]
    kk_articles = sections[0].findall("f:section", FB2_NS)
    assert len(kk_articles) == 2 and all(a.get(XML_LANG) == "kk" for a in kk_articles)
    assert all(a.get(XML_LANG) is None for a in sections[1].findall("f:section", FB2_NS))  # ru = the book's
    assert root.find(".//f:title-info/f:coverpage/f:image", FB2_NS) is not None
    assert root.findtext(".//f:title-info/f:author/f:nickname", namespaces=FB2_NS) == "Разные авторы"


def test_fb2_zip_by_suffix(tree: Path, tmp_path: Path) -> None:
    out = bundle(tree, tmp_path / "digest.fb2.zip")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["digest.fb2"]
        assert b"<FictionBook" in zf.read("digest.fb2")


# --------------------------------------------------------------------------- PDF and DOCX


def test_pdf_bundle_outline_pages_titles(books: dict[str, Path], tree: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(str(books["pdf"]))
    assert len(reader.pages) >= N_ARTICLES + 1
    outline = reader.outline
    tops = [e.title for e in outline if not isinstance(e, list)]
    assert tops == ["kk", "ru", "uk"]
    children = [e for e in outline if isinstance(e, list)]
    assert [len(c) for c in children] == [2, 3, 3]
    assert all(not isinstance(x, list) for c in children for x in c)  # two levels exactly
    assert reader.pages[0].extract_text().strip().replace("\u00a0", " ") == "Подборка статей, 25 ноября 2026"  # the cover's text layer
    assert "/XObject" in reader.pages[0]["/Resources"]
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for title in (c.title for group in children for c in group):
        assert " ".join(title.split()[:3]) in text


def test_pdf_profile_page_size(tree: Path, tmp_path: Path) -> None:
    import pypdf

    out = bundle(tree, tmp_path / "kindle.pdf", profile="kindle")
    box = pypdf.PdfReader(str(out)).pages[1].mediabox
    assert round(float(box.width) / 72 * 25.4) == 90 and round(float(box.height) / 72 * 25.4) == 122


def test_docx_bundle_outline_breaks_languages(books: dict[str, Path]) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(books["docx"]))
    levels: list[tuple[str, str]] = []
    breaks = 0
    for p in document.paragraphs:
        ppr = p._p.pPr
        if ppr is None:
            continue
        breaks += ppr.find(qn("w:pageBreakBefore")) is not None
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is not None:
            levels.append((lvl.get(qn("w:val")), p.text))
    assert [t for lv, t in levels if lv == "0"] == ["kk", "ru", "uk"]
    assert len([t for lv, t in levels if lv == "1"]) == N_ARTICLES
    body = document.element.body
    breaks += sum(1 for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    assert breaks == N_ARTICLES + 3  # after the cover, before every section and article but the first
    langs = {e.get(qn("w:val")) for e in body.iter(qn("w:lang"))}
    assert {"kk-KZ", "uk-UA"} <= langs
    assert any(r.tag == qn("w:drawing") for r in body.iter())  # the cover picture


# --------------------------------------------------------------------------- arranging


def article(tmp: Path, rel: str, title: str, date: str = "", lang: str = "ru") -> None:
    path = tmp / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\ntitle: {title}\nlang: {lang}\n" + (f"date: {date}\n" if date else "") + "---\n\n"
    path.write_text(front + f"Текст статьи «{title}». Второе предложение.\n", encoding="utf-8")


def titles_of(doc: Document) -> list[str]:
    return [a.meta.title for a in articles(doc)]


def entries(tmp: Path) -> list[Entry]:
    from article_convert.bundle.collect import common_base, find_inputs, read_all, rebased

    got = read_all(find_inputs([tmp]), ConvertOptions())
    base = common_base(got.loaded)
    return [Entry(rebased(i, base), i.found.rel.as_posix(), i.found.folder, i.found.order) for i in got.loaded]


def test_sorting_by_date_name_title(tmp_path: Path) -> None:
    article(tmp_path, "c.md", "Альфа", "2025-03-01")
    article(tmp_path, "a.md", "Вега", "2025-01-15")
    article(tmp_path, "b.md", "Бета")
    got = entries(tmp_path)
    assert titles_of(build_bundle(got, now=NOW)) == ["Вега", "Альфа", "Бета"]  # dated first, undated after
    assert titles_of(build_bundle(got, sort="name", now=NOW)) == ["Вега", "Бета", "Альфа"]
    assert titles_of(build_bundle(got, sort="title", now=NOW)) == ["Альфа", "Бета", "Вега"]


def test_sections_by_folder_date_source_none(tmp_path: Path) -> None:
    article(tmp_path, "news/a.md", "Один", "2025-01-02")
    article(tmp_path, "news/b.md", "Два", "2025-01-01")
    article(tmp_path, "essays/c.md", "Три", "2025-01-01")
    got = entries(tmp_path)
    by_folder = parts(build_bundle(got, now=NOW))
    assert [(p.title_text("ru"), [a.meta.title for a in p.articles]) for p in by_folder] == [
        ("essays", ["Три"]), ("news", ["Два", "Один"])]
    by_date = parts(build_bundle(got, section_by="date", now=NOW))
    assert [p.title_text("ru") for p in by_date] == ["1 января 2025", "2 января 2025"]
    flat = build_bundle(got, section_by="none", now=NOW)
    assert len(parts(flat)) == 1 and not parts(flat)[0].title
    single = build_bundle([e for e in got if e.folder == "news"], now=NOW)
    assert not parts(single)[0].title  # one section: no section level


def test_default_title_localised_with_clock(tmp_path: Path) -> None:
    article(tmp_path, "a.md", "Бір", lang="kk")
    article(tmp_path, "b.md", "Екі", lang="kk")
    article(tmp_path, "c.md", "Три", lang="ru")
    doc = build_bundle(entries(tmp_path), now=NOW)
    assert doc.meta.title == "Мақалалар жинағы, 2026 жылғы 25\u00a0қараша" and doc.meta.language == "kk"
    assert doc.meta.date == "2026-11-25"
    assert default_title("uk", NOW.date()) == "Добірка статей, 25\u00a0листопада 2026"
    named = build_bundle(entries(tmp_path), title="Обзор", date_text="2026-01-05", lang="ru", now=NOW)
    assert (named.meta.title, named.meta.date, named.meta.language) == ("Обзор", "2026-01-05", "ru")


def test_images_rebased_and_escapes_refused(tmp_path: Path) -> None:
    from PIL import Image

    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    Image.new("RGB", (40, 30), "red").save(src / "sub" / "pic.png")
    Image.new("RGB", (40, 30), "blue").save(src / "secret.png")
    (src / "sub" / "a.md").write_text("# Картинки\n\n![Красная](pic.png)\n\n![Тайная](../secret.png)\n",
                                      encoding="utf-8")
    article(src, "b.md", "Другая")
    result = run_bundle(BundleConfig((str(src),), tmp_path / "img.epub", now=NOW))
    with zipfile.ZipFile(result.output) as zf:
        images = [n for n in zf.namelist() if n.startswith("EPUB/image")]
        pages = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert len(images) == 1
    assert "Тайная" in pages  # the refused image keeps its description


# --------------------------------------------------------------------------- CLI


def test_cli_bundle_ok(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.epub"
    res = CliRunner().invoke(main, ["bundle", str(tree), "-o", str(out), "--title", "Неделя", "-q"])
    assert res.exit_code == 0, res.output
    assert b"<dc:title>\xd0\x9d\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbb\xd1\x8f</dc:title>" in member(out, "EPUB/content.opf")


def test_cli_failed_input_skipped_exit_1(tmp_path: Path) -> None:
    article(tmp_path / "src", "a.md", "Хорошая")
    (tmp_path / "src" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "d.fb2"
    res = CliRunner().invoke(main, ["bundle", str(tmp_path / "src"), "-o", str(out)])
    assert res.exit_code == 1
    assert "bad.txt" in res.output and out.is_file()
    strict = tmp_path / "strict.fb2"
    res = CliRunner().invoke(main, ["bundle", str(tmp_path / "src"), "-o", str(strict), "--strict"])
    assert res.exit_code == 1 and not strict.exists()


@pytest.mark.parametrize("args", [
    ["missing-folder", "-o", "x.epub"],
    ["{src}", "-o", "x.unknown"],
    ["{src}", "-o", "x.epub", "--date", "25.11.2026"],
    ["{src}", "-o", "x.epub", "--section-by", "weather"],
])
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    article(tmp_path / "src", "a.md", "Одна")
    args = [a.replace("{src}", str(tmp_path / "src")) for a in args]
    res = CliRunner().invoke(main, ["bundle", *args])
    assert res.exit_code == 2, res.output


def test_cli_empty_folder_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(main, ["bundle", str(tmp_path / "empty"), "-o", str(tmp_path / "x.epub")])
    assert res.exit_code == 2
