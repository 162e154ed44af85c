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
from .text import PhraseSet, single_spaces

UP = "A-ZА-ЯЁЂЃЄЅІЇЈЉЊЋЌЎЏҐҒҚҢҮҰҲҶҺӘӢӨӮҖҘҪҠ"
LOW = "a-zа-яёђѓєѕіїјљњћќўџґғқңүұҳҷһәӣөӯҗҙҫҡ"
_NAME_WORD = rf"[{UP}][{LOW}'’]+(?:-[{UP}{LOW}][{LOW}'’]+)?"
_INITIAL = rf"[{UP}][{LOW}]?\."


@functools.cache
def _name_regex() -> re.Pattern[str]:
    """A person's name (compiled on first use: nothing is compiled at import)."""
    return re.compile(
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
    return bool(_name_regex().match(text.strip()))


def _unquote(text: str) -> str:
    return text.strip().strip("«»„“”\"'").strip()


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    def alt(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    photo = alt(merged("photo_labels"))
    return {
        # what may follow a byline label: "… і фота", a colon or dash, the names
        "after-label": re.compile(rf"^(?:\s+(?:і|и|and|&)\s+(?:{photo}))?\s*(?P<sep>[:—–]?)\s*(?P<rest>\S.*)$",
                                  re.IGNORECASE),
        "special": re.compile(rf"^(?P<names>[^,]{{3,80}}),\s*(?:{alt(merged('special_for'))})\s+(?P<src>\S.{{1,80}})$",
                              re.IGNORECASE),
        "photo": re.compile(rf"^(?:{photo})\s*:", re.IGNORECASE),
        "and": re.compile(rf"\s*,\s*|\s+(?:{alt(merged('conjunctions'))}|and|&)\s+"),
        "by": re.compile(r"^By\s+(?P<rest>\S.{0,80})$"),
    }


@functools.cache
def _labels() -> dict[str, PhraseSet]:
    return {"byline": PhraseSet(merged("byline_labels")), "editorial": PhraseSet(merged("editorial")),
            "source": PhraseSet(merged("source_labels"))}


def _labelled(text: str) -> tuple[str, str] | None:
    """(separator, rest) of a line opened by a byline label ("Автор: …", "Беседовала …"), else None."""
    n = _labels()["byline"].prefix(text)
    if not n:
        return None
    m = _regexes()["after-label"].match(text[n:])
    return (m.group("sep"), m.group("rest")) if m else None


def split_names(text: str) -> tuple[str, ...] | None:
    """Names separated by commas or "и/і/та/және…", or None when any part is not a name."""
    parts = [p.strip() for p in _regexes()["and"].split(text.strip().rstrip(".")) if p.strip()]
    if not parts or not all(is_name(p) for p in parts):
        return None
    return tuple(parts)


def parse_byline(text: str, *, bare_names: bool = False) -> Byline | None:
    """The byline in ``text``, or None. Bare name lines count only with ``bare_names``."""
    text = single_spaces(text)
    if not text or len(text) > MAX_BYLINE:
        return None
    r = _regexes()
    m = r["special"].match(text)
    if m:
        names = _names_after_label(m.group("names"))
        if names:
            return Byline(names, _unquote(m.group("src")), "special-for")
    labelled = _labelled(text)
    if labelled:
        sep, rest = labelled
        first = rest.split(";")[0].strip()
        names = split_names(first) if sep or not first.endswith(".") else None
        if names:
            return Byline(names, "", "labelled")
    n = _labels()["editorial"].prefix(text)
    name = text[n:].strip()
    if n and name and not text.endswith((".", "!", "?")) and len(name.split()) <= 4 and len(name) <= 60:
        return Byline((text,), name, "editorial")
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
    labelled = _labelled(text.strip())
    return split_names(labelled[1] if labelled else text)


def parse_source(text: str) -> str | None:
    """The outlet named by a source line ("Источник: «Сибирский репортёр»"), else None."""
    text = single_spaces(text)
    n = _labels()["source"].prefix(text)
    rest = text[n:].lstrip() if n else ""
    if not rest.startswith(":") or len(rest) > 82:
        return None
    name = _unquote(rest[1:])
    return name or None


_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*", re.IGNORECASE)
_YEARS = re.compile(r"(?<!\d)\d{4}(?:\s*[–—-]\s*\d{4})?(?!\d)")


def copyright_holder(text: str) -> str | None:
    """The outlet named by a © line ("© 2026 Liter.kz. Все права защищены" -> "Liter.kz"), else None."""
    m = _COPYRIGHT.match(text)
    if not m:
        return None
    rest = _YEARS.sub(" ", text[m.end():])
    rest = re.split(r"\.\s|[,;|]|\s[—–-]\s", rest, maxsplit=1)[0]
    name = _unquote(re.sub(r"\s+", " ", rest).strip(" .«»\"'"))
    if any(n.lower() in name.lower() for n in merged("notices")) or name.lower() in ("all rights reserved",):
        return None  # "© Все права защищены": a notice, no name
    return name if 2 <= len(name) <= 60 and any(ch.isalpha() for ch in name) else None
