"""One date, one display: an article's date read back from EPUB (ebooklib), DOCX (python-docx), PDF
(pypdf) and FB2 (lxml) is the same string, the one ``languages.human_date`` gives for its language.

Regression (issue 12 item 3): one Kazakh date was printed three ways (PDF «04.12.2025», EPUB
«2025 жылғы 4 желтоқсан», DOCX «2025-12-04»), and an FB2 bundle printed no article date at all.
The expected strings are written out here, not computed, so a change to ``human_date`` shows too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from article_convert.cli import main

ARTICLES = {  # name: (language, author, ISO date, the date as printed, text)
    "kk-roads": ("kk", "Мәдина Оспанова", "2025-12-04", "2025 жылғы 4 желтоқсан",
                 ("Павлодар облысында қысқы жолдарды тазарту жұмыстары басталды. Жол қызметі "
                 "күн сайын жүзден астам техника шығарып, қар мен мұзды уақытында тазалап отыр.")),
    "kk-glacier": ("kk", "Әсет Балтабаев", "2026-03-18", "2026 жылғы 18 наурыз",
                   ("Жас гляциолог Тұйықсу мұздығындағы зерттеулер туралы айтып берді. Мұздықтар "
                   "Алматының табиғи су қоймасы болып саналады.")),
    "ru-ferry": ("ru", "Любовь Зимина", "2026-07-05", "5 июля 2026",
                 ("В деревне Мокрецы Кировской области паром до сих пор вызывают ударом в колокол. "
                 "Мы провели день с человеком, который знает реку лучше любого навигатора.")),
}
"""Self-contained articles (Markdown with front matter); the first is the date the issue reported."""
TITLES = {"kk-roads": "Павлодарда қысқы жолдар тазартылуда", "kk-glacier": "Мұздықтар — Алматының су қоймасы",
          "ru-ferry": "Паромщик с Вятки: сорок лет на одной переправе"}
FB2 = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
FORMATS = ("epub", "docx", "pdf", "fb2")


def write_article(folder: Path, name: str) -> Path:
    lang, author, iso, _, text = ARTICLES[name]
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {json.dumps(TITLES[name], ensure_ascii=False)}\nauthor: {author}\ndate: {iso}\nlang: {lang}\n---\n\n{text}\n",
                    encoding="utf-8")
    return path


def _seen(text: str) -> str:
    """Text as a reader sees it: no-break spaces are spaces, runs of white space one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, (result.stderr, result.exception)


# --- what each format prints, read back with the library a reader would use --------------------------


def epub_dates(path: Path) -> list[str]:
    """The ``<time>`` of every article title block, in reading order."""
    import ebooklib
    from ebooklib import epub
    from lxml import html

    book = epub.read_epub(str(path), {"ignore_ncx": True})
    spine = [book.get_item_with_id(uid) for uid, _ in book.spine]
    out: list[str] = []
    for item in spine:
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        tree = html.fromstring(item.get_content())
        out += [_seen(t.text_content()) for t in tree.xpath("//*[local-name()='header']//*[local-name()='time']")]
    return out


def _after_byline(lines: list[str], author: str) -> list[str]:
    """The date part of ``author · date`` lines."""
    return [line.split(" · ", 1)[1] for line in lines if line.startswith(author + " · ")]


def docx_dates(path: Path, author: str) -> list[str]:
    """The date of the byline paragraphs (style Byline) of ``author``."""
    import docx

    lines = [_seen(p.text) for p in docx.Document(str(path)).paragraphs if p.style.name == "Byline"]
    return _after_byline(lines, author)


def pdf_dates(path: Path, author: str) -> list[str]:
    """The date of the text lines holding ``author``'s byline."""
    from pypdf import PdfReader

    lines = [_seen(line) for page in PdfReader(str(path)).pages for line in page.extract_text().splitlines()]
    return _after_byline(lines, author)


