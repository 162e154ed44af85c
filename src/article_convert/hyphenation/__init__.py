"""The project's hyphenation: where a word may break, per language, for every writer.

Break positions come from pyphen's dictionaries (ru, uk, be, bg, sr, en) or, for Kazakh,
from ``hyphenation.kazakh`` when that module is installed. Every language gets the same
care: at least two letters on each side, ``ё`` treated like ``е`` (the dictionaries lack
it), combining marks (stress U+0301) never separated from their letter, words with inner
hyphens broken only inside their parts (the hyphen itself is a break already), and a few
typographic rules the dictionaries miss (no lone consonant, no tail starting with ь/ъ).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

LEFT_MIN = 2
RIGHT_MIN = 2
MIN_WORD_LETTERS = 5
SOFT_HYPHEN = "\u00ad"

# BCP 47 base language -> pyphen dictionary name (checked against pyphen.LANGUAGES).
PYPHEN_DICTIONARIES: dict[str, str] = {
    "ru": "ru_RU",
    "uk": "uk_UA",
    "be": "be_BY",
    "bg": "bg_BG",
    "sr": "sr",  # pyphen's "sr" is Cyrillic; "sr_Latn" is the Latin one
    "en": "en_US",
}

VOWELS = frozenset("аеёиоуыэюяіїєәөұүAEIOUYaeiouy" + "аеёиоуыэюяіїєәөұү".upper())
_NO_TAIL_START = frozenset("ьъЬЪ")
_VOWEL = re.compile("[" + re.escape("".join(sorted(VOWELS))) + "]")

Splitter = Callable[[str], list[int]]


def _base(lang: str) -> str:
    """``sr-Cyrl-RS`` -> ``sr``; ``sr-Latn`` keeps its script."""
    parts = (lang or "").replace("_", "-").split("-")
    base = parts[0].lower()
    if base == "sr" and any(p.lower() == "latn" for p in parts[1:]):
        return "sr_Latn"
    return base


@functools.cache
def _pyphen(dict_name: str) -> object | None:
    """One pyphen hyphenator per dictionary and process."""
    import pyphen

    if dict_name not in pyphen.LANGUAGES:
        return None
    from .pyphen_cache import install

    install(dict_name)  # the parsed patterns from the per-user cache (issue 18)
    return pyphen.Pyphen(lang=dict_name, left=LEFT_MIN, right=RIGHT_MIN)


def _kazakh() -> Splitter | None:
    """The Kazakh hyphenator from ``hyphenation.kazakh`` if that module exists."""
    try:
        from .kazakh import hyphenate_kazakh
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith("hyphenation.kazakh"):
            return None
        raise
    return hyphenate_kazakh


class _PatternMatcher:
    """pyphen's pattern matching (``HyphDict.positions`` with ``Pyphen``'s left/right limits), the
    same positions as plain ints, ~2-3x faster (issue 18: it was the largest part of breaking a new
    article's lines). pyphen slices every substring of up to ``maxlen`` letters and builds an int
    subclass per position; this looks the slices up directly and, once the dictionary has served
    ``trie_after`` words in this process, walks a trie of the patterns instead (one dict step per
    letter; building it costs about as much as ~1,000 words save, so a short run never pays for it)."""

    def __init__(self, patterns: dict[str, tuple[int, tuple[int, ...]]], left: int, right: int,
                 trie_after: int | None = None) -> None:
        self.patterns = patterns
        self.maxlen = max(map(len, patterns), default=0)
        self.left, self.right = left, right
        self.trie_after = len(patterns) // 4 if trie_after is None else trie_after
        self.served = 0
        self.trie: dict[str | None, Any] | None = None

    def positions(self, word: str) -> list[int]:
        """Where pyphen would allow a hyphen in ``word`` (sorted)."""
        if self.trie is None:
            self.served += 1
            if self.served <= self.trie_after:
                return self._limits(word, self._by_slices(word.lower()))
            self.trie = self._build_trie()
        return self._limits(word, self._by_trie(word.lower()))

    def _limits(self, word: str, refs: list[int]) -> list[int]:
        # pyphen: position i - 1 for every odd value at i, kept when left <= position <= len(word) - right
        return [i - 1 for i in range(self.left + 1, len(word) - self.right + 2) if refs[i] & 1]

    def _by_slices(self, word: str) -> list[int]:
        pointed = f".{word}."
        n = len(pointed)
        refs = [0] * (n + 1)
        get = self.patterns.get
        maxlen = self.maxlen
        for i in range(n - 1):
            for j in range(i + 1, min(i + maxlen, n) + 1):
                pattern = get(pointed[i:j])
                if pattern is not None:
                    at = i + pattern[0]
                    for v in pattern[1]:
                        if v > refs[at]:
                            refs[at] = v
                        at += 1
        return refs

    def _build_trie(self) -> dict[str | None, Any]:
        root: dict[str | None, Any] = {}
        for key, value in self.patterns.items():
            node = root
            for ch in key:
                node = node.setdefault(ch, {})
            node[None] = value
        return root

    def _by_trie(self, word: str) -> list[int]:
        pointed = f".{word}."
        n = len(pointed)
        refs = [0] * (n + 1)
        root = self.trie
        assert root is not None
        for i in range(n - 1):
            node = root
            for j in range(i, n):
                child = node.get(pointed[j])
                if child is None:
                    break
                node = child
                pattern = node.get(None)
                if pattern is not None:
                    at = i + pattern[0]
                    for v in pattern[1]:
                        if v > refs[at]:
                            refs[at] = v
                        at += 1
        return refs


def fast_splitter(hyph_dict: Any, left: int = LEFT_MIN, right: int = RIGHT_MIN,
                  trie_after: int | None = None) -> Splitter | None:
    """The ``_PatternMatcher`` for a ``pyphen.HyphDict`` (None when it has no patterns table)."""
    patterns = getattr(hyph_dict, "patterns", None)
    if not isinstance(patterns, dict) or not patterns:
        return None
    return _PatternMatcher(patterns, left, right, trie_after).positions


@functools.cache
def _splitter(lang: str) -> Splitter | None:
    """The raw break-position function for a language, or None when unsupported."""
    base = _base(lang)
    if base == "kk":
        return _kazakh()
    name = PYPHEN_DICTIONARIES.get(base, base if base == "sr_Latn" else "")
    dic = _pyphen(name) if name else None
    if dic is None:
        return None
    fast = fast_splitter(getattr(dic, "hd", None), dic.left, dic.right)  # type: ignore[attr-defined]
    return fast or dic.positions  # type: ignore[attr-defined]


def supports(lang: str) -> bool:
    """True when words in ``lang`` can be hyphenated."""
    return _splitter(lang) is not None


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _clean(positions: list[int], word: str) -> list[int]:
    """Apply the rules every language shares to raw positions in a mark-free, hyphen-free word."""
    n = len(word)
    ok = sorted({p for p in positions if LEFT_MIN <= p <= n - RIGHT_MIN})
    if not ok:
        return ok
    first = _VOWEL.search(word)
    if first is None:
        return []
    last = n - 1 - _VOWEL.search(word[::-1]).start()  # type: ignore[union-attr]  # a vowel exists
    # a vowel on both sides (one before p, one at or after p), no tail starting with ь/ъ
    ok = [p for p in ok if first.start() < p <= last and word[p] not in _NO_TAIL_START]
    kept = set(ok)
    # "инфо-рмация": keep "инфор-мация" (no lone consonant before a break that has one after it)
    return [p for p in ok if not (p + 1 in kept and word[p] not in VOWELS)]


def _part_positions(part: str, split: Splitter) -> list[int]:
    """Positions inside one hyphen-free part, combining marks kept with their letter."""
    if part.isalpha():  # letters only (Mn/Me marks are not alphabetic): nothing to take out
        plain = part
        index: list[int] | None = None
    else:
        letters: list[str] = []
        index = []  # index in ``part`` of each kept letter
        for i, ch in enumerate(part):
            if not _is_mark(ch):
                letters.append(ch)
                index.append(i)
        plain = "".join(letters)
    if len(plain) < LEFT_MIN + RIGHT_MIN:
        return []
    lookup = plain.replace("ё", "е").replace("Ё", "Е")
    raw = [p for p in split(lookup) if 0 < p < len(plain)]
    if index is None:
        return _clean(raw, plain)
    return [index[p] for p in _clean(raw, plain)]


@functools.lru_cache(maxsize=65536)
def _positions_cached(word: str, lang: str) -> tuple[int, ...]:
    split = _splitter(lang)
    if split is None:
        return ()
    if word.isalpha():  # most words: one part, no digit, no mark (no letter is a digit or a mark)
        if len(word) < LEFT_MIN + RIGHT_MIN:
            return ()
        n = len(word)
        return tuple(_clean([p for p in split(word.replace("ё", "е").replace("Ё", "Е")) if 0 < p < n], word))
    if any(ch.isdigit() for ch in word):
        return ()
    result: list[int] = []
    offset = 0
    for part in word.split("-"):
        if part:
            result.extend(offset + p for p in _part_positions(part, split))
        offset += len(part) + 1
    return tuple(result)


def break_positions(word: str, lang: str) -> list[int]:
    """Indices in ``word`` where a hyphen may be inserted (sorted; existing hyphens not included).

    A word ``Касым-Жомарта`` may also break right after its own hyphen; that break needs no
    inserted hyphen and is therefore not listed here.
    """
    if SOFT_HYPHEN in word:
        return []
    return list(_positions_cached(word, lang))


def hyphenator_pairs(word: str, lang: str) -> Iterator[tuple[str, str]]:
    """(head, tail) splits, longest head first, including splits after an existing hyphen.

    The order and shape are what reportlab expects from a hyphenation callable: a head not
    ending in ``-`` gets a hyphen added when the line is drawn.
    """
    cuts = set(break_positions(word, lang))
    cuts.update(i + 1 for i, ch in enumerate(word) if ch == "-" and i >= LEFT_MIN and i + 1 < len(word))
    for p in sorted(cuts, reverse=True):
        yield word[:p], word[p:]


_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[\w\u00ad\u0300-\u036f]+(?:-[\w\u00ad\u0300-\u036f]+)*")
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)|@|\.(?:ru|kz|ua|by|com|org|net|рф)\b", re.IGNORECASE)


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def _hyphenate_word(word: str, lang: str) -> str:
    if (
        SOFT_HYPHEN in word
        or _letters(word) < MIN_WORD_LETTERS
        or any(ch.isdigit() or ch == "_" for ch in word)
    ):
        return word
    cuts = break_positions(word, lang)
    if not cuts:
        return word
    pieces = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    return SOFT_HYPHEN.join(pieces)


def hyphenate_text(text: str, lang: str) -> str:
    """``text`` with U+00AD inserted at every break position of every word.

    URLs, e-mail addresses, words with digits, words already holding soft hyphens and words
    shorter than five letters are left alone, so the function is idempotent.
    """
    if not supports(lang):
        return text

    def token(m: re.Match[str]) -> str:
        tok = m.group(0)
        if _URLISH.search(tok):
            return tok
        return _WORD.sub(lambda w: _hyphenate_word(w.group(0), lang), tok)

    return _TOKEN.sub(token, text)


__all__ = ["SOFT_HYPHEN", "break_positions", "hyphenate_text", "hyphenator_pairs", "supports"]
