"""Soft hyphens (U+00AD) for readers that ignore CSS ``hyphens``: one switch point to the project module.

The project's ``article_convert.hyphenation.hyphenate_text(text, lang)`` is used when it exists;
until then pyphen does the same job behind :func:`hyphenate_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

SHY = "\u00ad"

# Tokens never hyphenated: URLs, e-mail addresses, anything with digits or underscores.
_UNTOUCHABLE = re.compile(r"://|^www\.|@|[\d_]")
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")


def hyphenator(lang: str) -> tuple[Callable[[str, str], str], bool]:
    """The project's ``hyphenate_text`` if installed, else the pyphen fallback below; and whether
    ``lang`` has break patterns at all."""
    try:
        from article_convert.hyphenation import hyphenate_text as project_hyphenate  # type: ignore
        from article_convert.hyphenation import supports  # type: ignore
    except ImportError:
        return hyphenate_text, available(lang)
    return project_hyphenate, bool(supports(lang))


def hyphenate_text(text: str, lang: str) -> str:
    """Insert U+00AD at pyphen's break points in every word of ``text`` (URL-like tokens kept)."""
    dic = _dictionary(lang)
    if dic is None:
        return text
    return _TOKEN.sub(lambda m: _token(m.group(0), dic), text)


def _token(token: str, dic: object) -> str:
    if _UNTOUCHABLE.search(token) or SHY in token:
        return token
    return _WORD.sub(lambda m: _word(m.group(0), dic), token)


def _word(word: str, dic: object) -> str:
    if len(word) < 5:
        return word
    parts = re.split(r"([-\u2010\u2011])", word)
    return "".join(p if len(p) < 5 else dic.inserted(p, hyphen=SHY) for p in parts)  # type: ignore[attr-defined]


@lru_cache(maxsize=16)
def _dictionary(lang: str) -> object | None:
    """A cached pyphen dictionary for ``lang`` (``ru`` -> ``ru_RU``), None if pyphen has none."""
    import pyphen

    tag = (lang or "").replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        found = pyphen.language_fallback(candidate) if candidate and candidate.lower() != "und" else None
        if found:
            return pyphen.Pyphen(lang=found, left=2, right=2)
    return None


def available(lang: str) -> bool:
    """Whether soft hyphens can be computed for ``lang`` (by the pyphen fallback)."""
    return _dictionary(lang) is not None
