"""Words the PDF prints itself (the notes heading, dates), from the per-language tables in ``languages``."""

from __future__ import annotations

from ...languages import base_code, human_date, word


def base(lang: str) -> str:
    """``ru-RU`` -> ``ru``."""
    return base_code(lang)


def notes_heading(lang: str) -> str:
    """The heading of the notes section in the document's language (Russian if unknown)."""
    return "Notes" if base(lang) == "en" else word(base(lang), "notes", word("ru", "notes"))


def format_date(iso: str, lang: str) -> str:
    """The one date display (``languages.human_date``) with the day bound to its month for line breaking."""
    return human_date(iso, base(lang), nbsp=True)
