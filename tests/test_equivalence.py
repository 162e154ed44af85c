"""The seed as Markdown and as a full HTML page gives the same Document as the plain-text seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_convert import pipeline
from article_convert.context import ConvertOptions
from article_convert.ir import Answer, Document, Question
from article_convert.ir.text import document_texts
from article_convert.readers.html import HtmlReader
from article_convert.readers.markdown import MarkdownReader

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_43c9a9ce68f258d4.txt"
FIXTURES = ROOT / "tests" / "fixtures"


def _read(reader, path: Path) -> Document:
    """The reader plus the shared transforms, as the pipeline runs them."""
    source = pipeline.load_source(path)
    ctx = pipeline.make_context(source, ConvertOptions())
    return pipeline.transform(reader.read(source, ctx), ctx)


def _shape(doc: Document) -> list[str]:
    return [type(b).__name__ for b in doc.blocks]


@pytest.fixture(scope="module")
def txt() -> Document:
    return pipeline.read_document(SEED, ConvertOptions())


@pytest.mark.parametrize(("reader", "name"), [(MarkdownReader(), "seed.md"), (HtmlReader(), "seed.html")])
def test_same_document_as_plain_text(txt: Document, reader, name: str) -> None:
    doc = _read(reader, FIXTURES / name)
    assert doc.meta == txt.meta
    assert document_texts(doc) == document_texts(txt)
    assert _shape(doc) == _shape(txt)
    assert sum(isinstance(b, Question) for b in doc.blocks) == 6
    assert sum(isinstance(b, Answer) for b in doc.blocks) == 6


@pytest.mark.parametrize("name", ["seed.md", "seed.html"])
def test_pipeline_picks_the_reader_by_extension(txt: Document, name: str) -> None:
    from article_convert import registry

    expected = {"seed.md": "markdown", "seed.html": "html"}[name]
    assert registry.reader_for_path(name).name == expected, f"{name} goes to the wrong reader"
    doc = pipeline.read_document(FIXTURES / name, ConvertOptions())
    assert document_texts(doc) == document_texts(txt)
    assert _shape(doc) == _shape(txt)
