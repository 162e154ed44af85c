"""Issue 10: every localised word writers and bundles add lives in one per-language module."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from article_convert import languages
from article_convert.bundle.arrange import ENGLISH, default_title, local
from article_convert.ir.text import quote_marks
from article_convert.languages import WRITER_WORDS, Vocabulary, codes, human_date, vocabulary
from article_convert.writers.common import locale_tag

PACKAGE = Path(languages.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_"))
SRC = PACKAGE.parent
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def test_languages_are_discovered_from_the_package_not_listed() -> None:
    assert codes() == tuple(MODULES)
    assert {"ru", "uk", "be", "kk", "ky", "tt", "ba", "tg", "uz", "mn", "bg", "mk", "sr"} <= set(codes())
    assert codes() == languages.CODES
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert '"ba"' not in init and "'ba'" not in init, "a language code is listed in the package again"


@pytest.mark.parametrize("code", MODULES)
def test_every_module_defines_every_writer_word_locale_and_quotes(code: str) -> None:
    vocab = importlib.import_module(f"article_convert.languages.{code}").VOCABULARY
    assert isinstance(vocab, Vocabulary) and vocab.code == code
    missing = [k for k in WRITER_WORDS if not vocab.words.get(k, "").strip()]
    assert not missing, f"{code} lacks writer words {missing}"
    assert not set(vocab.words) - set(WRITER_WORDS), "an unknown word key (typo?)"
    assert all(CYRILLIC.search(w) for w in vocab.words.values()), f"{code}: a writer word is not Cyrillic"
    assert re.fullmatch(rf"{code}(-[A-Z][a-z]{{3}})?-[A-Z]{{2}}", vocab.locale), vocab.locale
    assert len(vocab.quotes) == 2
    for opening, closing in vocab.quotes:
        assert len(opening) == 1 and len(closing) == 1 and opening != closing
        assert not opening.isalnum() and opening not in "\"'"
    assert vocab.quotes[0] != vocab.quotes[1], "inner quotes must differ from outer ones"


def test_a_new_language_needs_only_its_module(tmp_path: Path) -> None:
    """Copy the package, add one module: it is found and its words, locale and quotes are used."""
    pkg = tmp_path / "article_convert"
    shutil.copytree(SRC, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "languages" / "cv.py").write_text(
        '"""Chuvash (test)."""\nfrom . import Vocabulary\n'
        'VOCABULARY = Vocabulary(code="cv", words={"collection": "Статьясен пуххи", "undated": "Датасăр"},\n'
        '    locale="cv-RU", quotes=(("‹", "›"), ("„", "“")))\n', encoding="utf-8")
    probe = (
        "from datetime import date\n"
        "from article_convert.languages import codes\n"
        "from article_convert.ir.text import quote_marks\n"
        "from article_convert.writers.common import locale_tag\n"
        "from article_convert.bundle.arrange import default_title, local\n"
        "print('cv' in codes(), quote_marks('cv', 0), locale_tag('cv'),"
        " default_title('cv', date(2026, 11, 25)), local('undated', 'cv'))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=False, cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True ('‹', '›') cv-RU Статьясен пуххи, 2026-11-25 Датасăр"  # no month names: ISO


# The values the three old tables held: outputs for these languages must not change.
OLD_QUOTES = {"ru": "«»„“", "uk": "«»„“", "be": "«»„“", "kk": "«»„“", "ky": "«»„“", "tt": "«»„“", "ba": "«»„“",
              "bg": "„“«»", "sr": "„“‘’", "mk": "„“‘’", "mn": "«»„“", "en": "“”‘’",
              "tg": "«»„“", "uz": "«»„“", "de": "«»„“", "xx": "«»„“", "": "«»„“"}
OLD_LOCALES = {"ru": "ru-RU", "uk": "uk-UA", "be": "be-BY", "kk": "kk-KZ", "ky": "ky-KG", "tt": "tt-RU",
               "ba": "ba-RU", "sr": "sr-Cyrl-RS", "mk": "mk-MK", "bg": "bg-BG", "mn": "mn-MN", "tg": "tg-TJ",
               "uz": "uz-Cyrl-UZ", "en": "en-US", "de": "de-DE", "fr": "fr-FR", "RU": "ru-RU", "xx": "xx",
               "sr-Latn-RS": "sr-Latn-RS", "": "ru-RU"}
OLD_BUNDLE = {  # language: (collection, digest, undated, no_source)
    "ru": ("Подборка статей", "Дайджест новостей", "Без даты", "Другие источники"),
    "uk": ("Добірка статей", "Дайджест новин", "Без дати", "Інші джерела"),
    "be": ("Падборка артыкулаў", "Дайджэст навін", "Без даты", "Іншыя крыніцы"),
    "kk": ("Мақалалар жинағы", "Жаңалықтар дайджесі", "Күні жоқ", "Басқа дереккөздер"),
    "bg": ("Подборка от статии", "Преглед на новините", "Без дата", "Други източници"),
    "sr-Cyrl": ("Избор чланака", "Преглед вести", "Без датума", "Други извори"),
    "mk": ("Избор на статии", "Преглед на вести", "Без датум", "Други извори"),
    "en": ("Collected articles", "News digest", "Undated", "Other sources"),
    "de": ("Collected articles", "News digest", "Undated", "Other sources"),
    "xx": ("Подборка статей", "Дайджест новостей", "Без даты", "Другие источники"),
}


@pytest.mark.parametrize("lang", sorted(OLD_QUOTES))
def test_quote_marks_unchanged(lang: str) -> None:
    marks = OLD_QUOTES[lang]
    assert "".join(quote_marks(lang, 0) + quote_marks(lang, 1)) == marks
    assert quote_marks(lang, 2) == quote_marks(lang, 0)


@pytest.mark.parametrize("lang", sorted(OLD_LOCALES))
def test_locale_tags_unchanged(lang: str) -> None:
    assert locale_tag(lang) == OLD_LOCALES[lang]


@pytest.mark.parametrize("lang", sorted(OLD_BUNDLE))
def test_bundle_words_unchanged(lang: str) -> None:
    collection, digest, undated, no_source = OLD_BUNDLE[lang]
    day = human_date("2026-11-25", lang, nbsp=True)  # the book's date as every writer prints it
    assert default_title(lang, date(2026, 11, 25)) == f"{collection}, {day}"
    assert default_title(lang, date(2026, 11, 25), digest=True) == f"{digest}, {day}"
    assert local("undated", lang) == undated and local("no_source", lang) == no_source


@pytest.mark.parametrize("lang", ["ky", "tt", "ba", "tg", "uz", "mn"])
def test_languages_that_had_no_bundle_words_get_their_own(lang: str) -> None:
    vocab = vocabulary(lang)
    assert vocab is not None
    assert default_title(lang, date(2026, 11, 25)).startswith(vocab.words["collection"])
    for key in ENGLISH:
        assert local(key, lang) == vocab.words[key] != local(key, "ru")


def _cyrillic_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings and CYRILLIC.search(n.value)]


# Cyrillic literals that are not words a writer prints: letter sets (line breaking), a URL suffix, and
# the organisation words FB2 uses to tell an outlet from a person's name (see the report).
ALLOWED = {"writers/pdf/linebreak.py", "writers/fb2/description.py"}


def test_no_localised_word_left_in_writers_bundle_or_cover() -> None:
    files = [*(SRC / "writers").rglob("*.py"), *(SRC / "bundle").rglob("*.py"), SRC / "cover.py", SRC / "ir" / "text.py"]
    found = {str(p.relative_to(SRC)): lits for p in files if p.exists()
             if (lits := _cyrillic_literals(p)) and str(p.relative_to(SRC)) not in ALLOWED}
    assert not found, f"per-language words outside article_convert.languages: {found}"


def test_ir_import_stays_light() -> None:
    probe = ("import sys, article_convert.ir; "
             "print(sorted(m for m in sys.modules if m.startswith('article_convert.') and "
             "not m.startswith(('article_convert.ir', 'article_convert.languages', 'article_convert.errors'))))")
    out = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", "ir/ imports writers, bundle or other upper layers"
    probe = "import sys, article_convert.ir; print(sorted(m for m in sys.modules if m.startswith('article_convert.languages')))"
    out = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", "the vocabulary is loaded on the first quote, not by importing ir"
    upward = [line for line in (PACKAGE / "__init__.py").read_text(encoding="utf-8").splitlines()
              if line.startswith(("from ..", "from article_convert", "import article_convert"))]
    assert not upward, "the languages package must not import the project"
