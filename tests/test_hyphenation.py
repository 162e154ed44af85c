"""Hyphenation: break positions per language, soft-hyphen insertion, and the reportlab letter-class fix."""

from __future__ import annotations

import sys
import types

import pytest

from article_convert import hyphenation as hy
from article_convert.hyphenation import break_positions, hyphenate_text, hyphenator_pairs, supports

# --------------------------------------------------------------------------- break positions


@pytest.mark.parametrize("lang", ["ru", "uk", "be", "bg", "sr", "en", "ru-RU", "sr-Cyrl"])
def test_dictionaries_exist(lang: str) -> None:
    assert supports(lang)


def test_unknown_language_is_not_supported() -> None:
    assert not supports("xx")
    assert break_positions("сотрудничество", "xx") == []
    assert hyphenate_text("сотрудничество", "xx") == "сотрудничество"


def test_russian_word() -> None:
    assert break_positions("сотрудничество", "ru") == [2, 6, 8, 10]


def test_two_letters_stay_on_each_side() -> None:
    for word, lang in [("обязательств", "ru"), ("ёлочка", "ru"), ("інформація", "uk"), ("hyphenation", "en")]:
        for pos in break_positions(word, lang):
            assert 2 <= pos <= len(word) - 2, (word, pos)


def test_yo_is_hyphenated_like_ye() -> None:
    assert break_positions("ёлочка", "ru") == break_positions("елочка", "ru") != []
    assert break_positions("Пётр-Великолепный", "ru")  # inside the second part


def test_never_a_lone_consonant_or_soft_sign_at_a_line_start() -> None:
    assert break_positions("інформація", "uk") == [2, 5, 7]  # ін-фор-ма-ція, not інфо-рмація
    for word in ["объявление", "подъезд", "семья", "большой"]:
        for pos in break_positions(word, "ru"):
            assert word[pos] not in "ьъ", (word, pos)


def test_combining_acute_stays_with_its_letter() -> None:
    word = "сотру\u0301дничество"
    positions = break_positions(word, "ru")
    assert positions
    for pos in positions:
        assert word[pos] != "\u0301"
    assert "".join(word[a:b] for a, b in zip([0, *positions], [*positions, len(word)], strict=True)) == word


def test_hyphenated_word_breaks_only_in_its_parts_or_at_its_hyphen() -> None:
    word = "Касым-Жомарта"
    positions = break_positions(word, "ru")
    hyphen = word.index("-")
    assert hyphen not in positions and hyphen + 1 not in positions
    assert any(p < hyphen for p in positions) and any(p > hyphen for p in positions)
    heads = [h for h, _ in hyphenator_pairs(word, "ru")]
    assert "Касым-" in heads  # the existing hyphen is a break that needs no inserted hyphen
    assert heads == sorted(heads, key=len, reverse=True)  # longest first, as reportlab expects


def test_words_with_digits_have_no_breaks() -> None:
    assert break_positions("COVID-19", "en") == []
    assert break_positions("2025-году", "ru") == []


# --------------------------------------------------------------------------- soft hyphens in text


def test_hyphenate_text_inserts_only_soft_hyphens() -> None:
    text = "Телефонный разговор Касым-Жомарта Токаева и Дональда Трампа стал четким сигналом."
    out = hyphenate_text(text, "ru")
    assert out != text
    assert out.replace("\u00ad", "") == text
    assert "Теле\u00adфон\u00adный" in out or "Те\u00adле\u00adфон\u00adный" in out


def test_hyphenate_text_is_idempotent() -> None:
    text = "Сотрудничество, ёлочка и «безопасность» — обязательства."
    once = hyphenate_text(text, "ru")
    assert hyphenate_text(once, "ru") == once


def test_hyphenate_text_leaves_urls_mail_digits_and_short_words() -> None:
    text = "https://example.org/сотрудничество mail@сотрудничество.рф COVID-19 5G-сотрудничество дом мама"
    assert hyphenate_text(text, "ru") == text


def test_hyphenate_text_handles_other_languages() -> None:
    assert "\u00ad" in hyphenate_text("інформація", "uk")
    assert "\u00ad" in hyphenate_text("беларуская", "be")


# --------------------------------------------------------------------------- Kazakh plug-in


def test_kazakh_module_is_used_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("article_convert.hyphenation.kazakh")
    fake.hyphenate_kazakh = lambda word: [3] if len(word) > 5 else []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "article_convert.hyphenation.kazakh", fake)
    hy._splitter.cache_clear()
    hy._positions_cached.cache_clear()
    try:
        assert supports("kk")
        assert break_positions("Қазақстан", "kk") == [3]
    finally:
        hy._splitter.cache_clear()
        hy._positions_cached.cache_clear()