def fb2_dates(path: Path, author: str) -> list[str]:
    """The date of the body's byline paragraphs of ``author`` (``<emphasis>``)."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    body = root.find(f"{FB2}body")
    lines = [_seen("".join(e.itertext())) for e in body.iter(f"{FB2}emphasis")]
    return _after_byline(lines, author)


def dates_in(folder: Path, stem: str, author: str) -> dict[str, list[str]]:
    files = {fmt: folder / f"{stem}.{fmt}" for fmt in FORMATS}
    return {
        "epub": epub_dates(files["epub"]),
        "docx": docx_dates(files["docx"], author),
        "pdf": pdf_dates(files["pdf"], author),
        "fb2": fb2_dates(files["fb2"], author),
    }


# --- single articles ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kk-roads", "ru-ferry"])
def test_one_article_date_reads_back_the_same_from_all_four_formats(tmp_path: Path, name: str) -> None:
    from lxml import etree

    _, author, iso, shown, _ = ARTICLES[name]
    _run(str(write_article(tmp_path, name)), "-t", ",".join(FORMATS), "-o", f"{tmp_path}/")
    assert dates_in(tmp_path, name, author) == {fmt: [shown] for fmt in FORMATS}
    # FB2 also states it in the description, as readers list the book: same text, ISO value
    date = etree.parse(str(tmp_path / f"{name}.fb2")).getroot().find(f"{FB2}description/{FB2}title-info/{FB2}date")
    assert _seen(date.text) == shown and date.get("value") == iso


# --- a bundle: every article's date, and section titles by date -------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two Kazakh and one Russian article bundled (sections by date) into all four formats."""
    root = tmp_path_factory.mktemp("dated")
    src = root / "src"
    src.mkdir()
    for name in ARTICLES:
        write_article(src, name)
    for fmt in FORMATS:
        _run("bundle", str(src), "-o", str(root / f"book.{fmt}"), "--section-by", "date", "--title", "Апта",
             "--date", "2026-12-10")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ARTICLES))
def test_a_bundle_prints_each_article_date_the_same_in_all_four_formats(bundle: Path, name: str) -> None:
    """Each article's date in its own language; before, the FB2 bundle dropped the articles' dates."""
    _, author, _, shown, _ = ARTICLES[name]
    found = dates_in(bundle, "book", author)
    found["epub"] = [d for d in found["epub"] if d == shown]  # the EPUB list holds every article's date
    assert found == {fmt: [shown] for fmt in FORMATS}


@pytest.mark.slow
def test_a_bundle_by_date_titles_its_sections_the_same_in_all_four_formats(bundle: Path) -> None:
    """Section titles (the top level of a bundle's TOC) in the bundle's language, Kazakh here."""
    import docx
    from docx.oxml.ns import qn
    from ebooklib import epub
    from lxml import etree
    from pypdf import PdfReader

    def outline_level(p: docx.text.paragraph.Paragraph) -> str | None:
        ppr = p._p.pPr
        lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        return None if lvl is None else lvl.get(qn("w:val"))

    book = epub.read_epub(str(bundle / "book.epub"), {"ignore_ncx": True})
    fb2 = etree.parse(str(bundle / "book.fb2")).getroot().find(f"{FB2}body")
    found = {
        "epub": [_seen(entry[0].title) for entry in book.toc if isinstance(entry, tuple)],
        "docx": [_seen(p.text) for p in docx.Document(str(bundle / "book.docx")).paragraphs
                 if p.style.name == "Title" and outline_level(p) == "0"],
        "pdf": [_seen(o.title) for o in PdfReader(str(bundle / "book.pdf")).outline if not isinstance(o, list)],
        "fb2": [_seen("".join(s.find(f"{FB2}title").itertext())) for s in fb2.findall(f"{FB2}section")
                if s.find(f"{FB2}title") is not None],  # the first, untitled section is the book's own opening
    }
    expected = ["2025 жылғы 4 желтоқсан", "2026 жылғы 18 наурыз", "2026 жылғы 5 шілде"]
    assert found == {fmt: expected for fmt in FORMATS}
