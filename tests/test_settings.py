"""Issue 12 items 1-2: every option resolved once, up front, into Settings; one per-file conversion.

Each test is a behaviour a user saw go wrong: margins that depended on whether A4 came from
--paper or --profile, an unknown --profile that exited 0 for some formats and 1 per file in batch,
a bad --lang reported as ``-M lang=``, bundle --lang relabelling every article, write errors that
named the file in one command only, and a batch warm-up that never rendered anything.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import SEED
from lxml import etree
from pypdf import PdfReader

from article_convert import registry
from article_convert.batch.worker import warm_up, warm_up_document
from article_convert.cli import main
from article_convert.context import Context, ConvertOptions
from article_convert.convert_one import Target, convert_one
from article_convert.errors import UsageError
from article_convert.pipeline import convert_file
from article_convert.profiles import PAPERS
from article_convert.settings import resolve_settings

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"
KK = ARTICLES / "kk-01-kostanay-grain-export.txt"
UK = ARTICLES / "uk-01-kyiv-recycling-point.txt"
MM = 72 / 25.4
FORMATS = ("json", "fb2", "epub", "pdf", "docx")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def text_box(pdf: Path, page: int = 0) -> tuple[float, float, float, float]:
    """(page width, page height, leftmost text x, topmost text baseline y) of a PDF page, in points."""
    reader = PdfReader(str(pdf))
    p = reader.pages[page]
    xs: list[float] = []
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    p.extract_text(visitor_text=visit)
    return float(p.mediabox.width), float(p.mediabox.height), min(xs), max(ys)


# --------------------------------------------------------------------------- one page table


def test_paper_a4_and_profile_a4_give_the_same_pdf_page(tmp_path: Path) -> None:
    """Was: --paper a4 printed at 29.4/29.4/23.8/26.7 mm, --profile a4 at 22/20/22/22 mm."""
    paper, profile = tmp_path / "paper.pdf", tmp_path / "profile.pdf"
    assert run(str(SEED), "-o", str(paper), "--paper", "a4").exit_code == 0
    assert run(str(SEED), "-o", str(profile), "--profile", "a4").exit_code == 0
    for page in (0, 1):
        assert text_box(paper, page) == pytest.approx(text_box(profile, page), abs=0.01)
    width, height, left, _ = text_box(paper, 1)
    assert (width / MM, height / MM) == pytest.approx((210, 297), abs=0.5)
    assert left / MM == pytest.approx(PAPERS["a4"].margins_mm[3], abs=0.5)


def test_paper_a4_and_profile_a4_give_the_same_docx_margins(tmp_path: Path) -> None:
    margins = []
    for flag in ("--paper", "--profile"):
        out = tmp_path / f"{flag.strip('-')}.docx"
        assert run(str(SEED), "-o", str(out), flag, "a4").exit_code == 0
        s = docx.Document(str(out)).sections[0]
        margins.append(tuple(round(m.mm, 1) for m in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)))
    assert margins[0] == margins[1] == pytest.approx(PAPERS["a4"].margins_mm, abs=0.1)


def test_profile_page_reaches_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "k.pdf"
    assert run(str(SEED), "-o", str(out), "--profile", "ereader-6in").exit_code == 0
    width, height, left, _ = text_box(out, 1)
    assert (width / MM, height / MM, left / MM) == pytest.approx((90, 122, 5), abs=0.5)


# --------------------------------------------------------------------------- one error per bad option, exit 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_profile_exits_2_for_every_format(tmp_path: Path, fmt: str) -> None:
    """Was: exit 0 for json and fb2 (the profile was never looked at), 2 for epub/pdf/docx."""
    result = run(str(SEED), "-t", fmt, "-o", f"{tmp_path}/", "--profile", "nope")
    assert result.exit_code == 2, result.stderr
    assert "--profile 'nope': unknown profile" in result.stderr and "kindle" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_profile_in_batch_exits_2_before_work(tmp_path: Path) -> None:
    """Was: exit 1 with one failure per file (or 0 for -t json)."""
    out = tmp_path / "out"
    for fmts in ("json", "epub,pdf"):
        result = run("batch", str(SEED.parent), "-o", str(out), "-t", fmts, "--profile", "nope")
        assert result.exit_code == 2, result.stderr
        assert "--profile 'nope'" in result.stderr and "converted" not in result.stderr
        assert not out.exists()


def test_unknown_profile_in_bundle_exits_2_before_work(tmp_path: Path) -> None:
    out = tmp_path / "b.epub"
    result = run("bundle", str(KK), str(UK), "-o", str(out), "--profile", "nope")
    assert result.exit_code == 2 and "--profile 'nope'" in result.stderr
    assert not out.exists()


def test_options_are_checked_before_the_input_is_read(tmp_path: Path) -> None:
    """A bad option is the error even when the input is missing too: nothing is read first."""
    with pytest.raises(UsageError, match="--profile"):
        convert_file(tmp_path / "missing.txt", output=str(tmp_path / "a.epub"), options=ConvertOptions(profile="x"))
    result = run(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "a.pdf"), "--encoding", "no-such-codec")
    assert result.exit_code == 2 and "--encoding 'no-such-codec': unknown encoding" in result.stderr


def test_bad_lang_is_reported_as_lang_not_metadata(tmp_path: Path) -> None:
    """Was: ``-M lang=xx-!!: not a BCP 47 language tag`` for a bad --lang given through the API."""
    with pytest.raises(UsageError) as info:
        convert_file(SEED, output=str(tmp_path / "a.json"), options=ConvertOptions(lang="xx-!!"))
    assert str(info.value).startswith("--lang ") and "-M" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-M", "date=2025-13-40"], "-M date=2025-13-40: not a real date"),
        (["-M", "lang=xx-!!"], "xx-!!: not a BCP 47 language tag"),
        (["--cover-image", "/no/such/cover.png"], "--cover-image /no/such/cover.png: no such file"),
        (["--font-family", "No Such Font"], "font family 'No Such Font' not found"),
    ],
)
def test_each_bad_option_is_one_usage_error(tmp_path: Path, args: list[str], says: str) -> None:
    result = run(str(SEED), "-o", str(tmp_path / "a.fb2"), *args)
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert sum("rror" in line for line in result.stderr.splitlines()) == 1  # one error, nothing more
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["convert", "batch", "bundle"])
def test_bad_lang_is_one_line_naming_lang_in_every_command(tmp_path: Path, command: str) -> None:
    """The same check, the same one line, wherever the option is given (was: click's usage text in
    convert, ``-M lang=`` through the API)."""
    out = tmp_path / "out"
    args = {"convert": [str(SEED), "-o", f"{out}/", "-t", "epub"], "batch": ["batch", str(SEED), "-o", str(out)],
            "bundle": ["bundle", str(KK), "-o", str(out / "b.epub")]}[command]
    result = run(*args, "-t", "epub", "--lang", "xx-1") if command == "batch" else run(*args, "--lang", "xx-1")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines() == [
        "error: --lang xx-1: not a BCP 47 language tag (e.g. ru, kk, sr-Cyrl, en-Latn-US)"]
    assert not out.exists()


def test_context_holds_frozen_settings() -> None:
    ctx = Context(options=ConvertOptions(lang="kk", paper="a5"))
    assert ctx.settings.language == "kk" and ctx.settings.page == PAPERS["a5"]
    with pytest.raises(AttributeError):
        ctx.settings.language = "ru"  # type: ignore[misc]


# --------------------------------------------------------------------------- bundle languages


def test_bundle_lang_does_not_relabel_articles(tmp_path: Path) -> None:
    """Was: bundle --lang ru over a Kazakh and a Ukrainian article tagged both ``ru``."""
    epub, fb2 = tmp_path / "b.epub", tmp_path / "b.fb2"
    for out in (epub, fb2):
        result = run("bundle", str(KK), str(UK), "-o", str(out), "--lang", "ru")
        assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(epub) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "ru"  # the book's language
        langs = {}
        for name in z.namelist():
            if name.startswith("EPUB/a") and name.endswith(".xhtml"):
                page = etree.fromstring(z.read(name))
                langs[page.get("lang")] = "".join(page.itertext())
    assert set(langs) == {"kk", "uk"}
    assert "қ" in langs["kk"].lower() and "ї" in langs["uk"].lower()  # each page holds its own article
    root = etree.parse(str(fb2)).getroot()
    ns = {"f": "http://www.gribuser.ru/xml/fictionbook/2.0"}
    assert root.findtext("f:description/f:title-info/f:lang", namespaces=ns) == "ru"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {s.get(xml_lang) for s in root.iter(f"{{{ns['f']}}}section") if s.get(xml_lang)} >= {"kk", "uk"}


def test_bundle_lang_is_the_fallback_for_an_undetectable_article(tmp_path: Path) -> None:
    """An article with nothing to detect its language from takes --lang (the book's language)."""
    (tmp_path / "digits.txt").write_text("12345\n\n67890 11 12\n", encoding="utf-8")
    out = tmp_path / "b.epub"
    result = run("bundle", str(tmp_path / "digits.txt"), str(KK), "-o", str(out), "--lang", "be")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        langs = sorted(etree.fromstring(z.read(n)).get("lang") for n in z.namelist()
                       if n.startswith("EPUB/a") and n.endswith(".xhtml"))
    assert langs == ["be", "kk"]


# --------------------------------------------------------------------------- one per-file conversion


def test_convert_batch_and_convert_one_make_the_same_document(tmp_path: Path) -> None:
    """convert, batch and the per-file function give byte-identical JSON for the same input."""
    single = tmp_path / "single.json"
    assert run(str(SEED), "-o", str(single), "--lang", "ru").exit_code == 0
    assert run("batch", str(SEED), "-o", str(tmp_path / "b"), "-t", "json", "--lang", "ru", "-q").exit_code == 0
    direct = tmp_path / "direct.json"
    result = convert_one(SEED, [Target("json", str(direct))], resolve_settings(ConvertOptions(lang="ru")))
    assert [w.path for w in result.written] == [str(direct)] and result.written[0].size == direct.stat().st_size
    batch = tmp_path / "b" / (SEED.stem + ".json")
    assert single.read_bytes() == batch.read_bytes() == direct.read_bytes()
    assert json.loads(single.read_text(encoding="utf-8"))["document"]["meta"]["language"] == "ru"


def _blocker(tmp_path: Path) -> Path:
    """A regular file where a folder is needed: writing below it fails with ENOTDIR even for root."""
    block = tmp_path / "blocked"
    block.write_text("not a folder", encoding="utf-8")
    return block


def test_write_error_names_the_files_in_convert(tmp_path: Path) -> None:
    out = _blocker(tmp_path) / "a.epub"
    result = run(str(SEED), "-o", str(out))
    assert result.exit_code == 1 and f"error: {SEED}: cannot write {out}" in result.stderr, result.stderr


def test_write_error_names_the_files_in_batch(tmp_path: Path) -> None:
    src = tmp_path / "src" / "sub"
    src.mkdir(parents=True)
    (src / "a.txt").write_bytes(SEED.read_bytes())
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "sub").write_text("a file where the sub-folder goes", encoding="utf-8")
    result = run("batch", str(tmp_path / "src"), "-o", str(outdir), "-t", "epub")
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "cannot" in x)
    assert "a.txt" in line and str(outdir / "sub") in line, result.stderr


