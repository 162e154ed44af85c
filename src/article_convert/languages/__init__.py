"""Per-language vocabulary, one module per language (like docutils' ``languages/ru.py``).

Each module defines ``VOCABULARY``: the words recognition looks for (byline and interview
labels, boilerplate phrases, rubric names, photo-credit labels, month names in every form used
in dates) and the words writers add themselves (TOC title, notes, bundle titles, cover date format,
locale tag, quotation marks). Adding a language is adding one module: the list of languages is
discovered from this package (:func:`codes`), not kept anywhere else.

Recognition runs before the document's language is known, so it asks :func:`merged` for the
union of all languages; writers ask :func:`vocabulary` for one language.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from dataclasses import dataclass, field

WRITER_WORDS: tuple[str, ...] = ("contents", "landmarks", "notes", "unknown_author", "various_authors",
                                 "collection", "digest", "undated", "no_source")
"""The keys of :attr:`Vocabulary.words` every language module must define."""

QuotePair = tuple[str, str]

DEFAULT_LANGUAGE = "ru"
"""The language of a document nothing names (no tag, no ``--lang``, nothing detected): decided here only;
``Settings.language_of`` and :func:`base_code` are how the rest of the code asks for it."""


def base_code(lang: str | None) -> str:
    """The primary subtag in lower case (``ru-RU`` -> ``ru``); :data:`DEFAULT_LANGUAGE` for none."""
    return (lang or DEFAULT_LANGUAGE).split("-")[0].lower()


@functools.cache
def codes() -> tuple[str, ...]:
    """Languages with a vocabulary module, found in this package (``uz`` is Uzbek in Cyrillic)."""
    folder = os.path.dirname(__file__)
    names = (n[:-3] for n in os.listdir(folder) if n.endswith(".py") and not n.startswith("_"))
    return tuple(sorted(n for n in names if n.isidentifier()))


def __getattr__(name: str) -> tuple[str, ...]:
    """``CODES``: kept for callers of the old constant; computed from the package on first use."""
    if name == "CODES":
        return codes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Vocabulary:
    """The words of one language that recognition and writers need. Phrases are matched case-insensitively."""

    code: str
    months: dict[str, int] = field(default_factory=dict)
    """Every form of a month name used in dates (nominative, genitive, abbreviations) -> 1..12."""
    year_words: tuple[str, ...] = ()
    """What may follow a year in a date ("г.", "года", "р.", "ж.")."""
    published_labels: tuple[str, ...] = ()
    """Labels before a date line ("Опубликовано", "Обновлено")."""
    byline_labels: tuple[str, ...] = ()
    """Labels before an author's name ("Автор", "Текст", "Подготовила"); a colon or dash may follow."""
    editorial: tuple[str, ...] = ()
    """Words of an editorial byline ("Редакция Liter.kz": the outlet is the author and the source)."""
    special_for: tuple[str, ...] = ()
    """"…, специально для «X»": the outlet the author wrote for."""
    source_labels: tuple[str, ...] = ()
    """Labels before the source ("Источник")."""
    photo_labels: tuple[str, ...] = ()
    """Labels of a photo credit ("Фото", "Снимка", "Сурет")."""
    photo_by_author: tuple[str, ...] = ()
    """Credit lines without a name ("Фото автора")."""
    interviewer_labels: tuple[str, ...] = ()
    """Labels opening the interviewer's turns ("Вопрос", "Корр.", "Журналист")."""
    answer_labels: tuple[str, ...] = ()
    """Labels opening the answers ("Ответ")."""
    read_also: tuple[str, ...] = ()
    """Recommendation labels ("Читайте также"): with a headline, a single line to remove anywhere."""
    subscribe: tuple[str, ...] = ()
    """Calls to subscribe or follow ("Подписывайтесь", "Следите за новостями")."""
    share: tuple[str, ...] = ()
    """Share buttons ("Поделиться")."""
    tags: tuple[str, ...] = ()
    """Labels of a tags line ("Теги")."""
    related: tuple[str, ...] = ()
    """Headings of closing blocks ("Новости партнеров", "Похожие новости", "Комментарии", "Реклама")."""
    notices: tuple[str, ...] = ()
    """Closing notices ("Все права защищены", "Нашли ошибку?")."""
    rubrics: tuple[str, ...] = ()
    """Section names that stand above a title ("Экономика", "Общество")."""
    conjunctions: tuple[str, ...] = ()
    """"and" between two authors' names."""
    words: dict[str, str] = field(default_factory=dict)
    """Words writers add, keyed as in :data:`WRITER_WORDS`: ``contents``, ``landmarks``, ``notes``,
    ``unknown_author``, ``various_authors``; bundle titles ``collection``, ``digest`` and section
    titles ``undated``, ``no_source``."""
    locale: str = ""
    """The region-qualified tag word processors and PDF viewers expect (``ru-RU``, ``sr-Cyrl-RS``)."""
    quotes: tuple[QuotePair, ...] = ()
    """Quotation marks: (outer opening, closing), (inner opening, closing)."""
    month_names: tuple[str, ...] = ()
    """The twelve month names as a writer prints them after a day number."""
    date_format: str = "{day} {month} {year}"
    """How a writer prints a date (fields ``day``, ``month``, ``year``)."""
    month_alone: tuple[str, ...] = ()
    """The twelve month names as printed without a day (``декабрь 2025``); empty = ``month_names``."""
    month_format: str = "{month} {year}"
    """How a writer prints a month without a day (fields ``month``, ``year``)."""


