"""Siblings of issue 9's silent-loss class in the Markdown reader's footnotes."""

from __future__ import annotations

from pathlib import Path

from article_convert.context import Context
from article_convert.ir import Document
from article_convert.ir.text import document_texts
from article_convert.plugins import Source
from article_convert.readers.markdown import MarkdownReader


def _read(text: str) -> tuple[Document, list[str]]:
    ctx = Context()
    doc = MarkdownReader().read(Source(text.encode("utf-8"), Path("a.md")), ctx)
    return doc, [d.code for d in ctx.diagnostics.items]


def test_i9_markdown_footnote_cited_only_from_another_footnote_is_kept() -> None:
    """Definitions were converted in order, so a note cited from an earlier note was not yet known:
    its label was printed and its text lost, and markdown-it counted it as cited (no footnote-unused)."""
    doc, codes = _read("# T\n\nТекст[^a].\n\n[^a]: Первая[^b].\n\n[^b]: Втораясноска.\n")
    assert "Втораясноска" in " ".join(document_texts(doc))
    assert "footnote-unused" not in codes


def test_i9_markdown_note_ending_in_a_code_block_is_no_unknown_block_warning() -> None:
    """markdown-it puts the note's back-reference after a trailing code block as a block of its own:
    it raised a markdown-unknown warning, so --strict refused a valid file."""
    doc, codes = _read("# T\n\nТекст[^a].\n\n[^a]: Первая.\n\n    ```\n    кодвсноске\n    ```\n")
    assert "кодвсноске" in " ".join(document_texts(doc))
    assert "markdown-unknown" not in codes


def test_i9_markdown_chain_of_notes_is_bounded_and_reported() -> None:
    """Two thousand notes each citing the next: read three deep, and the rest is a warning, never a
    RecursionError and never silent."""
    text = "# T\n\nТекст[^0].\n\n" + "".join(f"[^{i}]: Сноска{i}[^{i + 1}].\n\n" for i in range(2000))
    doc, codes = _read(text)
    assert "Сноска0" in " ".join(document_texts(doc))
    assert "note-too-deep" in codes
