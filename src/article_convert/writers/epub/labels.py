"""The few words the EPUB adds itself (TOC title, dates), in the article's language.

Dates are shown by ``languages.human_date``, the one date display of every writer.
"""

from __future__ import annotations

import re

from ...languages import word

# English, for documents in a language without a vocabulary module; every other language's words
# come from its module in ``article_convert.languages`` (the one table of localised words).
ENGLISH = {"contents": "Contents", "landmarks": "Landmarks"}

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
