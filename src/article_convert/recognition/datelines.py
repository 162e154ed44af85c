"""Datelines that open a news paragraph: the city, often a date, often the agency.

"ТВЕРЬ, 12 мар — РИА Новости.", "Київ, 2 жовтня 2026 р. –", "ҚОСТАНАЙ. KAZINFORM –",
"НОВИ САД, 3. априла (Танјуг) –", "Чолпон-Ата, 5-июнь. /Кабар/.", "ДУШАНБЕ, 10.04.2026 /АМИТ «Ховар»/."
The dateline stays in the paragraph (it is part of the story as printed); its date and agency
become metadata.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .bylines import LOW, UP
from .dates import find_dates

_CITY = rf"(?P<city>[{UP}][{UP}{LOW}'’\-]*(?:[ -][{UP}][{UP}{LOW}'’\-]*){{0,2}})"
_DASH = r"[—–-]"
_AGENCY = (
    rf"(?:/(?P<a1>[^/\n]{{2,40}})/\.?"
    rf"|\((?P<a2>[^()\n]{{2,40}})\)\.?\s*{_DASH}?"
    rf"|(?<=\s){_DASH}\s*(?P<a3>[^.\n–—/]{{2,40}}?)\."
    rf"|(?<=\s){_DASH})"
)


@functools.cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"CITY, DATE AGENCY –" and "CITY. AGENCY –" (compiled on first use)."""
    with_date = re.compile(rf"^{_CITY},\s*(?P<date>[^/()\n–—]{{2,30}}?)\s*{_AGENCY}\s+(?=\S)")
    caps_agency = re.compile(
        rf"^(?P<city>[{UP}][{UP}\- ]{{1,30}}[{UP}])\.\s*(?P<a4>[{UP}A-Z][{UP}A-Z\-]+(?:\s[{UP}A-Z\-]+)?)"
        rf"\s*{_DASH}\s+(?=\S)"
    )
    return with_date, caps_agency


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline: its text, the date (ISO, ``--MM-DD`` without a year, or empty) and the agency."""

    text: str
    date: str
    agency: str


def _agency_like(name: str) -> bool:
    """A news agency's name: one to four words, each opening with a capital ("РИА Новости", "ТАСС")."""
    words = name.split()
    return 0 < len(words) <= 4 and all(w[0].isupper() or w[0].isdigit() for w in words)


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, or None."""
    with_date, caps_agency = _regexes()
    m = with_date.match(paragraph)
    if m:
        dates = find_dates(m.group("date"))
        if dates and dates[0].start == 0:
            agency = (m.group("a1") or m.group("a2") or m.group("a3") or "").strip()
            if m.group("a3") and not _agency_like(agency):
                # "Москва, 5 мая — Сегодня прошёл парад." : a sentence, not an agency
                end = m.start("a3")
                return Dateline(paragraph[:end].strip(" —–-"), dates[0].iso, "")
            return Dateline(m.group(0).strip(), dates[0].iso, agency)
    m = caps_agency.match(paragraph)
    if m:
        return Dateline(m.group(0).strip(), "", m.group("a4").strip())
    return None
