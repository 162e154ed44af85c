"""Issue 9: a huge single paragraph costs bounded memory and linear time in every stage.

Before, a 4.8 MB one-paragraph .txt took 19 s and 534 MB (typography held ~100 bytes per
character of the paragraph), a 20 MB one 1.24 GB. Now every reader's Document passes
``ir.split``: paragraphs longer than MAX_PARAGRAPH_CHARS are cut at sentence ends (else at a
space, else between letters) with a warning, and nothing else changes. Timings and peak memory
for 1-64 MB are measured by ``benchmarks/bench_huge_paragraph.py``, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from article_convert.cli import main
from article_convert.diagnostics import Diagnostics
from article_convert.ir import Document, Emph, Link, Metadata, Paragraph, Text
from article_convert.ir.guard import guard_document
from article_convert.ir.nodes import BlockQuote, Heading
from article_convert.ir.split import MAX_PARAGRAPH_CHARS, split_inlines
from article_convert.ir.text import block_texts
from article_convert.transforms.typography_rules import Flat

SENTENCE = "Городской совет утвердил новый план развития набережной. "


def _words(doc: Document) -> list[str]:
    return " ".join(block_texts(doc.blocks)).split()


def test_i9_huge_paragraph_is_split_at_sentence_ends_without_losing_a_word() -> None:
    text = SENTENCE * 2000  # ~114,000 characters
    inlines = (Text(text[:50_000]), Emph((Text(text[50_000:70_000]),)), Link((Text(text[70_000:]),), "https://e.org"))
    doc = Document(Metadata(title="T"), (BlockQuote((Paragraph(inlines),)), Paragraph((Text("Конец."),))))
    diagnostics = Diagnostics()
    out = guard_document(doc, diagnostics)
    assert _words(out) == _words(doc)
    pieces = out.blocks[0].blocks  # type: ignore[attr-defined]
    assert len(pieces) >= 6 and all(isinstance(p, Paragraph) for p in pieces)
    texts = list(block_texts(pieces))
    assert all(len(t) <= MAX_PARAGRAPH_CHARS for t in texts)
    assert all(t.startswith("Городской") and t.rstrip().endswith("набережной.") for t in texts)
    # emphasis and the link that span a cut are repeated on both sides, with their attributes
    assert sum(isinstance(n, Emph) for p in pieces for n in p.inlines) >= 2
    links = [n for p in pieces for n in p.inlines if isinstance(n, Link)]
    assert len(links) >= 3 and {link.url for link in links} == {"https://e.org"}
    (warning,) = diagnostics.by_code("paragraph-split")
    assert warning.severity == "warning" and "no text removed" in warning.message
    assert guard_document(out, Diagnostics()) == out  # idempotent: the pieces are short enough


def test_i9_huge_paragraph_without_sentence_ends_is_cut_at_spaces() -> None:
    pieces, by_word, hard = split_inlines((Text("слово " * 9_000),))
    assert len(pieces) == 3 and by_word == 2 and hard == 0
    assert " ".join(p[0].text.strip() for p in pieces).split() == ["слово"] * 9_000  # type: ignore[attr-defined]


def test_i9_huge_word_without_spaces_is_cut_between_letters_and_kept() -> None:
    pieces, _, hard = split_inlines((Text("ж" * 45_000),))
    assert [len(p[0].text) for p in pieces] == [20_000, 20_000, 5_000] and hard == 2  # type: ignore[attr-defined]


def test_i9_huge_heading_keeps_its_first_piece_as_heading() -> None:
    doc = Document(Metadata(), (Heading(2, (Text(SENTENCE * 800),)),))
    out = guard_document(doc, Diagnostics())
    assert isinstance(out.blocks[0], Heading) and all(isinstance(b, Paragraph) for b in out.blocks[1:])
    assert _words(out) == _words(doc)


def test_i9_typography_rebuilds_a_paragraph_in_one_pass() -> None:
    """Regression: each Text node's rebuild scanned the whole paragraph (nodes x characters: a 1 MB
    Markdown paragraph with emphasis and links took 8 s of CPU in typography alone)."""
    flat = Flat()
    for owner in range(3):
        flat.add(f"часть{owner} ", owner)
    assert [flat.owned_text(o) for o in range(3)] == ["часть0 ", "часть1 ", "часть2 "]
    cache = flat._owned
    assert cache is not None and flat.owned_text(1) == "часть1 " and flat._owned is cache  # built once
    flat.apply({0: "Ч"})
    assert flat.owned_text(0) == "Часть0 "  # a change drops the cache


def test_i9_one_paragraph_text_file_converts_in_bounded_pieces(tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text("Заголовок\n\n" + SENTENCE * 4000 + "Последнее слово.", encoding="utf-8")
    out = tmp_path / "one.json"
    result = CliRunner().invoke(main, [str(src), "-t", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[paragraph-split]" in result.stderr and result.stderr.startswith("warning:")
    doc = json.loads(out.read_text(encoding="utf-8"))["document"]
    texts = [b["inlines"][0]["text"] for b in doc["blocks"]]
    assert len(texts) >= 12 and all(len(t) <= MAX_PARAGRAPH_CHARS for t in texts)
    assert " ".join(texts).split() == (SENTENCE * 4000 + "Последнее слово.").split()
    strict = CliRunner().invoke(main, [str(src), "-t", "json", "-o", str(tmp_path / "s.json"), "--strict"])
    assert strict.exit_code == 1 and not (tmp_path / "s.json").exists()


def test_i9_markdown_reader_leaves_no_cyclic_garbage() -> None:
    """Regression: the markdown-it syntax tree (parent <-> child cycles) outlived the reader until the
    cyclic collector ran: a page of 200,000 bold words peaked at 1.1 GB instead of 0.66 GB."""
    import gc

    from article_convert.context import Context
    from article_convert.readers.markdown import markdown_to_document

    text = "# T\n\n" + "**ж** " * 3000 + "\n"
    gc.collect()
    gc.disable()
    try:
        doc = markdown_to_document(text, Context())
        left = gc.collect()
    finally:
        gc.enable()
    assert len(doc.blocks[0].inlines) >= 5000  # type: ignore[attr-defined]
    assert left < 500, f"{left} objects only the cyclic collector could free"
