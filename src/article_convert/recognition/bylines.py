"""Bylines and source lines: who wrote the article and for which outlet.

Recognised shapes (labels from every language's vocabulary):

* labelled: "Автор: Вероника Шатрова", "Тілші: Гүлнар Әбенова", "Аўтар: …", "Дайындаған: …",
  "Текст: Любовь Зимина; фото: Артём Щеглов" (the photographer is not an author),
  "Тэкст і фота: …", and without a colon "Беседовала Мария Лосева", "Сурвалжлагч Б.Номин";
* editorial: "Редакция Liter.kz" (the outlet is author and source);
* "Пётр Заречный, специально для «Северо-Западного вестника»" (source: the outlet);
* bare names: "Десислава Колева, Мартин Генов", "Драгана Милосављевић" (the caller decides where
  such a line may stand: under the title block or at the end);
* source lines: "Источник: «Сибирский репортёр»".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..languages import merged

UP = "A-ZА-ЯЁЂЃЄЅІЇЈЉЊЋЌЎЏҐҒҚҢҮҰҲҶҺӘӢӨӮҖҘҪҠ"
LOW = "a-zа-яёђѓєѕіїјљњћќўџґғқңүұҳҷһәӣөӯҗҙҫҡ"
_NAME_WORD = rf"[{UP}][{LOW}'’]+(?:-[{UP}{LOW}][{LOW}'’]+)?"
_INITIAL = rf"[{UP}][{LOW}]?\."
_NAME = re.compile(
    rf"^(?:(?:{_INITIAL}\s?){{1,2}}{_NAME_WORD}"  # Б.Номин, А. С. Пушкин
    rf"|{_NAME_WORD}(?:\s+(?:{_INITIAL}\s?)?{_NAME_WORD}){{1,2}}"  # Мария Лосева, Иван И. Петров
    rf"|{_NAME_WORD}\s+(?:{_INITIAL}\s?){{1,2}})$"  # Петров И. С.
)
MAX_BYLINE = 140


@dataclass(frozen=True, slots=True)
class Byline:
    """Authors and/or a source found in one line, and how (``kind``: labelled, editorial, special-for,
    names, source)."""

    authors: tuple[str, ...]
    source: str = ""
    kind: str = ""


def is_name(text: str) -> bool:
    """A person's name: two or three capitalised words, or initials and a surname."""
    return bool(_NAME.match(text.strip()))


def _unquote(text: str) -> str:
    return text.strip().strip("«»„“”\"'").strip()


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    def alt(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    photo = alt(merged("photo_labels"))
    return {
        "labelled": re.compile(
            rf"^(?P<label>{alt(merged('byline_labels'))})(?:\s+(?:і|и|и|і|and|&)\s+(?:{photo}))?"
            rf"\s*(?P<sep>[:—–]?)\s*(?P<rest>\S.*)$",
            re.IGNORECASE,
        ),
        "editorial": re.compile(rf"^(?P<label>{alt(merged('editorial'))})\s+(?P<name>\S.{{1,60}})$"),
        "special": re.compile(rf"^(?P<names>[^,]{{3,80}}),\s*(?:{alt(merged('special_for'))})\s+(?P<src>\S.{{1,80}})$",
                              re.IGNORECASE),
        "source": re.compile(rf"^(?:{alt(merged('source_labels'))})\s*:\s*(?P<name>\S.{{0,80}})$", re.IGNORECASE),
        "photo": re.compile(rf"^(?:{photo})\s*:", re.IGNORECASE),
        "and": re.compile(rf"\s*,\s*|\s+(?:{alt(merged('conjunctions'))}|and|&)\s+"),
        "by": re.compile(r"^By\s+(?P<rest>\S.{0,80})$"),
    }


def split_names(text: str) -> tuple[str, ...] | None:
    """Names separated by commas or "и/і/та/және…", or None when any part is not a name."""
    parts = [p.strip() for p in _regexes()["and"].split(text.strip().rstrip(".")) if p.strip()]
    if not parts or not all(is_name(p) for p in parts):
        return None
    return tuple(parts)


def parse_byline(text: str, *, bare_names: bool = False) -> Byline | None:
    """The byline in ``text``, or None. Bare name lines count only with ``bare_names``."""
    text = text.strip()
    if not text or len(text) > MAX_BYLINE or "\n" in text:
        return None
    r = _regexes()
    m = r["special"].match(text)
    if m:
        names = _names_after_label(m.group("names"))
        if names:
            return Byline(names, _unquote(m.group("src")), "special-for")
    m = r["labelled"].match(text)
    if m:
        segments = [s.strip() for s in m.group("rest").split(";")]
        first = segments[0]
        special = r["special"].match(first)
        if special:
            names = _names_after_label(special.group("names"))
            if names:
                return Byline(names, _unquote(special.group("src")), "labelled")
        names = split_names(first) if m.group("sep") or not first.endswith(".") else None
        if names and all(not r["photo"].match(s) or True for s in segments[1:]):
            return Byline(names, "", "labelled")
    m = r["editorial"].match(text)
    if m and not text.endswith((".", "!", "?")) and len(m.group("name").split()) <= 4:
        return Byline((text,), m.group("name").strip(), "editorial")
    m = r["by"].match(text)
    if m:
        names = tuple(n.strip() for n in re.split(r",|\sand\s", m.group("rest")) if n.strip())
        return Byline(names, "", "labelled")
    if bare_names:
        names = split_names(text)
        if names and len(names) <= 3:
            return Byline(names, "", "names")
    return None


def _names_after_label(text: str) -> tuple[str, ...] | None:
    """Names, possibly after a byline label ("Автор: Иван Петров, специально для …")."""
    m = _regexes()["labelled"].match(text.strip())
    if m:
        text = m.group("rest")
    return split_names(text)


def parse_source(text: str) -> str | None:
    """The outlet named by a source line ("Источник: «Сибирский репортёр»"), else None."""
    m = _regexes()["source"].match(text.strip())
    return _unquote(m.group("name")) if m else None