def test_missing_kazakh_module_means_no_kazakh_hyphenation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "article_convert.hyphenation.kazakh", None)  # import raises
    hy._splitter.cache_clear()
    try:
        with pytest.raises(ModuleNotFoundError):
            import article_convert.hyphenation.kazakh  # noqa: F401
        assert not supports("kk")
    finally:
        hy._splitter.cache_clear()


# --------------------------------------------------------------------------- reportlab fix


def test_reportlab_fix_applies_to_this_reportlab() -> None:
    from reportlab.platypus import paragraph

    from article_convert.hyphenation import reportlab_fix

    assert reportlab_fix.is_tested_version(), "reportlab changed major version: re-check reportlab_fix.py"
    assert reportlab_fix.apply() is True
    for word in ["ёлочка", "їжачок", "єнотами", "ґанок", "ўсялякі", "Қазақстан", "әлемдегі", "пои\u0301ти"]:
        assert paragraph._hy_letters_pat.match(word), word
    assert paragraph._hy_pfx_pat.match("«слово")
    assert paragraph._hy_sfx_pat.search("слово»")


def _wrapped_lines(text: str, hyphenator: object, width: float = 120) -> list[str]:
    """The lines reportlab sets for ``text`` in a narrow justified paragraph."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from article_convert.writers.pdf.fonts import font_set

    style = ParagraphStyle("t", fontName=font_set().body.regular.name, fontSize=10, leading=13,
                           alignment=TA_JUSTIFY, hyphenationLang=hyphenator)
    para = Paragraph(text, style)
    para.wrap(width, 10_000)
    lines = []
    for line in para.blPara.lines:
        ws = line[1] if isinstance(line, tuple) else line.words
        lines.append(" ".join(w if isinstance(w, str) else "".join(t for _, t in w[1:]) for w in ws))
    return lines


@pytest.mark.parametrize(
    ("lang", "text", "letters"),
    [
        ("ru", "ёлочками разъёмами ёлочками разъёмами ёлочками разъёмами", "ё"),
        ("uk", "інформація їжачками єднаннями ґрунтовного інформація їжачками", "іїєґ"),
        ("be", "ўсялякіх праўдзівага ўсялякіх праўдзівага ўсялякіх праўдзівага", "ўі"),
    ],
)
def test_words_with_letters_outside_u0410_u044f_get_hyphenated(lang: str, text: str, letters: str) -> None:
    from article_convert.hyphenation.reportlab_fix import hyphenator_for

    broken = []
    for width in range(60, 200, 6):
        lines = _wrapped_lines(text, hyphenator_for(lang), width)
        broken += [line.split()[-1] for line in lines[:-1] if line.endswith("-")]
    assert broken, "no line was hyphenated"
    assert all(any(ch in word for ch in letters) for word in text.split())  # every word needs the fix


def test_without_the_fix_those_words_are_not_hyphenated(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: reportlab's own letter class (U+0410-U+044F) never lets ё/і/ў words through."""
    import re

    from reportlab.platypus import paragraph

    from article_convert.hyphenation.reportlab_fix import hyphenator_for

    hyphenator = hyphenator_for("uk")
    monkeypatch.setattr(paragraph, "_hy_letters_pat", re.compile("^[A-Za-z\u0410-\u044f]+$"))
    monkeypatch.setattr(paragraph, "_hy_shy_letters_pat", re.compile("^[-\u00adA-Za-z\u0410-\u044f]+$"))
    text = "інформація їжачками єднаннями ґрунтовного інформація їжачками"
    for width in range(60, 200, 6):
        assert not any(line.endswith("-") for line in _wrapped_lines(text, hyphenator, width))


def test_kazakh_letters_reach_the_hyphenator() -> None:
    """Before the fix reportlab never asked about a word with ә/қ/ң…; now it does and breaks it."""
    from article_convert.hyphenation import reportlab_fix

    reportlab_fix.apply()
    asked: list[str] = []

    def syllables(word: str):
        asked.append(word)
        for cut in range(len(word) - 2, 1, -1):
            yield word[:cut], word[cut:]

    lines = _wrapped_lines("Қазақстандағы әлеуметтік өңірлердегі Қазақстандағы әлеуметтік", syllables)
    assert any(any(ch in w for ch in "әқңөі") for w in asked)
    assert any(line.endswith("-") for line in lines[:-1]), lines
