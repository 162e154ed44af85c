"""Issue 18 (batch throughput): the fast paths give exactly what the slow ones gave.

Each test pins one shortcut taken for speed: the tagged PDF is written in one pass by reportlab,
not opened and saved again; language scores are cached and skip the URL filter when there is no URL;
the typography's flat text is joined once per change; hyphenation skips per-letter work for
words of letters only."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_convert import language
from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.transforms.typography_rules import Flat, apply_rules, pair_quotes
from article_convert.writers.pdf import PdfWriter
from tests.documents import kitchen_sink

NOW = datetime(2025, 12, 4, 10, 30, tzinfo=timezone.utc)


def _streams(data: bytes) -> dict[bytes, object]:
    """Raw (still encoded) bytes of every stream -> its /Filter."""
    pdf = pikepdf.open(io.BytesIO(data))
    return {obj.read_raw_bytes(): obj.get("/Filter") for obj in pdf.objects if isinstance(obj, pikepdf.Stream)}


def test_issue18_tagged_pdf_is_written_in_one_pass_without_pikepdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The structure tree goes into reportlab's document before it saves: no pikepdf (its import and
    re-save were ~50 ms of a cold conversion), streams Flate without ASCII85, the setting restored."""
    from reportlab import rl_config

    monkeypatch.setitem(sys.modules, "pikepdf", None)  # any import of it now fails
    before = rl_config.useA85
    ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics(), now=NOW, base_dir=Path.cwd())
    out = PdfWriter().write(kitchen_sink(), ctx)
    assert rl_config.useA85 == before
    monkeypatch.undo()
    assert b"ASCII85" not in out and out.count(b"%%EOF") == 1  # one save, no incremental update
    pdf = pikepdf.open(io.BytesIO(out))
    assert pdf.check_pdf_syntax() == []
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    filters = {str(f) for obj in streams for f in pikepdf.Array(obj.get("/Filter", pikepdf.Array()))}
    assert streams and filters == {"/FlateDecode"}, filters
    for page in pdf.pages:  # every page still reads: its content decodes to drawing operators
        assert b"BT" in page.Contents.read_bytes()
    assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes() and len(pdf.Root.StructTreeRoot.K) == 1


def _score_slow(text: str) -> language.LanguageScores:
    """score_languages without its cache and without the no-URL shortcut."""
    def drop(t: str) -> str:
        return language._TOKEN.sub(lambda m: " " if language._NOT_PROSE.search(m.group(0)) else m.group(0), t)

    original = language._drop_not_prose
    try:
        language._drop_not_prose = drop  # type: ignore[assignment]
        return language.score_languages.__wrapped__(text)  # type: ignore[attr-defined]
    finally:
        language._drop_not_prose = original  # type: ignore[assignment]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("абвгқұўіїєjљ abcxyz@.:/%0A-ё\n")), max_size=80))
def test_issue18_language_scores_fast_path_equals_slow(text: str) -> None:
    """Cached scores and the shortcut for text without URLs give the slow path's scores."""
    fast, slow = language.score_languages(text), _score_slow(text)
    assert (fast.cyrillic, fast.latin, fast.scores, fast.foreign) == (slow.cyrillic, slow.latin, slow.scores,
                                                                     slow.foreign)


def test_issue18_flat_text_follows_every_change() -> None:
    """The joined text is cached, and every edit or addition shows in the next read."""
    flat = Flat()
    flat.add("Он сказал -- ", 0)
    assert flat.text() == "Он сказал -- "
    flat.add('"да..."', 1)
    assert flat.text() == 'Он сказал -- "да..."'
    flat.apply({10: "—", 11: ""})
    assert flat.text() == 'Он сказал — "да..."'
    apply_rules(flat, "ru")
    assert flat.text() == "Он\u00a0сказал\u00a0— «да…»"
    assert flat.owned_text(0) + flat.owned_text(1) == flat.text()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('«»„“”"‘’ аб.\ufff9\ufffb')), max_size=40), st.sampled_from(["ru", "sr"]))
def test_issue18_quote_pairs_visit_only_marks(text: str, lang: str) -> None:
    """pair_quotes over the marks found by a pattern equals the walk over every character."""
    flat = Flat()
    flat.add(text + "а", 0)
    fast = pair_quotes(flat, lang)
    flat.chars[-1] = "аа"  # a slot of two letters: the text no longer matches the slots, every one is walked
    flat._text = None
    assert pair_quotes(flat, lang) == fast


def _hyphen_points_general(text: str, lang: str) -> tuple[tuple[int, str], ...]:
    """``linebreak.hyphen_points`` as it was before the shortcut (every word the general way)."""
    from article_convert.hyphenation import break_positions, supports
    from article_convert.writers.pdf import linebreak as lb

    out: list[tuple[int, str]] = []
    for m in lb._CORE.finditer(text):
        word = m.group(0)
        if not lb.MIN_WORD_LETTERS <= len(word) <= lb.MAX_WORD_LETTERS:
            continue
        wl = lb.word_lang(word, lang)
        after = 2 if wl.split("-")[0].lower() in lb.TWO_AFTER else 3
        for p in break_positions(word, wl) if supports(wl) else ():
            tail, head = word[p:].split("-")[0], word[:p].split("-")[-1]
            if sum(ch.isalpha() for ch in tail) >= after and sum(ch.isalpha() for ch in head) >= 2:
                out.append((m.start() + p, lb.HYPHEN))
        for k, ch in enumerate(word):
            if ch == "-" and k >= 2 and len(word) - k - 1 >= 2:
                out.append((m.start() + k + 1, lb.EXPLICIT))
    out.sort()
    return tuple(out)


@pytest.mark.parametrize("lang", ["ru", "kk", "uk", "en"])
def test_issue18_hyphen_points_fast_path_for_plain_words(lang: str) -> None:
    """Words of letters only take a shortcut (no per-letter counting, no mark removal): the same
    break points as the general path, for plain words, words with marks, compounds and punctuation."""
    from article_convert.writers.pdf import linebreak

    words = ["прогревание", "мемлекеттік", "незалежність", "hyphenation", "ёлочка", "сло\u0301вообразование",
             "Алма-Ата", "«государственный»,", "жаңартылған", "переосмысление", "интернационализация"]
    for word in words:
        assert linebreak.hyphen_points.__wrapped__(word, lang) == _hyphen_points_general(word, lang), word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.,@:/w1 рфкз-comrug")), max_size=60))
def test_issue18_lock_prefilter_locks_what_the_pattern_locks(text: str) -> None:
    """The quick test for "nothing to protect" never skips a text the full pattern would lock in."""
    from article_convert.transforms import typography_rules as rules

    flat = Flat()
    flat.add(text, 0)
    flat.lock_protected()
    expected = [False] * len(text)
    for m in rules._PROTECTED.finditer(text):
        for i in range(m.start(), m.end()):
            expected[i] = True
    assert flat.locked == expected
    for sample in ("see https://x.org now", "mail a@b.kz", "сайт akorda.kz.", "3,5 млн", "www.site"):
        f = Flat()
        f.add(sample, 0)
        f.lock_protected()
        assert any(f.locked), sample


def test_issue18_tounicode_hex_fast_path_equals_utf16() -> None:
    """The ToUnicode destination written with a format string (no bytes round trip) for the BMP is
    the character's UTF-16BE, as for characters beyond it."""
    from article_convert.writers.pdf.tounicode import _utf16_hex

    for cp in [*range(0xD800), *range(0xE000, 0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        assert _utf16_hex(cp) == chr(cp).encode("utf-16-be").hex().upper(), hex(cp)
