"""Typography rules for Cyrillic text, on a flat character list that remembers where each char came from.

A paragraph's inline tree is flattened into one string (:class:`Flat`) so that a quote opened
in one Text node and closed in another pairs up. Every rule only substitutes one character for
another or deletes characters ("..." -> "…", "--" -> "—"), so each surviving character keeps
its owner (the Text node it came from) and the tree can be rebuilt afterwards.

Choices (documented here because a typesetter would ask):
- Quotes: pairs get the marks of their nesting depth from ``ir.text.quote_marks`` (ru/uk/be/kk
  «…„…“…», bg/sr/mk „…“ outside), whatever marks the input used; a mark whose partner
  cannot be found is left as it is. Single quotes and apostrophes are never touched.
- Dashes: a hyphen, en dash, em dash or "--" between spaces becomes NBSP + em dash + space;
  at the start of a paragraph or line (dialogue, interview turn) it becomes em dash + NBSP;
  between two numbers of up to four digits it becomes an en dash (1941–1945).
- No-break spaces are U+00A0 everywhere, thousands separator included: U+202F would be the
  finer choice, but reportlab breaks lines at it and many fonts of e-readers lack it.
- Locked characters (URLs, e-mail addresses, domain names, the point of a decimal number,
  placeholders for code, notes, images) are never changed and never part of a match.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..ir.text import quote_marks

NBSP = "\u00a0"
ATOM = "\ufffc"
"""Placeholder for an inline that has no text of its own here (code, note, image)."""
QUOTED_OPEN = "\ufff9"
QUOTED_CLOSE = "\ufffb"
"""Placeholders for the two ends of a ``Quoted`` node (writers draw its marks)."""

_PROTECTED = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s«»\"“”„<>]+[^\s«»\"“”„<>.,;:!?)]"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # from the start of a run only: linear on long words
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|io|ru|kz|ua|by|rs|mk|bg|kg|mn|su|рф|қаз|срб|укр|бел)\b"
    r"|(?<=\d)[.,](?=\d)"
)

_MAYBE_PROTECTED = re.compile(
    r"://|www\.|@|\.(?:com|org|net|info|io|ru|kz|ua|by|rs|mk|bg|kg|mn|su|рф|қаз|срб|укр|бел)\b|\d[.,]\d"
)
"""What every match of ``_PROTECTED`` contains (a scheme or www., an @, a dot and a domain, or a
point between digits): a text without any has nothing to lock, found without the slow pattern."""

Edits = dict[int, str]
"""Position -> replacement character ("" deletes the character)."""


@dataclass
class Flat:
    """Characters of a paragraph with the owner (Text node index, or -1) and lock of each."""

    chars: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    locked: list[bool] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False, compare=False)  # ``text()`` until the next change
    _owned: dict[int, str] | None = field(default=None, repr=False, compare=False)
    """Each owner's characters, built once on the first :meth:`owned_text` after the last change."""
    edited: bool = field(default=False, compare=False)
    """Whether :meth:`apply` was given any edit (else every character is still where it was added)."""

    def add(self, text: str, owner: int, locked: bool = False) -> None:
        """Append ``text`` as characters owned by ``owner``."""
        self._owned = None
        self.chars.extend(text)
        self.owners.extend([owner] * len(text))
        self.locked.extend([locked] * len(text))
        self._text = None

    def text(self) -> str:
        """The flat string (joined once per change: every rule reads it)."""
        if self._text is None:
            self._text = "".join(self.chars)
        return self._text

    def lock_protected(self) -> None:
        """Lock URLs, e-mail addresses, domain names and decimal points."""
        if _MAYBE_PROTECTED.search(self.text()) is None:  # most paragraphs
            return
        for m in _PROTECTED.finditer(self.text()):
            for i in range(m.start(), m.end()):
                self.locked[i] = True

    def apply(self, edits: Edits) -> None:
        """Substitute or delete characters at the given positions."""
        if not edits:
            return
        self._owned = None
        self._text = None
        self.edited = True
        deleted = False
        for i, c in edits.items():
            self.chars[i] = c
            deleted = deleted or not c
        if deleted:
            keep = [i for i, c in enumerate(self.chars) if c]
            self.chars = [self.chars[i] for i in keep]
            self.owners = [self.owners[i] for i in keep]
            self.locked = [self.locked[i] for i in keep]

    def owned_text(self, owner: int) -> str:
        """The characters now owned by one Text node (all owners are collected in one pass, so
        rebuilding a paragraph of many Text nodes is linear, not nodes × characters)."""
        if self._owned is None:
            owners = set(self.owners)
            if len(owners) == 1:  # one Text node (most paragraphs): every character is its
                self._owned = {self.owners[0]: self.text()}
                return self._owned.get(owner, "")
            if len(owners) <= 8:  # a few nodes: one pass in C per owner
                self._owned = {o: "".join(itertools.compress(self.chars, map(o.__eq__, self.owners))) for o in owners}
                return self._owned.get(owner, "")
            parts: dict[int, list[str]] = {}
            for c, o in zip(self.chars, self.owners, strict=True):
                got = parts.get(o)
                if got is None:
                    parts[o] = [c]
                else:
                    got.append(c)
            self._owned = {o: "".join(chars) for o, chars in parts.items()}
        return self._owned.get(owner, "")


