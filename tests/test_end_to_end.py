"""The seed and the corpus through the CLI/pipeline into EPUB, DOCX and PDF, read back as a reader would."""

from __future__ import annotations

from pathlib import Path

import epubcheck_util
import pytest
from click.testing import CliRunner
from conftest import SEED, corpus_files
from outputs import docx_text, epub_text, pdf_fonts, pdf_text
from textutil import assert_words_in_order, assert_words_in_order_joined, norm_words, pdf_words

from article_convert.cli import main
from article_convert.context import ConvertOptions
from article_convert.ir import document_texts
from article_convert.pipeline import convert_file

SEED_WORDS = norm_words(SEED.read_text(encoding="utf-8"))[:-2]  # minus «Новости партнеров»


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seed")
    result = CliRunner().invoke(main, [str(SEED), "-t", "epub,docx,pdf", "-o", f"{out}/"])
    assert result.exit_code == 0, result.stderr
    return {fmt: out / f"{SEED.stem}.{fmt}" for fmt in ("epub", "docx", "pdf")}


def test_seed_epub_passes_epubcheck_silently(seed_outputs: dict[str, Path]) -> None:
    epubcheck_util.require()
    messages = epubcheck_util.run_epubcheck([seed_outputs["epub"]])
    assert messages[str(seed_outputs["epub"])] == []


def test_seed_epub_keeps_every_word(seed_outputs: dict[str, Path]) -> None:
    got = norm_words(epub_text(seed_outputs["epub"]))
    assert_words_in_order(SEED_WORDS[: len(SEED_WORDS)], got, "epub")
    assert "партнеров" not in got


def test_seed_docx_keeps_every_word_and_styles_turns(seed_outputs: dict[str, Path]) -> None:
    import docx

    assert_words_in_order(SEED_WORDS, norm_words(docx_text(seed_outputs["docx"])), "docx")
    d = docx.Document(str(seed_outputs["docx"]))
    styles = [p.style.name for p in d.paragraphs]
    assert styles.count("Question") == 6
    assert styles.count("Title") == 1
    assert d.core_properties.language in ("ru-RU", "ru")


def test_seed_pdf_keeps_every_word_in_embedded_noto(seed_outputs: dict[str, Path]) -> None:
    assert_words_in_order_joined(SEED_WORDS, pdf_words(pdf_text(seed_outputs["pdf"])), "pdf")
    fonts = pdf_fonts(seed_outputs["pdf"])
    assert fonts and all(fonts.values()), f"unembedded fonts: {fonts}"
    assert any("NotoSerif" in name for name in fonts) and any("NotoSans" in name for name in fonts)
    assert not any(base in name for name in fonts for base in ("Helvetica", "Times", "Courier"))


CORPUS_INPUTS = corpus_files(".txt", ".md", ".html")


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[list[str], dict[str, Path]]]:
    out = tmp_path_factory.mktemp("corpus")
    results = {}
    for i, path in enumerate(CORPUS_INPUTS):
        res = convert_file(path, formats=["epub", "docx", "pdf"], output=f"{out}/{i:02d}/",
                           options=ConvertOptions(keep_boilerplate=True))
        words = norm_words("\n".join(document_texts(res.document)))
        results[path] = (words, {p.suffix[1:]: p for p in res.outputs})
    return results


def test_corpus_epubs_pass_epubcheck_silently(corpus_outputs) -> None:  # type: ignore[no-untyped-def]
    epubcheck_util.require()
    epubs = [outs["epub"] for _, outs in corpus_outputs.values()]
    report = epubcheck_util.run_epubcheck(epubs)
    noisy = {k: [str(m) for m in v] for k, v in report.items() if v}
    assert not noisy


@pytest.mark.parametrize("path", CORPUS_INPUTS, ids=lambda p: p.name)
def test_corpus_every_writer_keeps_every_word(path: Path, corpus_outputs) -> None:  # type: ignore[no-untyped-def]
    words, outs = corpus_outputs[path]
    assert_words_in_order(words, norm_words(epub_text(outs["epub"])), f"{path.name} epub")
    assert_words_in_order(words, norm_words(docx_text(outs["docx"])), f"{path.name} docx")
    assert_words_in_order_joined(words, pdf_words(pdf_text(outs["pdf"])), f"{path.name} pdf")


def test_font_family_option_changes_the_pdf_body_font(tmp_path: Path) -> None:
    folder = tmp_path / "myfont"
    folder.mkdir()
    from article_convert.fonts import fallback_family

    for face in (fallback_family().regular, fallback_family().bold):
        (folder / face.name).write_bytes(face.read_bytes())
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(main, [str(SEED), "-o", str(out), "--font-family", str(folder)])
    assert result.exit_code == 0, result.stderr
    fonts = pdf_fonts(out)
    assert not any("NotoSerif" in f for f in fonts) and any("DejaVuSans" in f for f in fonts), fonts
    assert_words_in_order_joined(SEED_WORDS, pdf_words(pdf_text(out)), "pdf")


def test_unknown_font_family_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [str(SEED), "-o", str(tmp_path / "a.pdf"), "--font-family", "No Such Font"])
    assert result.exit_code == 2 and "font family 'No Such Font' not found" in result.stderr
    assert list(tmp_path.iterdir()) == []
