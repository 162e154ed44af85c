"""Comparing what a reader sees with what went in: word lists and in-order containment."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def norm_words(text: str) -> list[str]:
    """Letters-and-digits tokens, soft hyphens removed: quotes, dashes and spaces don't count."""
    return _WORD.findall(text.replace("\u00ad", ""))


def assert_words_in_order(expected: list[str], actual: list[str], label: str = "") -> None:
    """Every expected word occurs in ``actual`` in the same order (other words may sit between)."""
    pos = 0
    for i, word in enumerate(expected):
        try:
            pos = actual.index(word, pos) + 1
        except ValueError:
            context = " ".join(expected[max(0, i - 5) : i + 5])
            raise AssertionError(f"{label}: word #{i} {word!r} missing or out of order near: {context}") from None


def assert_document_keeps(source_text: str, head: list[str], body: list[str], label: str = "") -> None:
    """The title block's words come from the source, and every other source word is in the body, in order.

    ``head`` are the title-block strings (title, lead, byline…), ``body`` the body's texts; header
    lines consumed as metadata (e.g. a corpus id line) may be left out of ``source_text`` by the caller.
    """
    source = norm_words(source_text)
    remaining = list(source)
    for word in norm_words(" ".join(head)):
        assert word in remaining[:400] or word in source, f"{label}: title-block word {word!r} not in the source"
        if word in remaining[:400]:
            remaining.remove(word)
    assert_words_in_order(remaining, norm_words("\n".join(body)), label)


def pdf_words(text: str) -> list[str]:
    """Words of text extracted from a PDF, with words split across lines by a hyphen joined again."""
    text = re.sub(r"[-\u2010\u00ad]\s*\n\s*(?=\w)", "", text.replace("\u00ad", ""))
    return _WORD.findall(text)


def assert_words_in_order_joined(expected: list[str], actual: list[str], label: str = "") -> None:
    """Like assert_words_in_order, but an actual word may be up to three expected words run together
    (what is left of "Касым-Жомарта" broken at its hyphen at a line end and joined back)."""
    pos, i = 0, 0
    while i < len(expected):
        # the joined form, if it is the very next word, wins over a later single-word match
        for k in (3, 2):
            if i + k <= len(expected) and pos < len(actual) and actual[pos] == "".join(expected[i : i + k]):
                pos, i = pos + 1, i + k
                break
        else:
            try:
                pos = actual.index(expected[i], pos) + 1
                i += 1
            except ValueError:
                context = " ".join(expected[max(0, i - 5) : i + 5])
                raise AssertionError(
                    f"{label}: word #{i} {expected[i]!r} missing or out of order near: {context}"
                ) from None