@functools.cache
def vocabulary(code: str) -> Vocabulary | None:
    """The vocabulary of a language tag (``sr-Cyrl-RS`` -> ``sr``), or None for an unknown one."""
    base = (code or "").split("-")[0].lower()
    if base not in codes():
        return None
    module = importlib.import_module(f"{__name__}.{base}")
    vocab: Vocabulary = module.VOCABULARY
    return vocab


@functools.cache
def all_vocabularies() -> tuple[Vocabulary, ...]:
    """Every language's vocabulary."""
    return tuple(v for v in (vocabulary(c) for c in codes()) if v is not None)


@functools.cache
def merged(attribute: str) -> tuple[str, ...]:
    """One tuple field of every vocabulary, merged and longest first (so regexes prefer long phrases)."""
    seen: set[str] = set()
    for v in all_vocabularies():
        seen.update(getattr(v, attribute))
    return tuple(sorted(seen, key=lambda s: (-len(s), s)))


@functools.cache
def month_table() -> dict[str, int]:
    """Every month form of every language (lower case) -> month number."""
    table: dict[str, int] = {}
    for v in all_vocabularies():
        for name, number in v.months.items():
            table[name.lower()] = number
    return table


def word(code: str, key: str, default: str = "") -> str:
    """A writer's word in a language (``contents``, ``notes``...), else ``default``."""
    vocab = vocabulary(code)
    return vocab.words.get(key, default) if vocab else default


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
"""Month names for English documents (English has no vocabulary module: recognition does not need it)."""

_ISO_DISPLAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?$")


def human_date(iso: str, code: str, *, nbsp: bool = False) -> str:
    """An ISO date, possibly partial (``2025``, ``2025-12``, ``2025-12-04``, a time is not shown), as a reader
    of ``code`` writes it: ``4 декабря 2025`` / ``декабрь 2025`` / ``2025``, ``2025 жылғы 4 желтоқсан``.

    The one date display of every writer. Languages without a module: English words for ``en``,
    else the ISO text as it is; free text ("весна 2025") is returned unchanged. ``nbsp`` binds day and month.
    """
    text = (iso or "").strip()
    m = _ISO_DISPLAY.match(text)
    if not m:
        return text
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month:
        return year
    if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return text
    vocab = vocabulary(code)
    base = (code or "").split("-")[0].lower()
    if vocab and vocab.month_names:
        names, full, partial = vocab.month_names, vocab.date_format, vocab.month_format
        alone = vocab.month_alone or vocab.month_names
    elif base == "en":
        names = alone = ENGLISH_MONTHS
        full, partial = "{day} {month} {year}", "{month} {year}"
    else:
        return text[:10]
    if not day:
        return partial.format(month=alone[int(month) - 1], year=int(year))
    name = names[int(month) - 1]
    shown = full.format(day=int(day), month=name, year=int(year))
    return shown.replace(f"{int(day)} {name}", f"{int(day)}\u00a0{name}") if nbsp else shown


def months_of(*groups: str) -> dict[str, int]:
    """Build a month table from space-separated groups of twelve forms each (January first)."""
    table: dict[str, int] = {}
    for group in groups:
        names = group.split()
        if len(names) != 12:
            raise ValueError(f"a month group needs 12 names, got {len(names)}: {group!r}")
        for i, name in enumerate(names, 1):
            for alt in name.split("/"):
                table[alt.lower()] = i
    return table
