"""Small text helpers shared by the recognisers: a block's plain text, capitals, sentence ends."""

from __future__ import annotations

import re

from ..ir import Block, Link, Paragraph, Text
from ..ir.text import inline_text

SENTENCE_END = (".", "!", "?", "…")
CLOSERS = "»\"”“')’"


_URL = re.compile(r"https?://\S+")


def _one_run(block: Block) -> str | None:
    """The text of a paragraph that is one plain run (most paragraphs: each recogniser asks for
    every block's text several times, so this costs a type test, not a walk), else None."""
    if type(block) is Paragraph and len(block.inlines) == 1:
        run = block.inlines[0]
        if type(run) is Text:
            return run.text
    return None


def text_of(block: Block) -> str:
    """A paragraph's visible text (empty for other blocks)."""
    if (run := _one_run(block)) is not None:
        return run.strip()
    return inline_text(block.inlines).strip() if isinstance(block, Paragraph) else ""


def plain_of(block: Block) -> str | None:
    """The text of a paragraph of plain runs only (no formatting or links), else None."""
    if (run := _one_run(block)) is not None:
        return run.strip()
    if isinstance(block, Paragraph) and block.inlines and all(isinstance(i, Text) for i in block.inlines):
        return "".join(i.text for i in block.inlines if isinstance(i, Text)).strip()
    return None


def is_link_only(block: Block) -> bool:
    """A paragraph that is nothing but links (a related-articles entry) or a bare URL."""
    if (run := _one_run(block)) is not None:
        return not run.strip() or (run.lstrip().startswith("http") and bool(_URL.fullmatch(run.strip())))
    if not isinstance(block, Paragraph) or not block.inlines:
        return False
    if all(isinstance(i, Link) or (isinstance(i, Text) and not i.text.strip()) for i in block.inlines):
        return True
    return bool(_URL.fullmatch(text_of(block)))


def is_caps(text: str) -> bool:
    """At least three letters, all capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? or … (closing quotes and brackets ignored)."""
    return text.rstrip(CLOSERS + " ").endswith(SENTENCE_END)


def phrase_regex(phrases: tuple[str, ...], *, anchored: bool = True) -> re.Pattern[str]:
    """A case-insensitive regex for any of ``phrases`` as whole words (longest first)."""
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(("^" if anchored else "") + rf"(?:{body})(?![\w])", re.IGNORECASE)


class PhraseSet:
    """Phrases found at the start of a line, case-insensitively and as whole words.

    Buckets by first letter and ``str.startswith`` instead of one big regex: hundreds of phrases
    from thirteen languages would cost tens of milliseconds to compile on every cold start.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self._by_first: dict[str, list[str]] = {}
        for p in sorted({p.lower() for p in phrases if p}, key=len, reverse=True):
            self._by_first.setdefault(p[:1], []).append(p)
        self._all = frozenset(p for group in self._by_first.values() for p in group)
        self._firsts = frozenset(self._by_first)

    def prefix(self, text: str, low: str | None = None) -> int:
        """The length of the phrase opening ``text`` (0 when none does). Spaces in ``text`` are single;
        ``low`` is ``text.lower()`` when the caller has it already."""
        low = text.lower() if low is None else low
        for p in self._by_first.get(low[:1], ()):
            if low.startswith(p) and (len(low) == len(p) or not (low[len(p)].isalnum() or low[len(p)] == "-")):
                return len(p)
        return 0

    def whole(self, text: str) -> bool:
        """Whether ``text`` is one of the phrases."""
        return text.lower() in self._all

    def inside(self, text: str, low: str | None = None) -> bool:
        """Whether one of the phrases occurs anywhere in ``text`` (only phrases whose first letter does
        are looked for: a one-word line is tested against a few phrases, not all of them)."""
        low = text.lower() if low is None else low
        return any(p in low for first in self._firsts.intersection(low) for p in self._by_first[first])


def single_spaces(text: str) -> str:
    """Runs of white space (no-break spaces included) as one space, ends trimmed."""
    return " ".join(text.split())
