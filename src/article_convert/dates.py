"""One rule for article dates: ISO 8601 ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (time allowed), real ones.

``Metadata.date`` is checked here once for every reader (front matter, HTML meta, JSON) and
for ``-M date=…``, so writers can trust it: FB2's ``xs:date`` and EPUB's ``dc:date`` never see
``2025-02-30`` or ``2025-13-45``. A date-like value that is not a real date is refused; free
text ("весна 2025") is left alone — writers show it as it is.
"""

from __future__ import annotations

import calendar
import re

_ISO_LIKE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
    r"(?P<time>[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a usable date (month 13, 30 February...), or None when it is fine or free text."""
    m = _ISO_LIKE.match(value.strip())
    if m is None:
        return None if not re.match(r"^\d{4}-\d", value.strip()) else "not of the form YYYY-MM-DD"
    year, month, day = int(m["y"]), m["m"], m["d"]
    if year < 1:
        return "year 0000 does not exist"
    if month is not None and not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    if day is not None:
        last = calendar.monthrange(year, int(month or 1))[1]
        if not 1 <= int(day) <= last:
            return f"{calendar.month_name[int(month or 1)]} {year} has no day {int(day)}"
    if m["time"]:
        hh, mm = m["time"][1:].split(":")[:2]
        if int(hh) > 23 or int(mm[:2]) > 59:
            return "the time of day is impossible"
    return None


def normalise_date(value: str) -> str:
    """A valid ISO-like date in canonical form: two-digit month and day, ``T`` before a time."""
    m = _ISO_LIKE.match(value.strip())
    if m is None:
        return value.strip()
    out = m["y"]
    if m["m"] is not None:
        out += f"-{int(m['m']):02d}"
    if m["d"] is not None:
        out += f"-{int(m['d']):02d}"
    if m["time"]:
        out += "T" + m["time"][1:]
    return out
