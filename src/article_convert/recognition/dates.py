"""Dates in article text, in every language with a vocabulary: "30 ноября 2026, 12:45", "5 тамыз
2026", "16 лютого 2026 р.", "3. октомври 2026 г.", "27.07.2026 13:10", "2026.01.14", "2026 оны 3
сарын 5", "2026 жылғы 5 тамыз" -> ISO 8601 ``YYYY-MM-DD``.

Our own month tables (``languages/*``): no start-up cost, and every grammatical form listed.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from ..languages import merged, month_table

_W = r"[^\W\d_]"  # a letter


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: ISO ``YYYY-MM-DD`` (or ``--MM-DD`` without a year) and where it is."""

    iso: str
    start: int
    end: int

    @property
    def has_year(self) -> bool:
        """False for "12 мар", "5-июнь" (datelines often leave the year out)."""
        return not self.iso.startswith("--")


def month_number(word: str) -> int | None:
    """The month a word names in any known language ("лютого" -> 2, "тамызда" -> 8), else None."""
    w = word.lower().rstrip(".")
    table = month_table()
    if w in table:
        return table[w]
    for name, number in table.items():  # agglutinative endings: "июнда", "наурыздың"
        if len(name) >= 4 and w.startswith(name) and len(w) - len(name) <= 4:
            return number
    return None


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """(regex, order of groups) pairs; order letters: d day, m month number, n month name, y year."""
    yw = "|".join(re.escape(w) for w in merged("year_words"))
    year_tail = rf"(?:\s*(?:{yw})(?!{_W}))?" if yw else ""
    return [
        (re.compile(r"(?<![\d.])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d])"), "ymd"),
        (re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d])\.?"), "dmy"),
        (re.compile(r"(?<!\d)(\d{4})\s*(?:оны)\s*(\d{1,2})\s*(?:-?р|-?дүгээр|-?дугаар)?\s*сарын\s*(\d{1,2})"
                    r"(?:-?(?:ний|ны|нд|нд))?"), "ymd"),
        (re.compile(rf"(?<!\d)(\d{{4}})\s*(?:жылғы|жылы|ж\.|йил|йилнинг|-жылдын|жылдын|елның|елгы)?\s+"
                    rf"(\d{{1,2}})(?:-|\s+)({_W}+)"), "ydn"),
        (re.compile(rf"(?<![\d.])(\d{{1,2}})(?:\.|-)?\s*({_W}+)\.?,?\s+(\d{{4}})(?!\d){year_tail}"), "dny"),
        (re.compile(rf"(?<![\d.])(\d{{1,2}})(?:\.|-)?\s*({_W}+)(?!{_W})\.?"), "dn"),
    ]


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in ``text``, in order (those without a year marked ``--MM-DD``)."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for regex, order in _patterns():
        for m in regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            iso = _to_iso(m.groups(), order)
            if iso:
                found.append(DateMatch(iso, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _to_iso(groups: tuple[str | None, ...], order: str) -> str | None:
    """ISO text for regex groups in ``order``, or None when they are not a real date."""
    parts: dict[str, int] = {}
    for g, kind in zip(groups, order, strict=True):
        if g is None:
            return None
        if kind == "n":
            month = month_number(g)
            if month is None:
                return None
            parts["m"] = month
        else:
            parts[kind] = int(g)
    day, month = parts.get("d", 0), parts.get("m", 0)
    year = parts.get("y")
    try:
        _dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February passes without a year
    except ValueError:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    if not 1800 <= year <= 2200:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str) -> str | None:
    """The first full date (with a year) in ``text`` as ``YYYY-MM-DD``, else None."""
    for d in find_dates(text):
        if d.has_year:
            return d.iso
    return None


_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?::\d{2})?(?!\d)")
_FILLER = re.compile(r"[\s|,;:/()\[\]—–\-·•.]+")


@functools.cache
def _label_regex() -> re.Pattern[str]:
    words = merged("published_labels") + merged("year_words")
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!{_W})(?:{body})(?!{_W})", re.IGNORECASE)


def date_line(text: str) -> str | None:
    """The date of a line that is nothing but a date (with times, labels such as "Опубликовано:",
    year words), e.g. "10:15 12.03.2026", "Апублікавана: 3 мая 2026"; else None. The first date wins
    (published before updated)."""
    if not text or len(text) > 90:
        return None
    dates = [d for d in find_dates(text) if d.has_year]
    if not dates:
        return None
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = _TIME.sub(" ", rest)
    rest = _label_regex().sub(" ", rest)
    rest = re.sub(r"(?i)(?<![^\W\d_])(?:в|о|у|at|ч\.|с\.|саат|сағ\.?)(?![^\W\d_])", " ", rest)
    if _FILLER.sub("", rest):
        return None
    return dates[0].iso
