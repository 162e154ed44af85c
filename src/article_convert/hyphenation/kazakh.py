"""Kazakh hyphenation from the language's syllable rules (no pattern dictionary exists for kk).

Rules (Kazakh orthography; sources cited in tests/test_kazakh_hyphenation.py):

- A syllable has one vowel; syllables are V, VC, CV, CVC, CVCC (а-та, ат-ты, қа-лам, қант).
- A word is carried over at syllable boundaries (тасымал буын жігінен): between two vowels
  the break goes before the last consonant of the consonant cluster (мек-теп, бал-шық,
  айт-ты). Exception for loanwords: when the cluster has three or more consonants, the first
  is not a sonorant (л м н ң р й у) and the rest is a common onset (ст, тр, ...), the break
  goes after the first consonant (Қазақ-стан, not Қазақс-тан), since a Kazakh syllable
  can end in two consonants only when the first is a sonorant (емле §20).
- A line never starts with a vowel: a syllable other than the first does not begin with a
  vowel in Kazakh, so there is no break between two vowel letters (би-е is not carried).
  The iotated е ё ю я after a vowel begin with the consonant [й]: са-я-сат (not after и,
  whose glide they share: де-кла-ра-ция, әде-биет).
- Letters: vowels а ә е ё и о ө у ұ ү ы і э ю я. и stands for ый/ій and у for ұу/үу; after
  a vowel (and у at the start of a word before a vowel) they are the glides [й]/[w] and count
  as consonants: та-уы, сау-да, уа-қыт. й is always a consonant.
- ь and ъ belong to the consonant before them; a single consonant with ь/ъ before a vowel
  stays on the first line: объ-ект.
- Never fewer than two letters on either side of a break (а-та is not carried: "А-бай
  делініп тасымалданбайды"); hyphenated compounds are hyphenated per part.
"""

from __future__ import annotations

import itertools
import re

VOWELS = frozenset("аәеёиоөуұүыіэюя")
IOTATED = frozenset("еёюя")
SONORANTS = frozenset("лмнңрйу")
SIGNS = frozenset("ьъ")
MIN_SIDE = 2
_ONSETS = frozenset(
    {
        "ст",
        "сп",
        "ск",
        "тр",
        "пр",
        "кр",
        "бр",
        "гр",
        "др",
        "вр",
        "фр",
        "пл",
        "бл",
        "кл",
        "гл",
        "шт",
        "зд",
        "стр",
        "скр",
        "спр",
    }
)
_RUN = re.compile(r"[^\W\d_]+")


def _kinds(word: str) -> list[str]:
    """Per letter: ``V`` (vowel), ``C`` (consonant) or ``S`` (soft/hard sign)."""
    kinds: list[str] = []
    for i, ch in enumerate(word):
        if ch in SIGNS:
            kinds.append("S")
        elif ch in VOWELS:
            after_vowel = i > 0 and kinds[i - 1] == "V"
            initial_glide = i == 0 and ch == "у" and len(word) > 1 and word[1] in VOWELS
            kinds.append("C" if ch in "иу" and (after_vowel or initial_glide) else "V")
        else:
            kinds.append("C")
    return kinds


def _units(word: str, kinds: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Consonant units (start, end) in word[start:end]; a sign joins the consonant before it."""
    units: list[tuple[int, int]] = []
    for i in range(start, end):
        if kinds[i] == "S" and units:
            units[-1] = (units[-1][0], i + 1)
        elif kinds[i] != "S":
            units.append((i, i + 1))
    return units


def _cluster_break(word: str, kinds: list[str], start: int, end: int) -> int | None:
    """Where to break the consonants word[start:end] lying between two vowels."""
    units = _units(word, kinds, start, end)
    if not units:
        return None
    if len(units) == 1:
        first_start, first_end = units[0]
        return first_end if first_end - first_start > 1 else first_start
    if len(units) >= 3 and word[units[0][0]] not in SONORANTS:
        rest = "".join(word[a] for a, _ in units[1:])
        if rest in _ONSETS:
            return units[1][0]
    return units[-1][0]


def _run_breaks(run: str) -> list[int]:
    """Break positions inside one run of letters."""
    word = run.lower()
    kinds = _kinds(word)
    nuclei = [i for i, k in enumerate(kinds) if k == "V"]
    breaks: list[int] = []
    for left, right in itertools.pairwise(nuclei):
        if right == left + 1:
            if word[right] in IOTATED and word[left] != "и":
                breaks.append(right)  # са-я-сат: я starts with [й] (but -ция, -биет stay whole)
            continue
        pos = _cluster_break(word, kinds, left + 1, right)
        if pos is not None:
            breaks.append(pos)
    return [b for b in breaks if MIN_SIDE <= b <= len(word) - MIN_SIDE]


def hyphenate_kazakh(word: str) -> list[int]:
    """Positions (indices into ``word``) where a Kazakh word may be broken, ascending."""
    positions: list[int] = []
    for m in _RUN.finditer(word):
        positions.extend(m.start() + b for b in _run_breaks(m.group()))
    return positions


def hyphenated(word: str, mark: str = "-") -> str:
    """``word`` with ``mark`` at every break position (for tests and debugging)."""
    out, last = [], 0
    for pos in hyphenate_kazakh(word):
        out.append(word[last:pos])
        last = pos
    out.append(word[last:])
    return mark.join(out)
