"""Documents for tests that must cover every node type: one node of each, and (in the Hypothesis
test) generated nested Documents."""

from __future__ import annotations

from article_convert.ir import (
    Answer,
    Article,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
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
    Styled,
    Table,
    Text,
    ThematicBreak,
)
from article_convert.ir.walk import Node


def one_of_each() -> list[Node]:
    """One node of every inline and block class, each holding a little content."""
    t = Text(" слово ")
    p = Paragraph((t,))
    return [
        t, Emph((t,)), Strong((t,)), Code("код"), Link((t,), "https://example.kz/"), Quoted((t,)),
        Span((t,), "kk"), LineBreak(), Note((p,)), Image("нет.png", "картинка"), Styled((t,), "underline"),
        p, Heading(2, (t,)), BlockQuote((p,), (t,)), Question((p,), "Вопрос"), Answer((p,)),
        BulletList(((p,),)), OrderedList(((p,),), 3), Figure(Image("нет.png"), (t,), (t,)),
        CodeBlock("код\n"), ThematicBreak(), Div("sidebar", (p,)), Article(Metadata(title="Т"), (p,)),
        Table((((p,), (p,)),), 1, (t,)),
    ]


# --------------------------------------------------------------------------- Hypothesis strategies
# Imported lazily by the tests that use them, so ``hypothesis`` stays a test-only dependency.

WORDS = (
    "слово", "мама", "город", "время", "жизнь", "дело", "рука", "день", "глаз", "вода",
    "қала", "әлем", "ғылым", "өмір", "үй", "ұлт", "тіл", "шаңырақ", "їжак", "ґанок", "єдність",
    "цена", "тенге", "щука", "эхо", "юла", "ёлка", "жук", "хлеб", "чай",
)
"""Cyrillic words (Russian, Kazakh, Ukrainian letters); text runs are made of these."""


def documents(max_leaves: int = 12):  # type: ignore[no-untyped-def]
    """A strategy for Documents holding every node type, nested, of bounded size.

    Each drawn Document is rebuilt through the IR JSON codec (in ``st.composite``, which records no
    construction) so that Hypothesis prints a failing example as plain dataclasses, in linear time.
    Printed as the ``st.builds``/``.map`` calls that made it, each nesting level was laid out twice
    (a trial line, then the real one), so reporting one failing Document took 2^depth steps: a failed
    run hung for more than 15 minutes instead of naming the example (regression:
    ``test_i12_4_a_failing_generated_document_is_reported_promptly``)."""
    from hypothesis import strategies as st

    from article_convert.ir import document_from_json, document_to_json

    raw = _built_documents(max_leaves)

    @st.composite
    def fresh(draw):  # type: ignore[no-untyped-def]
        return document_from_json(document_to_json(draw(raw)))

    return fresh()


def _built_documents(max_leaves: int):  # type: ignore[no-untyped-def]
    """The Document strategy itself (its nodes are printed as the calls that built them)."""
    from hypothesis import strategies as st

    from article_convert.ir import Document
    from article_convert.ir.nodes import STYLES

    word = st.sampled_from(WORDS)
    phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)
    lang = st.sampled_from(("kk", "uk", "ru", "en", "sr-Cyrl"))
    text = phrase.map(lambda s: Text(f" {s} "))
    leaf_inline = st.one_of(
        text, text, phrase.map(lambda s: Code(f" {s} ")), st.just(LineBreak()),
        word.map(lambda w: Image("нет-такой.png", w)),
    )

    def inline_containers(children):  # type: ignore[no-untyped-def]
        kids = st.lists(children, min_size=1, max_size=3).map(tuple)
        return st.one_of(
            kids.map(Emph), kids.map(Strong), kids.map(Quoted),
            st.builds(Link, kids, st.sampled_from(("https://example.kz/а", "mailto:a@b.kz", "#якорь", ""))),
            st.builds(Span, kids, lang), st.builds(Styled, kids, st.sampled_from(STYLES)),
            kids.map(lambda k: Note((Paragraph(k),))),
        )

    inline = st.recursive(leaf_inline, inline_containers, max_leaves=6)
    inlines = st.lists(inline, min_size=1, max_size=4).map(tuple)
    opt_inlines = st.lists(inline, max_size=2).map(tuple)
    meta = st.builds(
        Metadata, title=phrase, subtitle=st.one_of(st.just(""), phrase), lead=st.one_of(st.just(""), phrase),
        authors=st.lists(phrase, max_size=2).map(tuple), language=st.sampled_from(("", "ru", "kk", "uk")),
        date=st.sampled_from(("", "2025-12-04", "2019-03", "1998")), source=st.one_of(st.just(""), phrase),
        section=st.one_of(st.just(""), word),
        extra=st.sampled_from(((), (("url", "https://example.kz/жаңалық"),), (("source_url", "http://пример.рф/а"),))),
    )
    leaf_block = st.one_of(
        st.builds(Paragraph, inlines), st.builds(Paragraph, inlines, lang),
        st.builds(Heading, st.integers(1, 6), inlines),
        phrase.map(lambda s: CodeBlock(s + "\n")), st.just(ThematicBreak()),
        st.builds(Figure, word.map(lambda w: Image("нет-такой.png", w)), opt_inlines, opt_inlines),
    )

    def block_containers(children):  # type: ignore[no-untyped-def]
        kids = st.lists(children, min_size=1, max_size=3).map(tuple)
        items = st.lists(st.lists(children, max_size=2).map(tuple), min_size=1, max_size=3).map(tuple)
        cells = st.lists(st.lists(children, max_size=2).map(tuple), min_size=1, max_size=3).map(tuple)
        return st.one_of(
            st.builds(BlockQuote, kids, opt_inlines),
            st.builds(Question, kids, st.one_of(st.none(), word)), st.builds(Answer, kids, st.one_of(st.none(), word)),
            st.builds(BulletList, items), st.builds(OrderedList, items, st.integers(0, 12)),
            st.builds(Div, st.sampled_from(("sidebar", "section", "caption", "credit", "boilerplate")), kids),
            st.builds(Article, meta, kids),
            st.builds(Table, st.lists(cells, min_size=1, max_size=3).map(tuple), st.integers(0, 2), opt_inlines),
        )

    block = st.recursive(leaf_block, block_containers, max_leaves=max_leaves)
    return st.builds(Document, meta, st.lists(block, min_size=1, max_size=4).map(tuple))
