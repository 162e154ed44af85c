"""Arranging read articles into a bundle Document: sections, order inside them, title and date."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ..errors import UsageError
from ..ir import SECTION_ROLE, Article, Block, Div, Document, Heading, Metadata, Text
from ..languages import DEFAULT_LANGUAGE, base_code, human_date, vocabulary, word

SectionBy = Literal["folder", "source", "date", "none"]
SortBy = Literal["date", "name", "title", "newest"]

# Bundle and section titles are ``words`` of each language's module in ``article_convert.languages``;
# these English ones are for en/de/fr, which have no module (other such languages get Russian).
ENGLISH = {"collection": "Collected articles", "digest": "News digest", "undated": "Undated",
           "no_source": "Other sources"}

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Entry:
    """One article ready to be placed: its Document, its file name (for sorting) and its folder."""

    doc: Document
    name: str
    folder: str
    order: int
    when: float | None = None
    """A precise time (POSIX seconds) for ``--sort newest``, e.g. a feed item's; else the date is used."""


def _base(lang: str) -> str:
    return base_code(lang)


def local(key: str, lang: str) -> str:
    """The word ``key`` (``collection``, ``digest``, ``undated``, ``no_source``) in ``lang``: from its
    vocabulary module; English for en/de/fr; Russian for any other language without a module."""
    base = _base(lang)
    if vocabulary(base) is None and base in ("en", "de", "fr"):
        return ENGLISH[key]
    return word(base, key) or word("ru", key)


def bundle_language(entries: Sequence[Entry], forced: str | None) -> str:
    """``--lang`` if given, else the most common article language (first seen wins a tie)."""
    if forced:
        return forced
    langs = [e.doc.meta.language for e in entries if e.doc.meta.language]
    if not langs:
        return DEFAULT_LANGUAGE
    counts = Counter(langs)
    return max(dict.fromkeys(langs), key=lambda lang: counts[lang])


def default_title(lang: str, when: date, digest: bool = False) -> str:
    """"Подборка статей, 25 ноября 2026" (or "Дайджест новостей, …" for feeds) in the bundle language.

    The date is written by ``human_date`` like every other date in the book, so the cover does not
    show the same day twice in two forms.
    """
    return f"{local('digest' if digest else 'collection', lang)}, {human_date(when.isoformat(), lang, nbsp=True)}"


def check_date(value: str) -> str:
    """``--date`` must be ISO (YYYY-MM-DD); returns it stripped."""
    value = value.strip()
    try:
        date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r}: expected YYYY-MM-DD") from None
    return value


def sort_key(entry: Entry, sort: SortBy) -> tuple[object, ...]:
    """Dated articles first by date (then name), undated by name; or by name; or by title."""
    meta = entry.doc.meta
    if sort == "name":
        return (entry.name.casefold(), entry.order)
    if sort == "title":
        return (meta.title.casefold(), entry.name.casefold(), entry.order)
    if sort == "newest":
        stamp = entry.when if entry.when is not None else _date_stamp(meta.date)
        return (0 if stamp is not None else 1, -(stamp or 0.0), entry.order)
    when = meta.date[:10] if _ISO.match(meta.date) else ""
    return (0 if when else 1, when, entry.name.casefold(), entry.order)


def _date_stamp(text: str) -> float | None:
    """POSIX seconds of an ISO date (midnight UTC), or None."""
    if not _ISO.match(text):
        return None
    try:
        return datetime.fromisoformat(text[:10] + "T00:00:00+00:00").timestamp()
    except ValueError:
        return None


def group(entries: Sequence[Entry], section_by: SectionBy, lang: str) -> list[tuple[str, list[Entry]]]:
    """(section title, entries) in section order; a single section means no section level."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(_section_of(e, section_by, lang), []).append(e)
    keys = list(groups)
    if section_by == "date":
        keys.sort(key=lambda k: (k == "", k))
    elif section_by == "source":
        keys.sort(key=lambda k: (k == "", k.casefold()))
    titled = [(_section_title(k, section_by, lang), groups[k]) for k in keys]
    return titled


def _section_of(e: Entry, section_by: SectionBy, lang: str) -> str:
    meta = e.doc.meta
    if section_by == "folder":
        return e.folder
    if section_by == "source":
        return " ".join(meta.source.split())
    if section_by == "date":
        return meta.date[:10] if _ISO.match(meta.date) else ""
    return ""


def _section_title(key: str, section_by: SectionBy, lang: str) -> str:
    if section_by == "date":
        return human_date(key, lang) if key else local("undated", lang)
    if section_by == "source" and not key:
        return local("no_source", lang)
    return key


def article_of(doc: Document) -> Article:
    """A read article as a bundle Article (language always set, so each keeps its own tags)."""
    return Article(doc.meta, doc.blocks)


def build_bundle(entries: Sequence[Entry], *, section_by: SectionBy = "folder", sort: SortBy = "date",
                 title: str | None = None, date_text: str | None = None, lang: str | None = None,
                 now: datetime, extra: Sequence[tuple[str, str]] = (), digest: bool = False) -> Document:
    """The bundle Document: metadata of the whole book, then sections (or articles directly)."""
    language = bundle_language(entries, lang)
    when = check_date(date_text) if date_text else now.date().isoformat()
    groups = group(entries, section_by, language)
    blocks: list[Block] = []
    for section_title, members in groups:
        arts = tuple(article_of(e.doc) for e in sorted(members, key=lambda e: sort_key(e, sort)))
        if len(groups) == 1 or section_by == "none":
            blocks.extend(arts)
        else:
            heading = Heading(1, (Text(section_title or "—"),))
            blocks.append(Div(SECTION_ROLE, (heading, *arts)))
    meta = Metadata(
        title=title.strip() if title and title.strip() else default_title(language, date.fromisoformat(when), digest),
        date=when,
        language=language,
        extra=tuple(sorted({("bundle", "1"), *extra})),
    )
    return Document(meta, tuple(blocks))
