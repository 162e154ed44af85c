"""The few words the EPUB adds itself (TOC title, dates), in the article's language."""

from __future__ import annotations

import re

from ...languages import human_date as localised_date
from ...languages import word

# English, for documents in a language without a vocabulary module; every other language's words
# come from its module in ``article_convert.languages`` (the one table of localised words).
ENGLISH = {"contents": "Contents", "landmarks": "Landmarks"}
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def base(lang: str) -> str:
    """``sr-Cyrl-RS`` -> ``sr``."""
    return (lang or "").split("-")[0].lower()


def toc_title(lang: str) -> str:
    """The heading of the navigation document."""
    return word(base(lang), "contents", ENGLISH["contents"])


def landmarks_title(lang: str) -> str:
    """The heading of the landmarks list in the navigation document."""
    return word(base(lang), "landmarks", ENGLISH["landmarks"])


def is_w3cdtf(date: str) -> bool:
    """Whether ``date`` is an ISO 8601 date EPUB's dc:date accepts (YYYY[-MM[-DD[Thh:mm...]]])."""
    return bool(_W3CDTF.match(date))


def html_date(date: str) -> str | None:
    """The ``YYYY-MM-DD`` part for a ``<time datetime>`` attribute, or None."""
    m = _ISO_DATE.match(date)
    return m.group(0) if m else None


def human_date(date: str, lang: str) -> str:
    """``2024-03-05`` as a reader writes it (``5 марта 2024``); other strings unchanged."""
    shown = localised_date(date, base(lang))
    if shown:
        return shown
    m = _ISO_DATE.match(date)
    if not m or base(lang) != "en":
        return date
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return date
    return f"{day} {ENGLISH_MONTHS[month - 1]} {year}"
