"""Issue 18: the faster Knuth–Plass breaker and hyphenation make the same decisions as before.

The breaker is compared with a verbatim copy of the one it replaced (``kp_reference.py``) on every
paragraph the PDF writer breaks in articles of the shared corpus (several languages, three page
widths, hyphenation and glyph expansion on), and on random paragraphs; the hyphenation pattern
matcher is compared with pyphen's own on every word of the corpus, in every dictionary we use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kp_reference import reference_break_lines

from article_convert.typeset import knuth_plass
from article_convert.typeset.knuth_plass import INFINITY, Items, Params, break_lines

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# one or two articles per language, short and long (the shared corpus is read-only: used by path)
ARTICLES = ["ru/bsnlp-klimkin-gas-transit.txt", "ru/nerel-jackson-mother.txt", "uk", "kk", "sr", "be", "bg", "mn",
            "tt", "ba"]
PROFILES = [None, "a5", "kindle"]  # A4 (the default), A5, a 6-inch screen: three measures


def _articles() -> list[Path]:
    out: list[Path] = []
    for entry in ARTICLES:
        path = CORPUS / entry
        if path.suffix == ".txt":
            out.append(path)
        else:
            out.extend(sorted(p for p in path.glob("*.txt") if p.stat().st_size <= 40_000)[:2])
    return out


def _key(breaks: list[Any]) -> list[tuple[int, float, bool]]:
    return [(b.index, b.ratio, b.ragged) for b in breaks]


def _copy(items: Items) -> Items:
    return Items(list(items.kind), list(items.width), list(items.stretch), list(items.shrink),
                 list(items.penalty), list(items.flagged))


@pytest.mark.slow
def test_issue18_fast_breaker_breaks_corpus_paragraphs_like_the_old_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every paragraph the PDF writer breaks (corpus articles, 3 page widths): same breaks, same ratios."""
    from article_convert import registry
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import load_source, make_context, read_source
    from article_convert.settings import resolve_settings
    from article_convert.writers.pdf import linebreak

    articles = _articles()
    if not CORPUS.is_dir() or len(articles) < 8:
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    seen: list[int] = []
    mismatches: list[str] = []
    real = linebreak.break_lines

    def compare(items: Items, widths: Any, params: Params) -> Any:
        before = reference_break_lines(_copy(items), list(widths), params)
        after = real(items, widths, params)
        seen.append(len(items))
        if _key(after) != _key(before):
            mismatches.append(f"{len(items)} items, widths {list(widths)}: {_key(before)} != {_key(after)}")
        return after

    monkeypatch.setattr(linebreak, "break_lines", compare)
    pdf = registry.get_writer("pdf")
    for profile in PROFILES:
        settings_ = resolve_settings(ConvertOptions(profile=profile))
        for path in articles:
            source = load_source(path)
            ctx = make_context(source, settings_)
            pdf.write(read_source(source, ctx), ctx)
    assert not mismatches, mismatches[:3]
    assert len(seen) > 1000 and sum(n > 300 for n in seen) > 20, (len(seen), max(seen))  # many, some long


def _items(draw: Any) -> Items:
    it = Items()
    for _ in range(draw(st.integers(1, 60))):
        what = draw(st.sampled_from("bbbbgp"))
        if what == "b":
            w = draw(st.floats(0.5, 40.0))
            stretch = draw(st.sampled_from([0.0, 0.0, 0.025 * w]))
            it.box(w, stretch, stretch)
            if draw(st.booleans()):
                it.glue(3.0, 1.5, 1.0)
        elif what == "g":
            it.glue(draw(st.floats(0.0, 6.0)), draw(st.floats(0.0, 3.0)), draw(st.floats(0.0, 2.0)))
        else:
            it.pen(draw(st.sampled_from([0.0, 3.0])), draw(st.sampled_from([-INFINITY, 0.0, 50.0, 1000.0, 5000.0,
                                                                             INFINITY])), draw(st.booleans()))
    it.finish(fill=draw(st.booleans()))
    return it


@st.composite
def _paragraphs(draw: Any) -> tuple[Items, list[float], Params]:
    items = _items(draw)
    widths = draw(st.lists(st.floats(10.0, 120.0), min_size=1, max_size=3))
    params = Params(tolerance=draw(st.sampled_from([1.0, 1.5, 2.0])), max_hyphen_run=draw(st.integers(1, 3)),
                    min_last_line=draw(st.sampled_from([0.0, 15.0])))
    return items, widths, params


@settings(max_examples=200, deadline=None)
@given(_paragraphs())
def test_issue18_fast_breaker_equals_the_old_one_on_random_paragraphs(case: tuple[Items, list[float], Params]) -> None:
    items, widths, params = case
    assert _outcome(break_lines, _copy(items), widths, params) == _outcome(reference_break_lines, items, widths, params)


def _outcome(breaker: Any, items: Items, widths: list[float], params: Params) -> Any:
    """The breaks, or the error (a paragraph with no feasible way through, e.g. nothing but a glue of
    almost no stretch before the forced end, fails the breaker's own assertion, old and new alike)."""
    try:
        return _key(breaker(items, widths, params))
    except AssertionError:
        return "AssertionError"


def test_issue18_breaker_prepares_the_sums_once_for_all_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph that needs all three passes (a word wider than the line) sums its items once."""
    calls: list[int] = []
    real = knuth_plass._prepare
    monkeypatch.setattr(knuth_plass, "_prepare", lambda items: calls.append(1) or real(items))
    it = Items()
    it.box(10.0)
    it.glue(1.0, 0.5, 0.3)
    it.box(80.0)
    it.finish()
    breaks = break_lines(it, [30.0])
    assert calls == [1] and breaks[-1].index == len(it) - 1


def _corpus_words() -> list[str]:
    words: set[str] = set()
    for path in CORPUS.glob("*/*.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4)
    return sorted(words)


@pytest.mark.parametrize("dictionary", ["ru_RU", "uk_UA", "be_BY", "bg_BG", "sr", "en_US"])
def test_issue18_pattern_matcher_equals_pyphen_on_corpus_words(dictionary: str) -> None:
    """Our matcher (plain slices, then a trie) gives pyphen's positions for every corpus word."""
    import pyphen

    from article_convert.hyphenation import LEFT_MIN, RIGHT_MIN, fast_splitter

    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    words = _corpus_words()
    words += [w.upper() for w in words[::7]] + [w.capitalize() for w in words[::5]] + ["İstanbul", "ǅemal"]
    reference = pyphen.Pyphen(lang=dictionary, left=LEFT_MIN, right=RIGHT_MIN, cache=False)
    split = fast_splitter(reference.hd, LEFT_MIN, RIGHT_MIN, trie_after=len(words) // 2)
    assert split is not None
    got = [split(w) for w in words]  # the first half by slices, the rest through the trie
    want = [[int(p) for p in reference.positions(w)] for w in words]
    assert got == want
    assert split.__self__.trie is not None  # type: ignore[attr-defined]  # both ways were compared
