"""Glyph coverage: every Cyrillic code point is drawable; what is not gets reported with its place."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from article_convert import fonts
from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.errors import UsageError
from article_convert.glyphs import coverage_report
from article_convert.ir import Document, Emph, Heading, Metadata, Paragraph, Strong, Text
from article_convert.transforms.glyphs import GlyphCheck

from .documents import kitchen_sink

CYRILLIC = "".join(chr(cp) for cp in range(0x0400, 0x0530) if unicodedata.category(chr(cp)) != "Cn")
EXTRA = "«»„“—–…№₸₽₴\u0301"


def _all_faces_doc(text: str) -> Document:
    """``text`` in the title, a heading, and regular, bold, italic and bold-italic body text."""
    return Document(
        Metadata(title=text, lead=text, language="ru"),
        (
            Heading(2, (Text(text),)),
            Paragraph(
                (Text(text), Strong((Text(text),)), Emph((Text(text),)), Strong((Emph((Text(text),)),)))
            ),
        ),
    )


def test_every_cyrillic_code_point_is_covered_by_noto_and_dejavu() -> None:
    assert len(CYRILLIC) == 0x130  # U+0400–U+052F are all assigned
    report = coverage_report(_all_faces_doc(CYRILLIC + EXTRA))
    assert [g for g in report if not g.fallback] == []


def test_kitchen_sink_needs_no_fallback() -> None:
    assert coverage_report(kitchen_sink()) == []


def test_missing_character_reported_with_code_point_name_and_place() -> None:
    doc = Document(
        Metadata(title="Заголовок \U0001fae1", language="ru"),
        (Paragraph((Text("Первый абзац."),)), Paragraph((Text("Второй: Ꭰ (чероки)."),))),
    )
    report = {g.codepoint: g for g in coverage_report(doc)}
    assert set(report) == {"U+13A0", "U+1FAE1"}
    cherokee = report["U+13A0"]
    assert cherokee.name == "CHEROKEE LETTER A"
    assert cherokee.places == ("paragraph 2",)
    assert not cherokee.fallback
    assert report["U+1FAE1"].places == ("title",)
    assert "U+13A0 CHEROKEE LETTER A (paragraph 2)" in str(cherokee)


def test_fallback_drawn_character_is_info_not_warning() -> None:
    doc = Document(Metadata(language="ru"), (Paragraph((Text("Смайлик \U0001f600"),)),))
    ctx = Context()
    assert GlyphCheck().apply(doc, ctx) is doc
    assert [d.severity for d in ctx.diagnostics.by_code("glyph-fallback")] == ["info"]
    assert "U+1F600" in ctx.diagnostics.by_code("glyph-fallback")[0].message
    assert ctx.diagnostics.warnings() == []


def test_glyph_check_reports_as_information_never_failing_strict() -> None:
    doc = Document(Metadata(language="ru"), (Paragraph((Text("Буква Ꭰ"),)),))
    ctx = Context()
    GlyphCheck().apply(doc, ctx)
    assert ctx.diagnostics.warnings() == []
    [info] = ctx.diagnostics.by_code("glyph-missing")
    assert info.severity == "info"
    assert "U+13A0 CHEROKEE LETTER A (paragraph 1)" in info.message
    GlyphCheck().apply(doc, Context(options=ConvertOptions(strict=True)))  # does not raise
    GlyphCheck().apply(doc, Context(diagnostics=Diagnostics(strict=True)))


JAPANESE_QUOTE = "Хайку в переводе\n\n" + "".join(
    f"{n}. Статья цитирует хайку: «古池や蛙飛び込む水の音» — и переводит его.\n\n" for n in range(1, 6))
"""A title and five paragraphs quoting the same eleven Japanese characters."""


@pytest.mark.parametrize("fmt", ["json", "epub", "docx", "fb2"])
def test_glyphs_missing_from_our_fonts_do_not_fail_strict_where_readers_bring_their_own(
        tmp_path: Path, fmt: str) -> None:
    """Regression: a page quoting Japanese failed ``--strict`` even to JSON or EPUB, formats whose
    readers draw every character with fonts of their own; only the PDF prints boxes."""
    from click.testing import CliRunner

    from article_convert.cli import main

    src = tmp_path / "a.txt"
    src.write_text(JAPANESE_QUOTE, encoding="utf-8")
    out = tmp_path / f"a.{fmt}"
    result = CliRunner().invoke(main, [str(src), "-t", fmt, "-o", str(out), "--strict"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_pdf_reports_every_missing_glyph_in_one_warning_and_strict_fails(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from pypdf import PdfReader

    from article_convert.cli import main

    src = tmp_path / "a.txt"
    src.write_text(JAPANESE_QUOTE, encoding="utf-8")
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(main, [str(src), "-t", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "[glyph-missing]" in line]
    assert len(lines) == 1, result.output  # one line for the page, not one per character
    assert "11 character(s)" in lines[0] and "U+6C60 CJK UNIFIED IDEOGRAPH-6C60" in lines[0]
    assert "and 2 more)" in lines[0]  # five places, three named
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "[U+53E4][U+6C60]" in text
    strict = CliRunner().invoke(main, [str(src), "-t", "pdf", "-o", str(tmp_path / "b.pdf"), "--strict"])
    assert strict.exit_code != 0 and "glyph-missing" in strict.output
    assert not (tmp_path / "b.pdf").exists()


def test_italic_face_is_checked_for_emphasis(tmp_path: Path) -> None:
    # A family whose italic lacks a letter the regular has: only Emph text is reported.
    family = fonts.FontFamily(
        "Mixed",
        "Mixed",
        fonts.body_family().regular,
        fonts.body_family().bold,
        fonts.fallback_family().regular,
        fonts.body_family().bold_italic,
    )
    ch = next(
        c
        for c in map(chr, range(0x0100, 0x3000))
        if fonts.covers(family.regular, c) and not fonts.covers(family.italic, c) and c.isalpha()
    )
    plain = Document(Metadata(), (Paragraph((Text(ch),)),))
    emph = Document(Metadata(), (Paragraph((Emph((Text(ch),)),)),))
    assert coverage_report(plain, family, heading=family) == []
    assert [g.char for g in coverage_report(emph, family, heading=family)] == [ch]


def test_resolve_bundled_names() -> None:
    assert fonts.resolve_family(None) == fonts.body_family()
    assert fonts.resolve_family("noto sans") == fonts.heading_family()
    assert fonts.resolve_family("DejaVu-Sans") == fonts.fallback_family()


def test_resolve_folder_with_missing_styles(tmp_path: Path) -> None:
    src = fonts.heading_family()
    (tmp_path / "MyFace.ttf").write_bytes(src.regular.read_bytes())
    (tmp_path / "MyFace-Bold.ttf").write_bytes(src.bold.read_bytes())
    diags = Diagnostics()
    family = fonts.resolve_family(str(tmp_path), diags)
    assert family.name == "Noto Sans"
    assert family.regular.name == "MyFace.ttf" and family.bold.name == "MyFace-Bold.ttf"
    assert family.italic == family.regular and family.bold_italic == family.regular
    [info] = diags.by_code("font-style-missing")
    assert info.severity == "info" and "italic" in info.message


def test_coverage_applies_to_chosen_family(tmp_path: Path) -> None:
    # DejaVu Sans as the main family: ₸ is covered, so no fallback is needed for it.
    (tmp_path / "DejaVuSans.ttf").write_bytes(fonts.fallback_family().regular.read_bytes())
    ctx = Context(options=ConvertOptions(font_family=str(tmp_path)))
    GlyphCheck().apply(Document(Metadata(), (Paragraph((Text("500 ₸ и Ꭰ"),)),)), ctx)
    [missing] = ctx.diagnostics.by_code("glyph-missing")
    assert "U+13A0" in missing.message and "U+20B8" not in missing.message


def test_refuses_otf_and_variable_fonts(tmp_path: Path) -> None:
    (tmp_path / "Face-Regular.otf").write_bytes(b"OTTO" + b"\0" * 64)
    with pytest.raises(UsageError, match="CFF"):
        fonts.resolve_family(str(tmp_path))
    with pytest.raises(UsageError, match="not found"):
        fonts.resolve_family(str(tmp_path / "nowhere"))


def test_refuses_variable_font(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(fonts.heading_family().regular))
    font["fvar"] = newTable("fvar")
    font["fvar"].axes, font["fvar"].instances = [], []
    font.save(str(tmp_path / "Var.ttf"))
    with pytest.raises(UsageError, match="variable"):
        fonts.resolve_family(str(tmp_path))


def test_places_inside_a_bundle_name_the_article() -> None:
    from article_convert.ir import Article

    bundle = Document(
        Metadata(title="Сборник"),
        (
            Article(Metadata(title="Первая"), (Paragraph((Text("Текст"),)),)),
            Article(Metadata(title="Вторая Ꭰ"), (Paragraph((Text("а"),)), Paragraph((Text("Ꭰ"),)))),
        ),
    )
    [glyph] = coverage_report(bundle)
    assert glyph.places == ("article 2, title", "article 2, paragraph 2")


def test_cmap_cache_gives_the_same_code_points_and_survives_damage(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The on-disk cmap cache (a cold-start saving) must never change what a font is said to cover."""
    from fontTools.ttLib import TTFont

    from article_convert import fonts
    from article_convert.cache import file_key, user_cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = fonts.body_family().regular
    with TTFont(str(path), lazy=True) as font:
        truth = frozenset(font.getBestCmap())
    fonts.cmap.cache_clear()
    assert fonts.cmap(path) == truth  # computed and stored
    stored = user_cache_dir("cmap") / (file_key(path, "cmap-v2") + ".marshal")
    assert stored.is_file()
    fonts.cmap.cache_clear()
    assert fonts.cmap(path) == truth  # read back from the cache
    stored.write_bytes(b"not marshal at all")
    fonts.cmap.cache_clear()
    assert fonts.cmap(path) == truth  # damaged entry rebuilt
    import marshal

    stored.write_bytes(marshal.dumps(frozenset({"41", "42"})))
    fonts.cmap.cache_clear()
    assert fonts.cmap(path) == truth  # an entry of the wrong kind is rebuilt too
    fonts.cmap.cache_clear()
