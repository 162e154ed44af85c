"""Open reportlab's hyphenation to the whole Cyrillic script, and hand it our hyphenator.

reportlab (checked on 4.x and 5.1) only asks the hyphenator about words that match
``reportlab.platypus.paragraph._hy_letters_pat``, whose letter class covers U+0410-U+044F:
words with ё, і, ї, є, ґ, ў or any Kazakh letter are never hyphenated, whatever hyphenator
is passed. This module rebuilds those private patterns with U+0400-U+052F plus combining
marks (stress accents), and teaches the prefix/suffix patterns the Cyrillic quotation marks
(«слово» was never hyphenated either). It refuses to touch a reportlab whose internals moved;
``tests/test_hyphenation.py`` fails loudly then.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from . import hyphenator_pairs, supports

TESTED_MAJOR_VERSIONS = ("4", "5")
EXTRA_LETTERS = "\u0400-\u052f\u0300-\u036f"
EXTRA_PREFIX = "\u00ab\u2039\u2014\u2013"  # « ‹ — –
EXTRA_SUFFIX = "\u00bb\u203a\u2026\u201c\u2014\u2013"  # » › … “ — –
_REQUIRED = ("_hy_letters", "_hy_shy", "_hy_letters_pat", "_hy_shy_letters_pat", "_hy_pfx_pat", "_hy_sfx_pat")


class ReportlabInternalsMoved(RuntimeError):
    """reportlab no longer has the private names this fix patches."""


def _widen_class(pattern: str, extra: str, anchor: str) -> str:
    """Insert ``extra`` into the first character class of a regex source (``^[`` or ``[``)."""
    at = pattern.find(anchor)
    if at < 0:
        raise ReportlabInternalsMoved(f"unexpected pattern {pattern!r}")
    at += len(anchor)
    return pattern[:at] + extra + pattern[at:]


@functools.cache
def apply() -> bool:
    """Patch reportlab once per process; True when patched (raises if its internals moved)."""
    import reportlab
    from reportlab.platypus import paragraph as para

    missing = [name for name in _REQUIRED if not hasattr(para, name)]
    if missing:
        raise ReportlabInternalsMoved(
            f"reportlab {reportlab.Version} lacks {', '.join(missing)}; update hyphenation/reportlab_fix.py"
        )
    if "\u0410-\u044f" not in para._hy_letters:
        raise ReportlabInternalsMoved(f"reportlab {reportlab.Version}: _hy_letters changed: {para._hy_letters!r}")
    if EXTRA_LETTERS not in para._hy_letters:
        para._hy_letters = EXTRA_LETTERS + para._hy_letters
        para._hy_letters_pat = re.compile("^[" + para._hy_letters + "]+$")
        para._hy_shy_letters_pat = re.compile("^[" + para._hy_shy + para._hy_letters + "]+$")
    if EXTRA_PREFIX not in para._hy_pfx_pat.pattern:
        para._hy_pfx_pat = re.compile(_widen_class(para._hy_pfx_pat.pattern, EXTRA_PREFIX, "^["))
        para._hy_sfx_pat = re.compile(_widen_class(para._hy_sfx_pat.pattern, EXTRA_SUFFIX, "[]"))
    return True


def is_tested_version() -> bool:
    """True when the installed reportlab's major version is one this fix was checked against."""
    import reportlab

    return reportlab.Version.split(".")[0] in TESTED_MAJOR_VERSIONS


class Hyphenator:
    """A reportlab ``hyphenationLang`` callable backed by ``article_convert.hyphenation``."""

    __slots__ = ("lang",)

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        return hyphenator_pairs(word, self.lang)

    def __repr__(self) -> str:  # reportlab may print styles; keep it stable
        return f"Hyphenator({self.lang!r})"


@functools.cache
def hyphenator_for(lang: str) -> Callable[[str], Iterator[tuple[str, str]]] | None:
    """The callable to pass as ``ParagraphStyle.hyphenationLang`` (None: no hyphenation)."""
    if not lang or not supports(lang):
        return None
    apply()
    return Hyphenator(lang)
