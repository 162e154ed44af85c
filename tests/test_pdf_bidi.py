"""Right-to-left text that wraps in the PDF (issue 9 item 27): each line holds the right words, in
right-to-left order, read back from the glyph positions of the produced PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from article_convert.ir import Document, Emph, Metadata, Paragraph, Text
from article_convert.writers.pdf.bidi import visual_frags, visual_words
from tests.test_writer_pdf import make_ctx, write

HEBREW = ("שלום לכולם, היום אנחנו מדברים על ספרים חדשים ועל הספרייה הגדולה של העיר הזאת "
          "והאנשים שעובדים בה כל יום")
ARABIC = ("مرحبا بكم جميعا في هذا اليوم الجميل نتحدث عن الكتب الجديدة والمكتبة الكبيرة في المدينة "
          "والناس الذين يعملون فيها كل يوم")
_RTL_WORD = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _rtl_lines(pdf: Path, *pages: str) -> list[list[str]]:
    """Per text line (top to bottom), its right-to-left words in reading order (right to left on the
    page), each in logical spelling (pdftotext gives a word's glyphs as drawn, left to right)."""
    html = subprocess.run(["pdftotext", *pages, "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(y), float(x), w) for x, y, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)]
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for y, x, w in sorted(words):
        if last_y is None or y - last_y > 5:  # a new baseline (fonts of one line differ by a point or two)
            lines.append([])
        last_y = y
        if _RTL_WORD.search(w):
            lines[-1].append((x, _letters(unicodedata.normalize("NFKC", w[::-1]))))
    return [[w for _, w in sorted(line, reverse=True)] for line in lines if line]


@pytest.mark.parametrize("sentence", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
def test_i9_27_rtl_run_wrapping_across_lines_keeps_each_line_in_order(tmp_path: Path, sentence: str) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read glyph positions")
    para = Paragraph((Text(f"Он сказал: {sentence}. И ушёл домой."),))
    pdf = tmp_path / "rtl.pdf"
    pdf.write_bytes(write(Document(Metadata(language="ru"), (para, para)), make_ctx(profile="ereader-6in")))
    lines = _rtl_lines(pdf)
    expected = [_letters(w) for w in sentence.split()]
    assert len(lines) >= 6, f"the sentence should wrap over at least three lines each time: {lines}"
    got = [w for line in lines for w in line]
    # the first words of the sentence on the first line, read right to left; the rest follow line by line
    assert got == expected * 2, "\n".join(" ".join(line) for line in lines)


def test_i9_27_rtl_words_of_a_line_are_reordered_only_inside_the_run() -> None:
    assert visual_words(["Он", "сказал:", "שלום", "עולם", "и", "ушёл"]) == ["Он", "сказал:", "םלוע", "םולש", "и",
                                                                             "ушёл"]
    assert visual_words(["только", "кириллица"]) is None


def test_i9_27_rtl_run_over_styled_fragments_keeps_each_style() -> None:
    from reportlab.platypus.paraparser import ParaFrag

    def frag(text: str, bold: bool) -> ParaFrag:
        f = ParaFrag()
        f.text, f.bold = text, bold
        return f

    out = visual_frags([frag("Он: שלום ", False), frag("גדול", True), frag(" עולם и всё", False)])
    assert out is not None
    assert [(f.text, f.bold) for f in out] == [("Он: ", False), ("םלוע ", False), ("לודג", True), (" םולש", False),
                                               (" и всё", False)]


def test_i9_27_rtl_inside_italic_and_plain_runs_reads_back_in_order(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read glyph positions")
    head, tail = HEBREW.split(" הספרייה ")
    para = Paragraph((Text(f"Цитата: {head} "), Emph((Text("הספרייה"),)), Text(f" {tail}. Конец цитаты.")))
    pdf = tmp_path / "rtl.pdf"
    pdf.write_bytes(write(Document(Metadata(language="ru"), (para,)), make_ctx(profile="ereader-6in")))
    got = [w for line in _rtl_lines(pdf) for w in line]
    assert got == [_letters(w) for w in HEBREW.split()]


def test_i9_27_rtl_title_in_the_running_header_is_shaped_and_in_display_order() -> None:
    import io

    import pypdf

    title = "Заголовок: مرحبا بالعالم"
    paras = tuple(Paragraph((Text("Длинный абзац текста для нескольких страниц. " * 40),)) for _ in range(8))
    data = write(Document(Metadata(title=title, language="ru"), paras), make_ctx(profile="ereader-6in"))
    chunks: list[tuple[float, str]] = []  # the header is an artifact (pdftotext skips it): pypdf's text runs
    page = pypdf.PdfReader(io.BytesIO(data)).pages[1]
    page.extract_text(visitor_text=lambda t, cm, tm, *_: chunks.append((tm[4], t)))
    start = next(i for i, (_, t) in enumerate(chunks) if "Заголовок" in t)
    rtl = [t for _, t in chunks[start + 1:start + 6] if _RTL_WORD.search(t)][:2]
    assert all("\ufe70" <= c <= "\ufefc" for t in rtl for c in t), f"the header's Arabic is not shaped: {rtl}"
    # drawn left to right, the words read right to left are the title's (pypdf may flip a word's letters)
    words = [_letters(unicodedata.normalize("NFKC", t)) for t in rtl][::-1]
    expected = [_letters(w) for w in ["مرحبا", "بالعالم"]]
    assert [w if w in expected else w[::-1] for w in words] == expected
