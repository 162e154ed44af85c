"""Issue 9, documents of very many tiny inline elements: the stages that cost per inline node.

A page of 200,000 ``<b>ж</b>`` (2 MB) took ~21 s and 0.66 GB to JSON and longer to FB2/DOCX:
per-node costs in the shared guard walk, the JSON codec's dict tree and pure-Python indenting
encoder, the FB2 writer's ``len(parent)`` per text run (quadratic) and its per-link namespace
declarations (quadratic on moving the tree). These tests pin the fixes; the whole-CLI bounds
are cases of the hostile suite (``tests/hostile/cases.py``, ``tiny-*``).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.ir import (
    Code,
    Document,
    Emph,
    Heading,
    LineBreak,
    Link,
    Metadata,
    Note,
    Paragraph,
    Quoted,
    Span,
    Strong,
    Styled,
    Text,
)
from article_convert.ir.coalesce import INLINE_NODE_BUDGET, coalesce_document, coalesce_inlines
from article_convert.ir.guard import guard_document, survey
from article_convert.ir.json_codec import IR_FORMAT, IR_VERSION, document_from_json, document_to_json, to_data
from article_convert.ir.text import document_texts

from .node_strategies import documents


def styled_chars(inlines: tuple[Any, ...], around: tuple[Any, ...] = ()) -> list[tuple[str, tuple[Any, ...]]]:
    """Each character with the formatting around it (kinds and attributes of the containers)."""
    out: list[tuple[str, tuple[Any, ...]]] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                out.extend((c, (*around, type(node))) for c in t)
            case Emph(children=c) | Strong(children=c) | Quoted(children=c):
                out.extend(styled_chars(c, (*around, type(node))))
            case Span(children=c, lang=lang):
                out.extend(styled_chars(c, (*around, ("span", lang))))
            case Styled(children=c, style=style):
                out.extend(styled_chars(c, (*around, ("styled", style))))
            case Link(children=c, url=url, title=title):
                out.extend(styled_chars(c, (*around, ("link", url, title))))
            case Note(blocks=b):
                out.append(("[note", around))
                for block in b:
                    out.extend(styled_chars(block.inlines, around))
                out.append(("note]", around))
            case _:
                out.append((type(node).__name__, around))
    return out


def assert_same_but_spaces(before: tuple[Any, ...], after: tuple[Any, ...]) -> None:
    """Every character kept in order with its formatting; only a space may have gained bold,
    italic or a language span (it was between two merged runs)."""
    old, new = styled_chars(before), styled_chars(after)
    assert [c for c, _ in old] == [c for c, _ in new]
    for (char, was), (_, now) in zip(old, new, strict=True):
        if was != now:
            assert not char.strip(), (char, was, now)
            assert len(now) > len(was)


def test_i9_bold_words_between_spaces_merge_into_one_run() -> None:
    flood = tuple(n for _ in range(5) for n in (Strong((Text("ж"),)), Text(" ")))
    merged = coalesce_inlines(flood)
    assert merged == (Strong((Text("ж ж ж ж ж"),)), Text(" "))
    assert_same_but_spaces(flood, merged)


def test_i9_links_quotes_and_styles_never_take_in_the_space_between_them() -> None:
    for make in (lambda: Link((Text("а"),), "https://e.kz/"), lambda: Quoted((Text("а"),)),
                 lambda: Styled((Text("а"),), "underline")):
        flood = (make(), Text(" "), make())
        merged = coalesce_inlines(flood)
        assert len(merged) == 3 and merged[1] == Text(" ")


def test_i9_only_containers_of_the_same_kind_and_attributes_merge() -> None:
    flood = (Link((Text("а"),), "u1"), Link((Text("б"),), "u1"), Link((Text("в"),), "u2"),
             Span((Text("г"),), "kk"), Text(" "), Span((Text("д"),), "ru"), Emph((Text("е"),)), Strong((Text("ё"),)),
             LineBreak(), LineBreak(), Code("ж"), Code("з"))
    merged = coalesce_inlines(flood)
    assert merged[0] == Link((Text("аб"),), "u1")
    assert len(merged) == len(flood) - 1
    assert_same_but_spaces(flood, merged)


@settings(max_examples=30, deadline=None)
@given(documents())
def test_i9_coalescing_keeps_every_character_and_its_formatting(doc: Document) -> None:
    merged, _, breaks = coalesce_document(doc)
    if breaks:  # long runs of line breaks or thematic breaks were shortened: the letters stay, in order
        def letters(d: Document) -> list[str]:
            return [c for t in document_texts(d) for c in t if c.strip()]

        assert letters(merged) == letters(doc)
        return
    assert document_texts(merged) == document_texts(doc)
    for a, b in zip(doc.blocks, merged.blocks, strict=True):
        if isinstance(a, (Paragraph, Heading)):
            assert_same_but_spaces(a.inlines, b.inlines)


def test_i9_guard_merges_only_over_the_budget_and_says_so() -> None:
    words = INLINE_NODE_BUDGET // 3 - 10  # three inline nodes a word: Emph, its Text, the space
    small = Document(Metadata(title="Т"), (Paragraph(tuple(n for _ in range(words) for n in (Emph((Text("ж"),)), Text(" ")))),))
    diags = Diagnostics()
    assert guard_document(small, diags) == small and not diags.by_code("inlines-merged")
    big = Document(Metadata(title="Т"), (Paragraph(tuple(n for _ in range(words + 20) for n in (Emph((Text("ж"),)), Text(" ")))),))
    guarded = guard_document(big, diags)
    assert survey(guarded).inlines < 10 and diags.by_code("inlines-merged")
    assert document_texts(guarded) == document_texts(big)
    assert not diags.warnings()


def test_i9_survey_finds_what_needs_a_repair() -> None:
    plain = Document(Metadata(title="Т"), (Paragraph((Strong((Emph((Text("ж"),)),)),)),))
    found = survey(plain)
    assert (found.depth, found.inlines, found.bad_chars, found.bad_start) == (2, 3, False, False)
    assert survey(Document(Metadata(title="Т\x01"), ())).bad_chars
    assert survey(Document(Metadata(title="Т"), (Paragraph((Text("\ud800"),)),))).bad_chars
    assert survey(Document(Metadata(), (Paragraph((Text("а"),)),), )).inlines == 1


@settings(max_examples=30, deadline=None)
@given(documents())
def test_i9_json_is_written_from_the_nodes_byte_for_byte_as_json_dumps(doc: Document) -> None:
    for indent in (1, None, 3):
        expected = json.dumps({"format": IR_FORMAT, "version": IR_VERSION, "document": to_data(doc)},
                              ensure_ascii=False, indent=indent) + "\n"
        assert document_to_json(doc, indent) == expected
    assert document_from_json(document_to_json(doc)) == doc


def test_i9_fb2_many_links_declare_the_xlink_namespace_once() -> None:
    from lxml import etree

    from article_convert.writers.fb2 import Fb2Writer

    links = tuple(n for i in range(300) for n in (Link((Text("ж"),), f"https://e.kz/{i}"), Text(" ")))
    doc = Document(Metadata(title="Т", language="ru"), (Paragraph(links),))
    data = Fb2Writer().write(doc, Context(ConvertOptions()))
    assert data.count(b"xmlns:") == 1 and data.count(b'l:href="https://e.kz/') == 300
    root = etree.fromstring(data)
    hrefs = root.xpath("//fb:a/@l:href", namespaces={"fb": "http://www.gribuser.ru/xml/fictionbook/2.0",
                                                   "l": "http://www.w3.org/1999/xlink"})
    assert hrefs == [f"https://e.kz/{i}" for i in range(300)]