def test_write_error_names_the_file_in_bundle(tmp_path: Path) -> None:
    out = _blocker(tmp_path) / "b.epub"
    result = run("bundle", str(KK), "-o", str(out))
    assert result.exit_code == 1 and f"cannot write {out}" in result.stderr, result.stderr


def test_batch_warm_up_renders_with_every_writer() -> None:
    """Was: the warm-up document was invalid, every writer raised and the error was swallowed."""
    assert set(FORMATS) <= set(registry.writer_names())
    assert warm_up(tuple(registry.writer_names())) == {}
    doc = warm_up_document()
    for fmt in FORMATS:
        data = registry.get_writer(fmt).write(doc, Context())
        assert len(data) > 200, fmt
    rendered = docx.Document(io.BytesIO(registry.get_writer("docx").write(doc, Context())))
    text = "\n".join(p.text for p in rendered.paragraphs)
    assert "Вопрос?" in text and "французских булок" in text


def test_plugins_still_see_the_raw_options() -> None:
    """Built-ins read ctx.settings; a third-party writer reading ctx.options keeps its --writer-option."""
    from article_convert.pipeline import make_context
    from article_convert.plugins import Source

    options = ConvertOptions(writer_options=(("flavour", "plain"),), lang="kk")
    ctx = make_context(Source(b"x", None), resolve_settings(options))
    assert ctx.options == options and ctx.options.writer_option("flavour") == "plain"
    assert ctx.settings.writer_option("flavour") == "plain" and ctx.settings.language == "kk"


def test_font_family_is_resolved_once_into_the_settings(tmp_path: Path) -> None:
    """A folder of faces is read once, with the settings; writers and the glyph check use that family."""
    from article_convert import fonts
    from article_convert.ir import Document, Metadata, Paragraph, Text
    from article_convert.transforms.glyphs import GlyphCheck

    (tmp_path / "DejaVuSans.ttf").write_bytes(fonts.fallback_family().regular.read_bytes())
    settings = resolve_settings(ConvertOptions(font_family=str(tmp_path)))
    assert settings.font is not None and settings.body_family() == settings.font
    assert settings.font.regular.name == "DejaVuSans.ttf" and any("italic" in n for n in settings.font_notes)
    ctx = Context(settings=settings)
    GlyphCheck().apply(Document(Metadata(), (Paragraph((Text("500 ₸"),)),)), ctx)
    assert ctx.diagnostics.by_code("font-style-missing") and not ctx.diagnostics.warnings()
    assert resolve_settings(ConvertOptions()).body_family() == fonts.body_family()
