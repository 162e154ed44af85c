"""Issue 9, pages of very many tiny blocks: the per-block shortcuts of typography and recognition.

A page of 99,000 one-word paragraphs, table cells or divs (just under the HTML extractors' element
budget) took 11-13 s of CPU to JSON, ~70 µs a block in typography alone: every rule searched every
block, and the recognisers walked each block's inlines several times. Now a rule is searched only
where the text holds what its matches need (``Rule.needs``), a block without any character a rule
acts on is not flattened at all (``TRIGGERS``), untouched blocks are kept rather than copied, and the
recognisers read a one-run paragraph's text without a walk. Each shortcut must give exactly what the
full work gives: these tests compare the two on corpus paragraphs and generated text. The whole-CLI
bounds are cases of the hostile suite (``tests/hostile/test_tiny_elements.py``: html-p, html-td,
html-div); the speed is measured by ``benchmarks/bench_tiny_elements.py``, not here.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from article_convert.ir import (
    Code,
    Div,
    Document,
    Emph,
    Image,
    LineBreak,
    Link,
    Metadata,
    Note,
    Paragraph,
    Quoted,
    Span,
    Strong,
    Table,
    Text,
)
from article_convert.recognition.boilerplate import _phrases, boilerplate_kind
from article_convert.recognition.text import is_link_only, plain_of, single_spaces, text_of
from article_convert.transforms.typography import Typography, typeset_inlines
from article_convert.transforms.typography_rules import (
    _AFTER,
    _BEFORE,
    NBSP,
    QUOTES,
    TRIGGERS,
    Flat,
    Rule,
    can_change,
    pair_quotes,
    typeset,
)

from .conftest import SEED, corpus_files
from .test_typography import _ALPHABET, _apply

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("ru", "uk", "kk", "sr", "bg")


def _paragraphs() -> list[str]:
    """Every line of the corpus's and the repository's articles (and the seed): real paragraphs,
    headlines, bylines and boilerplate lines."""
    files = corpus_files(".txt", ".md") + sorted((ROOT / "tests" / "fixtures").glob("articles*/*.txt")) + [SEED]
    lines: list[str] = []
    for path in files:
        lines += [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [line for line in lines if line]


PARAGRAPHS = _paragraphs()


def test_i9_rule_prefilters_never_change_the_typography_of_corpus_paragraphs() -> None:
    changed = 0
    for text in PARAGRAPHS:
        for lang in ("ru", "sr"):  # sr: its inner quotes are single, another path of the quote pass
            fast = typeset(text, lang)
            assert fast == typeset(text, lang, prefilter=False), (lang, text)
            changed += fast != text
    assert changed > 200, changed  # the rules did act: the comparison is not between two no-ops


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(LANGS))
def test_i9_rule_prefilters_never_change_the_typography_of_random_text(text: str, lang: str) -> None:
    assert typeset(text, lang) == typeset(text, lang, prefilter=False)


def test_i9_every_rule_has_a_prefilter() -> None:
    assert all(isinstance(rule, Rule) and rule.needs is not None for rule in _BEFORE + _AFTER)


_QUIET = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГҚәіңү0123456789,!?();:%№§\n") + [NBSP, "км", "т"])
"""Characters and pieces without any of ``TRIGGERS`` (no space, full stop, dash or quote mark)."""


@settings(max_examples=300, deadline=None)
@given(st.lists(_QUIET, max_size=40).map("".join), st.sampled_from(LANGS))
def test_i9_a_text_without_trigger_characters_matches_no_rule(text: str, lang: str) -> None:
    assert not can_change(text) and TRIGGERS.search(text) is None
    flat = Flat()
    flat.add(text, 0)
    for rule in _BEFORE + _AFTER:
        assert rule.needs.search(text) is None, rule.pattern.pattern
        assert rule(flat, prefilter=False) == {}, rule.pattern.pattern
    assert pair_quotes(flat, lang) == []
    assert typeset(text, lang, prefilter=False) == text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_ALPHABET, _QUIET), max_size=40).map("".join))
def test_i9_whatever_a_rule_needs_holds_a_trigger_character(text: str) -> None:
    for rule in _BEFORE + _AFTER:
        for m in rule.needs.finditer(text):
            assert TRIGGERS.search(m.group()), (rule.pattern.pattern, m.group())
    for mark in QUOTES + "‘’":  # what the quote passes act on (Quoted placeholders come from nodes)
        assert can_change(mark), mark


_PIECE = st.one_of(_ALPHABET, _QUIET, st.sampled_from(["слово", "жабв", "«да»", "т. е.", "1941-1945", "— Да"]))


def _inline_trees():  # type: ignore[no-untyped-def]
    """Inline content of one-word and longer runs in every container (quotes and notes included)."""
    text = st.lists(_PIECE, min_size=1, max_size=4).map(lambda parts: Text("".join(parts)))
    leaf = st.one_of(text, text, text, st.just(LineBreak()), st.just(Code("к -- од")), st.just(Image("x.png", "а - б")))

    def containers(kids):  # type: ignore[no-untyped-def]
        many = st.lists(kids, min_size=1, max_size=3).map(tuple)
        return st.one_of(many.map(Emph), many.map(Strong), many.map(Quoted), many.map(lambda k: Link(k, "https://e.kz/а-б")),
                         many.map(lambda k: Span(k, "kk")), many.map(lambda k: Note((Paragraph(k),))))

    return st.lists(st.recursive(leaf, containers, max_leaves=6), min_size=1, max_size=4).map(tuple)


@settings(max_examples=300, deadline=None)
@given(_inline_trees(), st.sampled_from(LANGS))
def test_i9_block_prefilter_never_changes_typeset_inlines(inlines: tuple, lang: str) -> None:  # type: ignore[type-arg]
    assert typeset_inlines(inlines, lang) == typeset_inlines(inlines, lang, prefilter=False)


def test_i9_typography_keeps_untouched_blocks_and_changes_the_others() -> None:
    word = Paragraph((Text("жабв"),))
    cell = Table((((Paragraph((Text("1941"),)),), (Paragraph((Text("жгд"),)),)),))
    doc = Document(Metadata(language="ru"), (word, cell, Div("section", (word,))))
    out = _apply(doc)
    assert out.blocks[0] is word and out.blocks[1] is cell and out.blocks[2] is doc.blocks[2]  # kept, not copied
    spaced = Paragraph((Text("а в доме"),))
    out = _apply(Document(Metadata(language="ru"), (spaced, Table((((spaced,),),)))))
    assert out.blocks[0] == Paragraph((Text(f"а{NBSP}в{NBSP}доме"),))
    assert out.blocks[1] == Table((((Paragraph((Text(f"а{NBSP}в{NBSP}доме"),)),),),))


def test_i9_a_note_in_a_one_word_paragraph_is_still_typeset() -> None:
    note = Note((Paragraph((Text("т. е. «да»"),)),))
    doc = Document(Metadata(language="ru"), (Paragraph((Text("слово"), note)),))
    out = Typography().apply(doc, _context())
    assert out.blocks[0].inlines[1] == Note((Paragraph((Text(f"т.{NBSP}е. «да»"),)),))  # type: ignore[union-attr]


def _context():  # type: ignore[no-untyped-def]
    from article_convert.context import Context, ConvertOptions

    return Context(options=ConvertOptions())


# --------------------------------------------------------------------------- recognition


def test_i9_phrase_sets_find_inside_a_line_what_a_search_for_every_phrase_finds() -> None:
    lines = PARAGRAPHS + ["Поделиться", "Подписывайтесь на наш канал в Telegram", "Нашли ошибку? Выделите её"]
    for kind, phrases in _phrases().items():
        every = phrases._all
        hits = 0
        for line in lines:
            low = line.lower()
            want = any(p in low for p in every)
            assert phrases.inside(line) == want, (kind, line)
            assert phrases.inside(line, low) == want
            hits += want
        assert hits, kind  # each set is found somewhere: the comparison is not between two "no"s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "  ", "\u00a0", "\n", "https://e.kz/а", "http://", "www.e.kz", "слово",
                                 "Поделиться", "— Да:", "https://e.kz/ б"]), max_size=5).map("".join),
       st.integers(0, 8))
def test_i9_the_one_run_shortcut_reads_a_paragraph_as_the_general_walk_does(text: str, cut: int) -> None:
    one = Paragraph((Text(text),))
    two = Paragraph((Text(text[:cut]), Text(text[cut:])))  # two runs: the general path
    assert text_of(one) == text_of(two)
    assert plain_of(one) == plain_of(two)
    assert is_link_only(one) == is_link_only(two)


def test_i9_boilerplate_kind_is_the_same_remembered_or_worked_out() -> None:
    from article_convert.recognition.boilerplate import _line_kind

    lines = PARAGRAPHS + ["Поделиться", "Реклама", "Комментарии", "Читайте также: Новости дня", "© ТАСС", "Теги: город"]
    found = 0
    for line in lines + lines:  # the second round comes from the cache
        text = single_spaces(line)
        want = _line_kind.__wrapped__(text) if text and len(text) <= 200 else None
        assert boilerplate_kind(line) == want, line
        found += want is not None
    assert found >= 12, found
