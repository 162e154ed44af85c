"""Closing boilerplate and mid-body recommendations, found without ever dropping body text.

Two shapes, two rules:

* a **recommendation** ("Читайте также: <headline>", "Сондай-ақ оқыңыз: …"), a subscribe call or an
  error-report notice is removed as a *single line* wherever it stands;
* a **closing tail** is cut only where every block from the cut to the end is boilerplate-like:
  subscribe/share/tags/© lines, headings of related blocks ("Похожие новости", "Комментарии") and
  the short headline or link lines listed under such a heading. Anything else after a candidate
  (a paragraph of prose, a short body line) means it is not the tail, and the candidate stays.

Caption and credit lines are never boilerplate; they are passed over, not cut.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from ..ir import Block, Paragraph
from ..languages import merged
from .text import PhraseSet, is_link_only, single_spaces, text_of

MAX_LINE = 200
"""A boilerplate line is never longer than this."""
MAX_HEADLINE = 160
"""A related-headline line under a list heading is at most this long."""

_SOCIAL = re.compile(
    r"\b(?:telegram|телеграм\w*|vk|вконтакте|facebook|фейсбук\w*|instagram|инстаграм\w*|youtube|ютуб\w*|"
    r"whatsapp|viber|tiktok|twitter|дзен\w*|одноклассник\w*|threads)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_ERROR_REPORT = re.compile(r"ошибк|помилк|памылк|грешк|қате|\bката|хата|хато|алдаа", re.IGNORECASE)
_LEGAL = re.compile(
    r"ссылк|посилан|спасылк|сілтеме|шилтеме|обязательн|обов.язков|запрещ|заборон|разреш|дозвол|согласи|згод|"
    r"прав[аоы]|rights|құқық|ҳуқуқ|укук|хокук|хоҡуҡ|эрх|ҳуқуқ|задржан|запазен|абаронен|защищ|захищ",
    re.IGNORECASE,
)
_CHANNEL = re.compile(
    r"канал|kanal|рассылк|розсилк|бюлетин|бюллетен|newsletter|соцсет|соцмереж|социальн|арна|парақша|"
    r"сайт|website|подкаст|podcast|youtube|дзен",
    re.IGNORECASE,
)

SINGLE_LINE_KINDS = frozenset({"read-also", "subscribe", "notice"})
"""Kinds removed as single lines anywhere in the body."""


@functools.cache
def _phrases() -> dict[str, PhraseSet]:
    """Phrase sets built once from every language's vocabulary."""
    return {kind: PhraseSet(merged(attr)) for kind, attr in (
        ("read-also", "read_also"), ("subscribe", "subscribe"), ("share", "share"), ("tags", "tags"),
        ("notice", "notices"), ("related", "related"))}


def boilerplate_kind(text: str) -> str | None:
    """The kind of boilerplate ``text`` is (read-also, read-also-heading, subscribe, share, tags,
    copyright, notice, legal, related, follow), or None for body text."""
    text = single_spaces(text)
    if not text or len(text) > MAX_LINE:
        return None
    return _line_kind(text)


@functools.lru_cache(maxsize=4096)
def _line_kind(text: str) -> str | None:
    """:func:`boilerplate_kind` of a line already spaced and short: remembered, as the same lines
    ("Поделиться", "Реклама", a table's "—") stand on many pages and many times on one."""
    p = _phrases()
    low = text.lower()  # once, for every phrase set
    n = p["read-also"].prefix(text, low)
    if n:
        after = text[n:].lstrip()
        rest = after.strip(" :—–-")
        if not rest:
            return "read-also-heading"
        marked = after[:1] in ":—–-"
        # "Читайте также: <headline>"; without a colon only a long label before a headline counts, so
        # that "По теме доклада высказались пять экспертов." stays body text
        if len(rest.split()) >= 2 and (marked or (n >= 10 and not rest.endswith("."))):
            return "read-also"
    if _COPYRIGHT.match(text):
        return "copyright"
    n = p["tags"].prefix(text, low)
    if n and text[n:].lstrip().startswith(":"):
        return "tags"
    if p["related"].whole(text.rstrip(" :.…")):
        return "related"
    if p["share"].prefix(text, low) and len(text) <= 120 and not text.endswith((".", "!", "?")):
        return "share"
    if p["notice"].prefix(text, low) or (len(text) <= 120 and p["notice"].inside(text, low)):
        # an error-report call may go wherever it stands; rights and reprint notices only in the tail
        if _ERROR_REPORT.search(text):
            return "notice"
        if _LEGAL.search(text):
            return "legal"
        return None  # "Использование материалов из пластика выросло вдвое." is a sentence
    social = _SOCIAL.search(text) is not None
    if p["subscribe"].prefix(text, low) and len(text) <= 160 and (
        social or _CHANNEL.search(text) or (len(text) <= 60 and not text.endswith("."))
    ):
        return "subscribe"  # a call naming a channel, or a short bare call ("Жаңалықтарға жазылыңыз")
    if len(text) <= 100 and social and p["subscribe"].inside(text, low):
        return "subscribe"
    if social and len(text) <= 80 and not text.endswith((".", ",", ";")):
        return "follow"  # "Мы в Telegram": only in the closing tail
    return None


def _headline_like(block: Block) -> bool:
    """A short line without a final full stop (a related headline), or a link-only line."""
    if is_link_only(block):
        return True
    text = text_of(block)
    return bool(text) and len(text) <= MAX_HEADLINE and not text.endswith((".", ":", ";", ","))


def find_boilerplate(
    blocks: Sequence[Block], transparent: Callable[[Block], bool] = lambda b: False
) -> dict[int, str]:
    """Indices of blocks to remove, with the reason for each.

    ``transparent`` blocks (captions, credits) are passed over in the closing tail without being
    removed or ending it.
    """
    found: dict[int, str] = {}
    kinds = [boilerplate_kind(text_of(b)) if isinstance(b, Paragraph) else None for b in blocks]
    tail = _closing_tail(blocks, kinds, transparent)
    for i in tail:
        found[i] = f"closing {kinds[i] or 'related headline'}"
    for i, kind in enumerate(kinds):
        if i not in found and kind in SINGLE_LINE_KINDS:
            found[i] = f"{kind} line"
    return dict(sorted(found.items()))


def _closing_tail(
    blocks: Sequence[Block], kinds: list[str | None], transparent: Callable[[Block], bool]
) -> list[int]:
    """The blocks of the closing tail: a suffix of boilerplate, headline lists only under a heading."""
    # Walk up from the end; remember the last point where everything below is boilerplate.
    tail: list[int] = []
    pending: list[int] = []  # headline-like lines not yet vouched for by a heading above them
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if transparent(b):
            continue
        kind = kinds[i]
        if kind is not None:
            if kind in ("related", "read-also-heading"):
                tail.extend(pending)  # the list under this heading is boilerplate too
            elif pending:
                break  # short non-boilerplate lines below a non-heading: they are body
            pending = []
            tail.append(i)
        elif _headline_like(b):
            pending.append(i)
        else:
            break
    return sorted(tail)
