"""Issue 9, hostile suite: floods of what carries no text (line breaks, thematic breaks, empty blocks).

200,000 ``<br>`` made a PDF of thousands of blank pages from a 1 MB page: a small input whose
output explodes. Over the coalescing budget (``ir.coalesce``) a run of more than two line breaks
with only white space between them becomes a blank line, and a run of thematic breaks one; the
readers already leave out empty paragraphs, list items and table rows. Each flood is converted
to JSON, PDF and DOCX under the suite's bounds, every word is read back from each, and the PDF
must stay a few pages long.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from article_convert.diagnostics import Diagnostics
from article_convert.ir import Document, LineBreak, Metadata, Paragraph, Strong, Text, ThematicBreak
from article_convert.ir.coalesce import INLINE_NODE_BUDGET, coalesce_blocks, coalesce_inlines
from article_convert.ir.guard import guard_document

from ..outputs import docx_text, pdf_text
from .test_hostile_suite import PER_EXTRA_FORMAT, TIME_LIMIT, run_bounded
from .test_tiny_elements import output_words, word

BR, SP, NBSP = LineBreak(), Text(" "), Text("\u00a0")


def test_i9_a_run_of_line_breaks_becomes_a_blank_line() -> None:
    flood = (Text("жаба"), BR, SP, BR, NBSP, BR, BR, SP, BR, Text("  жук"), BR, BR, BR, Strong((Text("ж"),)), BR)
    assert coalesce_inlines(flood) == (Text("жаба"), BR, SP, BR, Text("  жук"), BR, BR, Strong((Text("ж"),)), BR)
    two = (Text("а"), BR, BR, Text("б"))
    assert coalesce_inlines(two) == two  # a blank line stays


def test_i9_a_run_of_thematic_breaks_becomes_one() -> None:
    blocks = (Paragraph((Text("а"),)), ThematicBreak(), ThematicBreak(), ThematicBreak(), Paragraph((Text("б"),)),
              ThematicBreak())
    assert coalesce_blocks(blocks) == (Paragraph((Text("а"),)), ThematicBreak(), Paragraph((Text("б"),)),
                                       ThematicBreak())


def test_i9_guard_shortens_break_runs_only_over_the_budget_and_says_so() -> None:
    small = Document(Metadata(title="Т"), (Paragraph((Text("а"), BR, BR, BR, BR, Text("б"))), ThematicBreak(),
                                           ThematicBreak()))
    diags = Diagnostics()
    assert guard_document(small, diags) == small and not diags.by_code("inlines-merged")
    runs = INLINE_NODE_BUDGET // 10
    big = Document(Metadata(title="Т"), (
        Paragraph(tuple(n for i in range(runs) for n in (Text(word(i)), *[BR] * 9))),
        *[ThematicBreak()] * 5000,
        Paragraph((Text("конец"),)),
    ))
    guarded = guard_document(big, diags)
    inlines = guarded.blocks[0].inlines
    assert [n.text for n in inlines if isinstance(n, Text)] == [word(i) for i in range(runs)]
    assert sum(1 for n in inlines if n == BR) == 2 * runs
    assert guarded.blocks[1:] == (ThematicBreak(), Paragraph((Text("конец"),)))
    info = diags.by_code("inlines-merged")
    assert info and "thematic breaks dropped" in info[0].message and not diags.warnings()


FLOOD = 100_000
"""Empty elements of each kind in a generated case; a word sits between every 1,000 of them."""


def _html(n: int) -> bytes:
    """A page of every kind of empty element an HTML article may be flooded with, words between them."""
    kinds = ["<br>", "<br> \n", "<p></p>", "<p>&nbsp;</p>", "<hr>"]
    body = []
    for i in range(n // 1000):
        empty = kinds[i % len(kinds)] * 1000
        body.append(f"<p>{word(i)}</p>{empty}" if "<p" in empty or "<hr" in empty else f"<p>{word(i)}{empty}</p>")
    body.append("<ul>" + "<li></li>" * (n // 10) + f"<li>{word(n)}</li></ul>")
    body.append("<table>" + "<tr><td></td></tr>" * (n // 10) + f"<tr><td>{word(n + 1)}</td></tr></table>")
    return (f"<html><head><title>Заголовок</title></head><body><article><h1>Заголовок</h1>{''.join(body)}"
            "</article></body></html>").encode()


def _markdown(n: int) -> bytes:
    """Blank lines, thematic breaks (``***``), hard line breaks (``\\``, two spaces) between words."""
    kinds = ["\n", "\n\n***", "\\\n", "  \n"]
    return ("# Заголовок\n\n" + "".join(f"{word(i)}" + kinds[i % len(kinds)] * 1000 + "\n\n"
                                        for i in range(n // 1000))).encode()


def _text(n: int) -> bytes:
    """Blank lines between words."""
    return ("Заголовок\n\n" + "".join(f"{word(i)}" + "\n" * 1000 for i in range(n // 1000))).encode()


def _words(n: int, html: bool = False) -> list[str]:
    """The words of a generated case: one between every 1,000 empty elements (the list and table too)."""
    return [word(i) for i in range(n // 1000)] + ([word(n), word(n + 1)] if html else [])


CASES = {"html": ("breaks.html", _html, _words(FLOOD, html=True)), "md": ("breaks.md", _markdown, _words(FLOOD)),
         "txt": ("breaks.txt", _text, _words(FLOOD))}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(CASES))
def test_i9_flood_of_empty_lines_and_blocks_stays_small_and_keeps_every_word(kind: str, tmp_path: Path) -> None:
    name, make, want = CASES[kind]
    (tmp_path / name).write_bytes(make(FLOOD))
    timeout = TIME_LIMIT + 2 * PER_EXTRA_FORMAT
    try:
        proc = run_bounded([name, "-t", "json,pdf,docx", "-o", "out/"], tmp_path, timeout)
    except Exception as exc:  # subprocess.TimeoutExpired
        pytest.fail(f"{kind}: {type(exc).__name__} after {timeout:.0f} s")
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    stem = Path(name).stem
    got = output_words(tmp_path / "out" / f"{stem}.json")
    assert not [w for w in want if not got[w]], "words lost in the JSON"
    pdf = pdf_text(tmp_path / "out" / f"{stem}.pdf")
    docx = docx_text(tmp_path / "out" / f"{stem}.docx")
    for fmt, text in (("pdf", pdf), ("docx", docx)):
        found = set(re.findall(r"ж\w+", text))
        assert not [w for w in want if w not in found], f"words lost in the {fmt}"
    from pypdf import PdfReader

    pages = len(PdfReader(tmp_path / "out" / f"{stem}.pdf").pages)
    assert pages <= 12, f"{pages} pages for {len(want)} words: the empty lines were drawn"
