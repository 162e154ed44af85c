"""Typography: fixture cases per language, the IR walk, protected text, the seed, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_convert.context import Context, ConvertOptions
from article_convert.ir import (
    Code,
    CodeBlock,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Link,
    Metadata,
    Note,
    Paragraph,
    Quoted,
    Strong,
    Text,
    document_texts,
    inline_text,
)
from article_convert.transforms.typography import Typography, typeset_inlines
from article_convert.transforms.typography_rules import typeset

from .documents import interview, kitchen_sink

NBSP = "\u00a0"
FIXTURES = Path(__file__).parent / "fixtures" / "typography_cases.tsv"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in FIXTURES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, source, expected = line.split("\t")
            rows.append((lang, source, expected.replace("⍽", NBSP)))
    return rows


CASES = _cases()


def test_fixture_table_is_large_and_covers_the_languages() -> None:
    assert len(CASES) >= 60
    assert {"ru", "uk", "kk", "sr"} <= {lang for lang, _, _ in CASES}


@pytest.mark.parametrize(("lang", "source", "expected"), CASES)
def test_fixture_case(lang: str, source: str, expected: str) -> None:
    assert typeset(source, lang) == expected
    assert typeset(expected, lang) == expected  # idempotent on its own output


def _doc(*blocks: object, lang: str = "ru", **meta: str) -> Document:
    return Document(Metadata(language=lang, **meta), tuple(blocks))  # type: ignore[arg-type]


def _apply(doc: Document, **options: object) -> Document:
    return Typography().apply(doc, Context(options=ConvertOptions(**options)))  # type: ignore[arg-type]


def test_quotes_pair_across_inline_nodes() -> None:
    para = Paragraph((Text('Он назвал "'), Emph((Text("тихую"),)), Text(' дипломатию" Астаны.')))
    out = typeset_inlines(para.inlines, "ru")
    assert out == (Text("Он\u00a0назвал «"), Emph((Text("тихую"),)), Text(" дипломатию» Астаны."))


def test_link_url_code_and_code_block_untouched() -> None:
    url = 'https://example.org/a - b?q="x"...'
    doc = _doc(
        Paragraph((Link((Text("ссылка - тут"),), url), Text(" и "), Code('a - "b"...'))),
        CodeBlock('x = "a" - 1...\n'),
    )
    out = _apply(doc)
    link, _, code = out.blocks[0].inlines  # type: ignore[union-attr]
    assert link == Link((Text("ссылка\u00a0— тут"),), url)
    assert code == Code('a - "b"...')
    assert out.blocks[1] == CodeBlock('x = "a" - 1...\n')


def test_urls_emails_and_decimals_inside_text_untouched() -> None:
    text = "См. https://site.ru/a-b/c...d, пишите ivan.petrov@mail.ru, курс 3.14-3.15 и 2,5 %."
    out = typeset(text, "ru")
    for kept in ("https://site.ru/a-b/c...d", "ivan.petrov@mail.ru", "3.14-3.15", "2,5"):
        assert kept in out


def test_existing_quoted_nodes_count_for_nesting() -> None:
    inlines = (Quoted((Text('Слово "внутри" цитаты'),)),)
    out = typeset_inlines(inlines, "ru")
    assert inline_text(out, "ru") == "«Слово „внутри“ цитаты»"


def test_metadata_and_nested_places_typeset() -> None:
    doc = _doc(
        Heading(2, (Text('Что такое "тихая дипломатия"'),)),
        Figure(Image("a.png"), caption=(Text("Вид - сверху"),), credit=(Text('Фото: "ТАСС"'),)),
        Paragraph((Text("Текст"), Note((Paragraph((Text('Сноска "в кавычках"'),)),)))),
        title='"Якорная роль" Астаны',
        lead="Казахстан - в фокусе...",
    )
    out = _apply(doc)
    assert out.meta.title == "«Якорная роль» Астаны"
    assert out.meta.lead == "Казахстан\u00a0— в\u00a0фокусе…"
    texts = document_texts(out)
    assert "Что такое «тихая дипломатия»" in texts
    assert "Вид\u00a0— сверху" in texts and "Фото: «ТАСС»" in texts
    assert "Сноска «в\u00a0кавычках»" in texts


def test_off_switch_and_non_cyrillic_languages() -> None:
    doc = _doc(Paragraph((Text('Он - "друг"'),)), Paragraph((Text('He said "yes" - ok...'),), lang="en"))
    assert _apply(doc, typography=False) == doc
    out = _apply(doc)
    assert out.blocks[0] == Paragraph((Text("Он\u00a0— «друг»"),))
    assert out.blocks[1] == doc.blocks[1]
    assert _apply(_doc(Paragraph((Text('"a" - b'),)), lang="en")) == _doc(
        Paragraph((Text('"a" - b'),)), lang="en"
    )


def test_serbian_document_uses_low_high_quotes() -> None:
    out = _apply(_doc(Paragraph((Text('Рекао је "Нови "Сад" град".'),)), lang="sr"))
    assert inline_text(out.blocks[0].inlines) == "Рекао је\u00a0„Нови ‘Сад’ град“."  # type: ignore[union-attr]


def test_kitchen_sink_and_interview_are_idempotent() -> None:
    for doc in (kitchen_sink(), interview()):
        once = _apply(doc)
        assert _apply(once) == once


def test_seed_mismatched_quotes_become_guillemets() -> None:
    from article_convert import pipeline

    doc = _apply(pipeline.read_document(SEED))
    text = "\n".join(document_texts(doc))
    assert "«тихую дипломатию»" in text
    assert "«стратегический пробел»" in text
    assert '"' not in text and "”" not in text
    assert _apply(doc) == doc


def test_nested_straight_quotes_of_the_rbc_article() -> None:
    from conftest import CORPUS, require_corpus

    require_corpus()
    corpus = CORPUS / "ru" / "bsnlp-naftogaz-gazprom-arrest-rbc.txt"
    text = corpus.read_text(encoding="utf-8-sig")
    out = typeset(text, "ru")
    assert (
        "«30 мая 2018 года на\u00a0акции организации „Блю Стрим Пайплайн Компани“, принадлежащие „Газпрому“"
        in out
    )
    assert '"' not in out


_ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГҚәіңү")
    + [" ", " ", " ", NBSP, '"', '"', "«", "»", "„", "“", "”", "-", "–", "—", ".", ",", "!", "?", "(", ")"]
    + list("0123456789")
    + ["...", " - ", " -- ", "т. е.", "А. ", "№ ", "км", "%", "https://a.ru/x", "\n"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["ru", "uk", "kk", "sr", "bg"]))
def test_idempotent_on_random_text(text: str, lang: str) -> None:
    once = typeset(text, lang)
    assert typeset(once, lang) == once


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_ALPHABET, st.booleans()), max_size=20))
def test_idempotent_on_random_inline_trees(parts: list[tuple[str, bool]]) -> None:
    inlines = tuple(Emph((Text(t),)) if emph else Text(t) for t, emph in parts)
    doc = _doc(Paragraph(inlines), Paragraph((Strong(inlines),)))
    once = _apply(doc)
    assert _apply(once) == once

    # Only Text contents change: the letters and digits are all still there, in order.
    def letters(d: Document) -> str:
        return "".join(ch for ch in "".join(document_texts(d)) if ch.isalnum())

    assert letters(once) == letters(doc)


def test_articles_in_a_bundle_use_their_own_language() -> None:
    from article_convert.ir import Article

    bundle = _doc(
        Article(Metadata(title='"Рекао"', language="sr"), (Paragraph((Text('Он је "тамо"'),)),)),
        Article(Metadata(title='"Айтты"', language="kk"), (Paragraph((Text('Ол "онда"'),)),)),
    )
    out = _apply(bundle)
    sr, kk = out.blocks
    assert sr.meta.title == "„Рекао“" and kk.meta.title == "«Айтты»"  # type: ignore[union-attr]
    assert document_texts(out)[-1] == "Ол\u00a0«онда»"
    assert "Он\u00a0је\u00a0„тамо“" in document_texts(out)
