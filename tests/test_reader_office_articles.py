"""Cyrillic articles made into Word, OpenDocument, DOC and RTF files the way editors make them
(a Title paragraph, an italic lead, bold questions) must give the same article as the .txt:
title, lead, authors, interview turns and every word; and DOCX -> our EPUB/PDF/DOCX keeps every
word, with EPUBCheck silent."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import epubcheck_util
import pytest
from conftest import SHARED

from article_convert.context import ConvertOptions
from article_convert.ir import Answer, Document, Question, document_words
from article_convert.pipeline import convert_file, read_document

from .outputs import docx_text, epub_text, pdf_text
from .textutil import assert_words_in_order, assert_words_in_order_joined, norm_words, pdf_words

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = SHARED / "articles"
SOURCES = {
    "seed": ROOT / "seeds" / "000_43c9a9ce68f258d4.txt",
    "ru-02": ARTICLES / "ru-02-yekaterinburg-theatre.txt",
    "kk-04": ARTICLES / "kk-04-pavlodar-winter-roads.txt",
    "uk-03": ARTICLES / "uk-03-poltava-honey.txt",
}
LEGACY = ("kk-04",)
"""Articles also checked as .doc and .rtf (each read costs one LibreOffice start)."""
TURN = re.compile(r"^\s*[–—-]\s")


@dataclass(frozen=True)
class Summary:
    """What the article tests compare: the title block, the turns and the words."""

    title: str
    lead: str
    authors: tuple[str, ...]
    questions: int
    answers: int
    words: tuple[str, ...]


def summary(doc: Document) -> Summary:
    return Summary(
        doc.meta.title, doc.meta.lead, doc.meta.authors,
        sum(isinstance(b, Question) for b in doc.blocks), sum(isinstance(b, Answer) for b in doc.blocks),
        tuple(document_words(doc)),
    )


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def make_docx(txt: Path, lead: str, out: Path) -> None:
    """A DOCX as an editor types it: Title style, the lead in italics, questions in bold."""
    import docx

    d = docx.Document()
    paras = paragraphs(txt.read_text(encoding="utf-8"))
    d.add_paragraph(paras[0], style="Title")
    for text in paras[1:]:
        p = d.add_paragraph()
        run = p.add_run(text)
        if lead and text == lead:
            run.italic = True
        elif TURN.match(text) and text.rstrip("»\" ").endswith("?"):
            run.bold = True
    d.save(str(out))


def soffice() -> str:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) not installed: the ODT/DOC/RTF files are made with it")
    return exe


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """For each article: its .txt and the DOCX/ODT/DOC/RTF made from it (one soffice call per format)."""
    folder = tmp_path_factory.mktemp("office")
    out: dict[str, dict[str, Path]] = {}
    for key, txt in SOURCES.items():
        lead = read_document(txt).meta.lead
        make_docx(txt, lead, folder / f"{key}.docx")
        out[key] = {"txt": txt, "docx": folder / f"{key}.docx"}
    if shutil.which("soffice"):
        profile = (folder / "profile").as_uri()
        for fmt, keys in (("odt", list(SOURCES)), ("doc", list(LEGACY)), ("rtf", list(LEGACY))):
            conv = folder / fmt
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                 "--outdir", str(conv), *[str(folder / f"{k}.docx") for k in keys]],
                check=True, capture_output=True, timeout=180,
            )
            for k in keys:
                out[k][fmt] = conv / f"{k}.{fmt}"
    return out


@pytest.mark.parametrize("key", list(SOURCES))
def test_docx_gives_the_txt_article(made: dict[str, dict[str, Path]], key: str) -> None:
    want = summary(read_document(made[key]["txt"]))
    got = summary(read_document(made[key]["docx"]))
    assert got == want


def test_bold_questions_without_dashes_are_turns(tmp_path: Path) -> None:
    """A Word interview whose questions are only bold (no dashes) is still an interview."""
    import docx

    d = docx.Document()
    d.add_paragraph("Интервью с архитектором", style="Title")
    d.add_paragraph("Вступление к интервью, которое объясняет, с кем и о чём мы говорили в этот раз.")
    for i in range(3):
        d.add_paragraph().add_run(f"Какой вопрос номер {i + 1} вы считаете главным?").bold = True
        d.add_paragraph(f"Ответ номер {i + 1}: " + "длинный и обстоятельный рассказ о городе и людях. " * 4)
    d.save(str(tmp_path / "i.docx"))
    doc = read_document(tmp_path / "i.docx")
    assert [type(b).__name__ for b in doc.blocks[-6:]] == ["Question", "Answer"] * 3


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["odt", "doc", "rtf"])
def test_libreoffice_formats_give_the_txt_article(made: dict[str, dict[str, Path]], fmt: str) -> None:
    soffice()
    for key, files in made.items():
        if fmt not in files:
            continue
        want = summary(read_document(files["txt"]))
        got = summary(read_document(files[fmt]))
        assert got == want, f"{key}.{fmt}"


@pytest.mark.slow
def test_docx_to_our_formats_keeps_every_word(made: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    epubs = []
    for key in ("seed", "ru-02"):
        result = convert_file(made[key]["docx"], output=str(tmp_path) + "/", formats=["epub", "pdf", "docx"],
                              options=ConvertOptions())
        doc = result.document
        words = norm_words(" ".join(document_words(doc)))
        paths = {p.suffix: p for p in result.outputs}
        assert_words_in_order(words, norm_words(epub_text(paths[".epub"])), f"{key} epub")
        assert_words_in_order(words, norm_words(docx_text(paths[".docx"])), f"{key} docx")
        assert_words_in_order_joined(words, pdf_words(pdf_text(paths[".pdf"])), f"{key} pdf")
        epubs.append(paths[".epub"])
    epubcheck_util.require()
    report = epubcheck_util.run_epubcheck(epubs)
    assert all(not msgs for msgs in report.values()), report
