"""Siblings of issue 11 (a long unbroken word cost the PDF writer cubic time) in code blocks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from article_convert import convert
from article_convert.writers.pdf.code import MAX_CODE_RUN, _cut_long_runs


@pytest.mark.parametrize("line", ["", "a = 1", "x" * 130, "call(" + "y" * 200 + ") + z", "    " + "ж" * 61,
                                  "a" * 59 + " " + "b" * 61, "\t" + "q" * 121])
def test_i9_code_line_cut_keeps_its_text_and_bounds_each_run(line: str) -> None:
    parts = _cut_long_runs(line)
    assert "".join(parts) == line
    assert all(max((len(w) for w in p.split()), default=0) <= MAX_CODE_RUN for p in parts)


def test_i9_code_block_with_a_long_unbroken_line_keeps_every_character_in_the_pdf(tmp_path: Path) -> None:
    """A 20,000-character line without a space in a code block (a minified script) took 11 s to
    PDF and 40,000 took 34 s (quadratic); the line is now set in pieces, every character kept,
    no hyphen added (the hostile suite bounds 200,000 characters in time: code-long-unbroken-line)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    src = tmp_path / "m.md"
    src.write_text("# T\n\nТекст.\n\n```\n" + "x" * 3000 + "\n```\n", encoding="utf-8")
    convert(str(src), str(tmp_path / "m.pdf"))
    text = subprocess.run(["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count("x") == 3000 and "x-" not in text


def test_i9_table_wider_than_the_line_is_set_in_bands_not_a_failed_pdf(tmp_path: Path) -> None:
    """A table of 90 columns (a spreadsheet pasted into an article) failed the whole conversion on
    A4: reportlab gave each cell a negative width. Its columns are now set in bands, every cell kept."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    cols = 90
    rows = "".join("<tr>" + "".join(f"<td>{r}{c:02d}</td>" for c in range(cols)) + "</tr>" for r in (7, 8))
    src = tmp_path / "wide.html"
    src.write_text("<html><body><article><h1>Таблица</h1><p>Городской совет утвердил план.</p>"
                   f"<table>{rows}</table></article></body></html>", encoding="utf-8")
    convert(str(src), str(tmp_path / "wide.pdf"), extract="article")
    text = subprocess.run(["pdftotext", str(tmp_path / "wide.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    tokens = set(text.replace("-\n", "").split())
    missing = [f"{r}{c:02d}" for r in (7, 8) for c in range(cols) if f"{r}{c:02d}" not in tokens]
    assert not missing, missing[:10]


def test_i9_cover_of_a_document_without_title_passes_our_own_check(tmp_path: Path) -> None:
    """With --cover and no title (``-M title=" "``, an IR without one), the PDF's cover page had no
    text at all and ``article-convert check`` failed the file the tool had just written (the cover
    page's invisible text is now the dash the cover image shows)."""
    from click.testing import CliRunner

    from article_convert.cli import main

    src = tmp_path / "a.txt"
    src.write_text("Заголовок\n\nГородской совет утвердил новый план развития набережной.\n", encoding="utf-8")
    out = tmp_path / "a.pdf"
    made = CliRunner().invoke(main, [str(src), "-o", str(out), "--cover", "-M", "title= "])
    assert made.exit_code == 0, made.output
    checked = CliRunner().invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output


def test_i9_running_header_runs_join_in_order() -> None:
    """``_join`` (the running header's shortening) added each character to its run's string: quadratic
    in a run, and a 100,000-letter title is one run (over 60 s to PDF; the hostile suite bounds it:
    pdf-title-of-100000-letters). Same runs, built at once."""
    from article_convert.writers.pdf.template import _join

    chars = [("A", "ж")] * 3 + [("B", "☃")] * 2 + [("A", "x")]
    assert _join(chars) == [("A", "жжж"), ("B", "☃☃"), ("A", "x")]
    assert _join([]) == []
