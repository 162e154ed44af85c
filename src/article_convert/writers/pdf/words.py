"""Words the PDF prints itself (the notes heading, dates), from the per-language tables in ``languages``."""

from __future__ import annotations

import re

from ...languages import human_date, word

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def base(lang: str) -> str:
    """``ru-RU`` -> ``ru``."""
    return (lang or "ru").split("-")[0].lower()


def notes_heading(lang: str) -> str:
    """The heading of the notes section in the document's language (Russian if unknown)."""
    return "Notes" if base(lang) == "en" else word(base(lang), "notes", word("ru", "notes"))


def format_date(iso: str, lang: str) -> str:
    """``2025-12-04`` -> ``4 декабря 2025`` (or ``04.12.2025`` where month names are unknown)."""
    m = _ISO.match(iso or "")
    if not m:
        return iso
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day:
        return f"{month}.{year}"
    if base(lang) == "en":
        return f"{ENGLISH_MONTHS[int(month) - 1]} {int(day)}, {year}"
    return human_date(iso, base(lang), nbsp=True) or f"{day}.{month}.{year}"