def _matches(flat: Flat, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that touch no locked character."""
    locked = flat.locked
    if True not in locked:  # most paragraphs: nothing to test per match
        yield from pattern.finditer(flat.text())
        return
    for m in pattern.finditer(flat.text()):
        if not any(locked[m.start() : m.end()]):
            yield m


class Rule:
    """A rule: ``make`` gives the edits of each unlocked match of ``pattern``. ``needs`` is what every
    match implies the text contains (one of these substrings, or a match of this quicker pattern): a
    text without it is not searched (the same result, found faster: most paragraphs of a page of tiny
    blocks hold nothing any rule acts on)."""

    __slots__ = ("make", "needs", "pattern")

    def __init__(self, pattern: str, make: Callable[[re.Match[str]], Edits],
                 needs: tuple[str, ...] | re.Pattern[str]) -> None:
        self.pattern = re.compile(pattern)
        self.make = make
        # substrings: one search in C for any of them
        self.needs = re.compile("|".join(map(re.escape, needs))) if isinstance(needs, tuple) else needs

    def __call__(self, flat: Flat, prefilter: bool = True) -> Edits:
        """The edits of this rule on ``flat`` (``prefilter=False``: search even a text without ``needs``)."""
        if prefilter and self.needs.search(flat.text()) is None:
            return {}
        return self.edits(flat)

    def edits(self, flat: Flat) -> Edits:
        """The edits of every unlocked match (no prefilter)."""
        edits: Edits = {}
        for m in _matches(flat, self.pattern):
            edits.update(self.make(m))
        return edits



def _group_to(group: int | str, char: str) -> Callable[[re.Match[str]], Edits]:
    """An edit setting every character of one group to ``char``."""
    return lambda m: {i: char for i in range(m.start(group), m.end(group))}


def _dash(m: re.Match[str], char: str = "—") -> Edits:
    """The dash group becomes one ``char`` (a "--" loses its second hyphen)."""
    start, end = m.span("dash")
    return {start: char, **{i: "" for i in range(start + 1, end)}}


_DASH = r"(?P<dash>--|[-–—])"
_UNITS = (
    "км|м|см|гг|вв|мм|кг|г|мг|т|л|мл|га|кв|куб|руб|р|коп|тыс|млн|млрд|трлн|долл|евро|тенге|теңге|тг|мың|"
    "грн|тис|дин|лв|лева|чел|шт|мин|ч|сек|°C|°|%|‰|₽|₸|₴|\\$|€|км/ч|м²|км²"
)

# Patterns start with what they consume where they can (a space, a letter class): a leading
# look-behind is tried at every position of the text, a leading literal is found in C.
ELLIPSIS = Rule(r"(?<!\.)\.\.\.(?!\.)", lambda m: {m.start(): "…", m.start() + 1: "", m.start() + 2: ""},
                 needs=("...",))
SPACED_DASH = Rule(
    r"(?P<sp>[ \u00a0])(?<=\S[ \u00a0])" + _DASH + r"(?=[ \u00a0\n]|$)",
    lambda m: {m.start("sp"): NBSP, **_dash(m)},
    needs=re.compile(r"[ \u00a0][-–—]"),
)
LINE_START_DASH = Rule(
    r"(?:^|(?<=\n))" + _DASH + r"(?P<sp>[ \u00a0])(?=\S)",
    lambda m: {**_dash(m), m.start("sp"): NBSP},
    needs=re.compile(r"(?:^|\n)[-–—]"),
)
NUMBER_RANGE = Rule(
    r"(?<![\w.,\-–—/:])\d{1,4}(?P<dash>[-—])\d{1,4}(?![\w\-–—/]|[.,]\d)",
    lambda m: _dash(m, "–"),
    needs=re.compile(r"\d[-—]\d"),
)
_PARTICLE = r"(?:же|ли|бы|ль|б|ж)(?![^\W\d_])"
SHORT_WORD = Rule(
    r"(?<![\w\-'’.])(?<!\d\u00a0)(?!" + _PARTICLE + r")[^\W\d_]{1,2}(?P<sp> )(?=\S)",
    _group_to("sp", NBSP),
    needs=(" ",),
)
PARTICLE = Rule(r"(?P<sp> )(?<=[^\W\d_] )(?=" + _PARTICLE + ")", _group_to("sp", NBSP), needs=re.compile(" " + _PARTICLE))
INITIALS = Rule(
    r"(?<!\w)(?P<i>[^\W\d_])\.(?P<sp> )(?=[^\W\d_])",
    lambda m: {m.start("sp"): NBSP} if m.group("i").isupper() and m.string[m.end()].isupper() else {},
    needs=(". ",),
)
NAME_BEFORE_INITIALS = Rule(
    r"(?P<sp> )(?<=[^\W\d_]{2} )(?=(?P<i>[^\W\d_])\.[ \u00a0]?(?P<j>[^\W\d_])\.)",
    lambda m: {m.start("sp"): NBSP} if m.group("i").isupper() and m.group("j").isupper() else {},
    needs=re.compile(r" [^\W\d_]\."),
)
ABBREVIATION = Rule(r"(?<!\w)[тТ]\.(?P<sp> )(?=[едпкн]\.)", _group_to("sp", NBSP), needs=("т. ", "Т. "))
NUMBER_UNIT = Rule(r"(?P<sp> )(?<=\d )(?=(?:" + _UNITS + r")(?![^\W\d_]))", _group_to("sp", NBSP),
                    needs=re.compile(r"\d "))
NUMERO = Rule(r"[№§](?P<sp> )(?=\d)", _group_to("sp", NBSP), needs=("№ ", "§ "))
THOUSANDS = Rule(
    r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)",
    lambda m: {i: NBSP for i in range(m.start(), m.end()) if m.string[i] == " "},
    needs=re.compile(r"\d \d\d\d"),
)

_BEFORE = (ELLIPSIS, SPACED_DASH, LINE_START_DASH, NUMBER_RANGE)
_AFTER = (INITIALS, NAME_BEFORE_INITIALS, ABBREVIATION, NUMBER_UNIT, NUMERO, THOUSANDS, PARTICLE, SHORT_WORD)

# ------------------------------------------------------------------------------ quotes

_OPENING = "«„‟"
_CLOSING = "»"
_BY_CONTEXT = '"“”'
QUOTES = _OPENING + _CLOSING + _BY_CONTEXT
_CLOSE_BEFORE = ".,;:!?)]}…-–—/" + ATOM + QUOTED_CLOSE


def _neighbour(chars: list[str], i: int, step: int) -> str | None:
    """The nearest character in direction ``step`` that is not a quote mark (None at the edge)."""
    i += step
    while 0 <= i < len(chars) and chars[i] in QUOTES:
        i += step
    return chars[i] if 0 <= i < len(chars) else None


def _role(chars: list[str], i: int) -> str:
    """``open``, ``close``, ``either`` (glued on both sides) or ``none`` for the quote at ``i``."""
    ch = chars[i]
    if ch in _OPENING:
        return "open"
    if ch in _CLOSING:
        return "close"
    prev, nxt = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
    prev_space = prev is None or prev.isspace() or prev in "([{" + QUOTED_OPEN
    next_space = nxt is None or nxt.isspace()
    can_open = prev_space and not next_space
    can_close = not prev_space and (nxt is None or nxt.isspace() or nxt in _CLOSE_BEFORE)
    if can_open != can_close:
        return "open" if can_open else "close"
    return "either" if not prev_space and not next_space else "none"


def _decide(chars: list[str], i: int, top: str | None, single: bool) -> str:
    """The role of the quote at ``i`` given the mark on top of the stack (None if empty).

    A “ or ” after an open „ closes it (the „…“ pair of ru/bg/sr/de style), so marks this
    transform wrote are read back the same way; with ``single`` (sr/mk, whose inner marks
    are ‘…’) ‘ opens and ’ closes an open ‘ (elsewhere ’ is an apostrophe).
    """
    ch = chars[i]
    if ch in "“”" and top == "„":
        return "close"
    if ch == "‘":
        return "open" if single else "none"
    if ch == "’":
        return "close" if single and top == "‘" else "none"
    role = _role(chars, i)
    if role == "either":
        return "close" if top not in (None, QUOTED_OPEN) else "open"
    return role


_MARKS = re.compile("[" + re.escape(QUOTES + "‘’" + QUOTED_OPEN + QUOTED_CLOSE) + "]")
"""Every character ``pair_quotes`` acts on; the others it passes over."""


@functools.lru_cache(maxsize=256)
def _quote_marks(lang: str, depth: int) -> tuple[str, str]:
    """``quote_marks`` once per language and depth (it looks the language up: twice per quote pair)."""
    return quote_marks(lang, depth)


def pair_quotes(flat: Flat, lang: str = "ru") -> list[tuple[int, int, int]]:
    """(open index, close index, depth) of every quote pair, ``Quoted`` placeholders included."""
    single = _quote_marks(lang, 1)[0] == "‘"
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []
    text = flat.text()
    if len(text) == len(flat.chars):  # one character per slot: visit only the marks (found in C)
        marks: Iterator[tuple[int, str]] = ((m.start(), m.group()) for m in _MARKS.finditer(text))
    else:
        marks = enumerate(flat.chars)
    for i, ch in marks:
        if ch == QUOTED_OPEN:
            stack.append(i)
        elif ch == QUOTED_CLOSE:
            while stack and flat.chars[stack[-1]] != QUOTED_OPEN:
                stack.pop()  # quotes opened inside the Quoted node and never closed
            if stack:
                pairs.append((stack.pop(), i, len(stack)))
        elif ch in QUOTES + "‘’" and not flat.locked[i]:
            top = flat.chars[stack[-1]] if stack else None
            role = _decide(flat.chars, i, top, single)
            if role == "open":
                stack.append(i)
            elif role == "close" and top not in (None, QUOTED_OPEN):
                pairs.append((stack.pop(), i, len(stack)))
    return pairs


def quote_edits(flat: Flat, lang: str) -> Edits:
    """Give every pair of quote marks the marks of its language and depth."""
    edits: Edits = {}
    for start, end, depth in pair_quotes(flat, lang):
        if flat.chars[start] == QUOTED_OPEN:
            continue
        opening, closing = _quote_marks(lang, depth)
        edits[start], edits[end] = opening, closing
    return edits


MAX_QUOTE_PASSES = 6


def apply_rules(flat: Flat, lang: str, prefilter: bool = True) -> None:
    """Run every rule over ``flat`` in place: dashes and ellipses, quotes, then no-break spaces.

    ``prefilter=False`` searches every pattern even where its prefilter (``Rule.needs``, no quote mark
    for the quote passes) says it cannot match: the same result, slower (for tests)."""
    flat.lock_protected()
    _run(_BEFORE, flat, prefilter)
    if not prefilter or _MARKS.search(flat.text()) is not None:  # no mark: no pair, no edit
        for _ in range(MAX_QUOTE_PASSES):
            # A pass can change how a left-over unmatched mark reads; repeat until nothing changes,
            # so that the transform is idempotent.
            edits = {i: c for i, c in quote_edits(flat, lang).items() if flat.chars[i] != c}
            if not edits:
                break
            flat.apply(edits)
    _run(_AFTER, flat, prefilter)


def _run(rules: tuple[Rule, ...], flat: Flat, prefilter: bool) -> None:
    """Apply ``rules`` in order; a rule whose ``needs`` the text lacks costs one search in C (the
    text is joined again only after a change)."""
    text = flat.text()
    for rule in rules:
        if prefilter and rule.needs.search(text) is None:
            continue
        edits = rule.edits(flat)
        if edits:
            flat.apply(edits)
            text = flat.text()


TRIGGERS = re.compile("[" + re.escape(" .-–—" + QUOTES + "‘’") + "]")
"""A character every change needs in the text: each rule's ``needs`` holds a space, a full stop or a
dash, and the quote passes a quote mark (``Quoted`` placeholders come from nodes, not text). A text
without any (a one-word paragraph, a table cell of one number) is left as it is without a search."""


def can_change(text: str) -> bool:
    """Whether any rule could change ``text`` (False: :func:`apply_rules` would leave it as it is)."""
    return TRIGGERS.search(text) is not None


def typeset(text: str, lang: str, prefilter: bool = True) -> str:
    """Typography for a plain string (metadata fields, tests)."""
    if prefilter and not can_change(text):
        return text
    flat = Flat()
    flat.add(text, 0)
    apply_rules(flat, lang, prefilter)
    return flat.text()
