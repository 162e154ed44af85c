"""The few words the EPUB adds itself (TOC title, dates), in the article's language."""

from __future__ import annotations

import re

TOC_TITLE = {
    "ru": "Содержание",
    "uk": "Зміст",
    "be": "Змест",
    "kk": "Мазмұны",
    "ky": "Мазмуну",
    "sr": "Садржај",
    "mk": "Содржина",
    "bg": "Съдържание",
    "tt": "Эчтәлек",
    "en": "Contents",
}

LANDMARKS_TITLE = {
    "ru": "Ориентиры",
    "uk": "Орієнтири",
    "be": "Арыенціры",
    "kk": "Бағдарлар",
    "sr": "Оријентири",
    "bg": "Ориентири",
    "en": "Landmarks",
}

# Month names in the form used after a day number ("5 марта").
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "be": "студзеня лютага сакавіка красавіка мая чэрвеня ліпеня жніўня верасня кастрычніка лістапада снежня",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "bg": "януари февруари март април май юни юли август септември октомври ноември декември",
    "sr": "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
    "mk": "јануари февруари март април мај јуни јули август септември октомври ноември декември",
    "en": "January February March April May June July August September October November December",
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def base(lang: str) -> str:
    """``sr-Cyrl-RS`` -> ``sr``."""
    return (lang or "").split("-")[0].lower()


def toc_title(lang: str) -> str:
    """The heading of the navigation document."""
    return TOC_TITLE.get(base(lang), TOC_TITLE["en"])


def landmarks_title(lang: str) -> str:
    """The heading of the landmarks list in the navigation document."""
    return LANDMARKS_TITLE.get(base(lang), LANDMARKS_TITLE["en"])


def is_w3cdtf(date: str) -> bool:
    """Whether ``date`` is an ISO 8601 date EPUB's dc:date accepts (YYYY[-MM[-DD[Thh:mm...]]])."""
    return bool(_W3CDTF.match(date))


def html_date(date: str) -> str | None:
    """The ``YYYY-MM-DD`` part for a ``<time datetime>`` attribute, or None."""
    m = _ISO_DATE.match(date)
    return m.group(0) if m else None


def human_date(date: str, lang: str) -> str:
    """``2024-03-05`` as a reader writes it (``5 марта 2024``); other strings unchanged."""
    m = _ISO_DATE.match(date)
    names = MONTHS.get(base(lang))
    if not m or not names:
        return date
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return date
    name = names.split()[month - 1]
    if base(lang) == "kk":
        return f"{year} жылғы {day} {name}"
    if base(lang) in ("sr", "mk"):
        return f"{day}. {name} {year}."
    return f"{day} {name} {year}"
