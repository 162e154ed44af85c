"""Words the PDF prints itself, per language: the notes heading and dates."""

from __future__ import annotations

import re

NOTES_HEADING: dict[str, str] = {
    "ru": "Примечания",
    "uk": "Примітки",
    "be": "Заўвагі",
    "kk": "Ескертпелер",
    "bg": "Бележки",
    "sr": "Напомене",
    "mk": "Забелешки",
    "en": "Notes",
}

_MONTHS: dict[str, tuple[str, ...]] = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
           "листопада", "грудня"),
    "be": ("студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня", "ліпеня", "жніўня", "верасня",
           "кастрычніка", "лістапада", "снежня"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def base(lang: str) -> str:
    """``ru-RU`` -> ``ru``."""
    return (lang or "ru").split("-")[0].lower()


def notes_heading(lang: str) -> str:
    """The heading of the notes section in the document's language (Russian if unknown)."""
    return NOTES_HEADING.get(base(lang), NOTES_HEADING["ru"])


def format_date(iso: str, lang: str) -> str:
    """``2025-12-04`` -> ``4 декабря 2025`` (or ``04.12.2025`` where month names are unknown)."""
    m = _ISO.match(iso or "")
    if not m:
        return iso
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month or not 1 <= int(month) <= 12:
        return year
    names = _MONTHS.get(base(lang))
    if not day:
        return f"{month}.{year}"
    if names is None:
        return f"{day}.{month}.{year}"
    if base(lang) == "en":
        return f"{names[int(month) - 1]} {int(day)}, {year}"
    return f"{int(day)}\u00a0{names[int(month) - 1]} {year}"
