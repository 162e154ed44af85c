"""IR -> JSON -> IR is the identity, and bad JSON gets clear errors."""

from __future__ import annotations

import json

import pytest
from documents import interview, kitchen_sink
from hypothesis import given, settings
from hypothesis import strategies as st

from article_convert.errors import InvalidInputError
from article_convert.ir import (
    Answer,
    Article,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Quoted,
    Span,
    Strong,
    Text,
    ThematicBreak,
    document_from_json,
    document_to_json,
)

texts = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x52F, blacklist_categories=("Cs",)), max_size=20)
langs = st.sampled_from(["ru", "kk", "uk", "sr-Cyrl", "en"])

inlines = st.recursive(
    st.one_of(st.builds(Text, texts), st.builds(Code, texts), st.just(LineBreak()), st.builds(Image, texts, texts)),
    lambda children: st.one_of(
        st.builds(Emph, st.lists(children, max_size=3).map(tuple)),
        st.builds(Strong, st.lists(children, max_size=3).map(tuple)),
        st.builds(Quoted, st.lists(children, max_size=3).map(tuple)),
        st.builds(Link, st.lists(children, max_size=3).map(tuple), texts, texts),
        st.builds(Span, st.lists(children, max_size=3).map(tuple), langs),
        st.builds(Note, st.lists(st.builds(Paragraph, st.lists(children, max_size=2).map(tuple)), max_size=2).map(tuple)),
    ),
    max_leaves=8,
)
inline_seq = st.lists(inlines, max_size=4).map(tuple)
blocks = st.recursive(
    st.one_of(
        st.builds(Paragraph, inline_seq, st.none() | langs),
        st.builds(Heading, st.integers(1, 6), inline_seq, st.none() | langs),
        st.builds(CodeBlock, texts, texts),
        st.just(ThematicBreak()),
        st.builds(Figure, st.builds(Image, texts, texts), inline_seq, inline_seq),
    ),
    lambda children: st.one_of(
        st.builds(BlockQuote, st.lists(children, max_size=3).map(tuple), inline_seq),
        st.builds(Question, st.lists(children, max_size=2).map(tuple), st.none() | texts),
        st.builds(Answer, st.lists(children, max_size=2).map(tuple), st.none() | texts),
        st.builds(Div, texts, st.lists(children, max_size=2).map(tuple)),
        st.builds(BulletList, st.lists(st.lists(children, max_size=2).map(tuple), max_size=3).map(tuple)),
        st.builds(OrderedList, st.lists(st.lists(children, max_size=2).map(tuple), max_size=3).map(tuple), st.integers(0, 99)),
    ),
    max_leaves=10,
)
metadata = st.builds(
    Metadata,
    title=texts,
    subtitle=texts,
    lead=texts,
    authors=st.lists(texts, max_size=3).map(tuple),
    date=texts,
    source=texts,
    language=langs,
    keywords=st.lists(texts, max_size=3).map(tuple),
    identifier=texts,
    extra=st.dictionaries(texts, texts, max_size=3).map(lambda d: tuple(sorted(d.items()))),
)
articles = st.builds(Article, metadata, st.lists(blocks, max_size=3).map(tuple))
sections = st.builds(
    lambda title, arts: Div("section", (Heading(1, title), *arts)),
    inline_seq,
    st.lists(articles, max_size=2),
)
documents = st.builds(
    Document, metadata, st.lists(st.one_of(blocks, articles, sections), max_size=6).map(tuple)
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_json_round_trip_is_identity(doc: Document) -> None:
    assert document_from_json(document_to_json(doc)) == doc


@pytest.mark.parametrize("doc", [kitchen_sink(), interview()], ids=["kitchen-sink", "interview"])
def test_fixtures_round_trip(doc: Document) -> None:
    text = document_to_json(doc)
    assert json.loads(text)["version"] == 1
    assert document_from_json(text) == doc


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "not valid JSON"),
        ('{"format": "x"}', "not an article-convert IR file"),
        ('{"format": "article-convert-ir", "version": 99}', "IR version 99 is not supported"),
        ('{"format": "article-convert-ir", "version": 1, "document": {"type": "Nope"}}', "unknown node type 'Nope'"),
        (
            ('{"format": "article-convert-ir", "version": 1, "document": {"type": "Document", '
             '"meta": {"type": "Metadata"}, "blocks": [{"type": "Paragraph", "inlines": "x"}]}}'),
            "$.document.blocks[0].inlines: expected an array",
        ),
        (
            ('{"format": "article-convert-ir", "version": 1, "document": {"type": "Document", '
             '"meta": {"type": "Metadata"}, "blocks": [{"type": "Text", "text": "x"}]}}'),
            "a Text is not allowed here",
        ),
    ],
)
def test_invalid_json_is_explained(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        document_from_json(text)
    assert message in str(info.value)
