"""Tagged PDF: a table cell taller than a page is split inside its row (reportlab ``splitInRow``);
the part drawn on the next page must stay in the cell's TH/TD element, not become an artifact."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from article_convert.ir import Document, Link, Metadata, Paragraph, Table, Text
from tests import test_pdf_tagging as tagging
from tests.test_pdf_tagging import ARTIFACT, content_runs, link_elements, reading_order, structure, write

WORD = re.compile(r"(?:Строка|Слово)\d+|Соседняя|Нижняя|Заголовок")


def _one(text: str) -> tuple[Paragraph, ...]:
    return (Paragraph((Text(text),)),)


def _table(kind: str) -> tuple[Table, list[str]]:
    """The table and the words of its tall cell, in order."""
    if kind == "paragraphs":  # 60 short paragraphs: the row splits between two of them
        words = [f"Строка{i}" for i in range(60)]
        tall: tuple[Paragraph, ...] = tuple(Paragraph((Text(w),)) for w in words)
        return Table(((tall, _one("Соседняя")), (_one("Нижняя"), ()))), words
    if kind == "header-cell":  # the tall cell is the header row itself (not repeated: too tall)
        words = [f"Строка{i}" for i in range(60)]
        tall = tuple(Paragraph((Text(w),)) for w in words)
        return Table(((tall, _one("Соседняя")), (_one("Нижняя"), ())), header_rows=1), words
    # one long paragraph split inside itself, with a link on the next page, under a repeated header row
    words = [f"Слово{i}" for i in range(700)]
    tall = (Paragraph((Text(" ".join(words) + " "), Link((Text("ссылка"),), "https://example.org/c"))),)
    rows = ((_one("Заголовок"), _one("Второй")), (tall, (Paragraph((Text("Соседняя "),)),)), (_one("Нижняя"), ()))
    return Table(rows, header_rows=1), words


@pytest.mark.parametrize("kind", ["paragraphs", "header-cell", "long-paragraph"])
def test_s4_continued_part_of_a_split_table_cell_is_tagged(kind: str, tmp_path: Path) -> None:
    """Regression: the part of a cell reportlab splits onto the next page was drawn as an artifact
    (in the text layer, out of the structure tree), so a screen reader skipped it. Now every word of
    the cell is marked content of the cell's one TH/TD element, in order, on more than one page; the
    repeated header row stays an artifact; the tree passes the suite's consistency checks and qpdf."""
    table, words = _table(kind)
    data = write(Document(Metadata(title="Т"), (table,)))
    by_mcid, order = content_runs(data)
    assert all(owner is not None for owner, _ in order), [t for o, t in order if o is None][:5]
    artifact_words = WORD.findall(" ".join(t for owner, t in order if owner == ARTIFACT))
    assert not [w for w in artifact_words if w in words], artifact_words[:5]  # no cell text is an artifact
    _pdf, elements = structure(data)
    cells = [(role, mcrs) for role, _, mcrs in elements if role in ("TH", "TD")]
    if kind == "long-paragraph":  # the header row once as TH/TH, its repeats on later pages are artifacts
        assert [r for r, _ in cells[:2]] == ["TH", "TH"] and all(len(m) == 1 for _, m in cells[:2])
        assert artifact_words.count("Заголовок") == len({p for p, _ in cells[2][1]}) - 1 >= 1
        cells = cells[2:]
    tall_role, tall_mcrs = cells[0]
    assert tall_role == ("TH" if kind == "header-cell" else "TD")
    assert len({page for page, _ in tall_mcrs}) >= 2  # the cell's element has content on every page it covers
    assert WORD.findall(" ".join(by_mcid[m] for m in tall_mcrs)) == words
    # in reading order (the tree's MCRs depth first) the whole cell comes before the next cell and row
    read = WORD.findall(" ".join(by_mcid[m] for m in reading_order(data)))
    want = ["Заголовок"] * (kind == "long-paragraph") + words + ["Соседняя", "Нижняя"]
    assert read == want
    if kind == "long-paragraph":  # the link on the continued part is a Link element of the cell
        _, links = link_elements(data)
        assert [(text, elem.P.S, [str(a.A.URI) for a in annots]) for text, elem, annots in links] == [
            ("ссылка", "/TD", ["https://example.org/c"])]
        tagging.test_issue18_written_tree_is_consistent_and_passes_qpdf_checks((None, data))  # type: ignore[arg-type]
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (Debian package qpdf, installed by .ci/run)")
    path = tmp_path / "table.pdf"
    path.write_bytes(data)
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout, proc.stdout + proc.stderr
