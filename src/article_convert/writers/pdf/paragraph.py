"""A reportlab Paragraph broken into lines by total fit, that never ends a page with a hyphen.

Lines: justified paragraphs (and any paragraph holding a word wider than its measure) are
broken by the Knuth–Plass breaker (``linebreak.break_paragraph``) instead of reportlab's
greedy one; the rest keep reportlab's. Pages: Russian typesetting forbids a word broken
across pages; it also keeps a reader's text extraction clean, since the running header and
page number would otherwise sit between the two halves of the word.
"""

from __future__ import annotations

import copy
import functools
import weakref
from typing import Any

SMALL_PART_LINES = 4
LAZY_MARKUP_CHARS = 8192
"""A paragraph's markup this long is parsed when the layout reaches it, not when it is made: every
paragraph is made before the layout starts, and reportlab's fragments (~1.5 KB a word with a link
or style of its own) of a whole page of 200,000 links were held at once."""
_PLAIN_FRAGS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
"""Per paragraph style: the fragment reportlab's parser makes of a text without markup (issue 18)."""


def _plain_frags(style: Any, text: str, cleaner: Any) -> list[Any] | None:
    """reportlab's fragments for ``text``, which holds no markup (no ``<``, no ``&``), without running
    its XML parser: such a text always parses to one fragment, the style's first fragment with
    ``text`` set. That fragment is made once per style (by the parser itself, from a stand-in
    text); each paragraph gets a copy with its own text and its own (empty) lists, as a parse gives.
    None when the text is empty after cleaning (the parser makes no fragment then)."""
    if not text:
        return None
    template = _PLAIN_FRAGS.get(style)
    if template is None:
        from reportlab.platypus.paraparser import ParaParser

        parsed_style, frags, bullets = ParaParser().parse(cleaner("x"), style)
        if parsed_style is not style or not frags or len(frags) != 1 or bullets or frags[0].text != "x":
            return None  # not the plain case this relies on: parse every text
        template = _PLAIN_FRAGS[style] = frags[0]
    frag = copy.copy(template)
    for key, value in vars(frag).items():
        if type(value) is list:
            setattr(frag, key, list(value))
    frag.text = text
    return [frag]


def _last_line_text(para: Any) -> str:
    """The text at the end of a split-off part's last line ('' when unknown)."""
    bl = getattr(para, "blPara", None)
    lines = getattr(bl, "lines", None)
    if not lines:
        return ""
    last = lines[-1]
    words = last[1] if isinstance(last, tuple) else getattr(last, "words", [])
    if not words:
        return ""
    if isinstance(last, tuple):  # a plain paragraph: the words are strings
        return str(words[-1])
    return "".join(str(getattr(frag, "text", "")) for frag in words).rstrip()  # a paragraph of fragments


def _params(style: Any) -> Any:
    """Breaker settings for a style: a last line should be at least as wide as the paragraph indent;
    text that is not justified is set ragged right (a line may end short by up to its whole width)."""
    from reportlab.lib.enums import TA_JUSTIFY

    indent = style.firstLineIndent or 1.3 * style.fontSize
    return _params_for(round(float(indent), 2), style.alignment != TA_JUSTIFY)


@functools.cache
def _params_for(min_last_line: float, ragged: bool = False) -> Any:
    from ...typeset.knuth_plass import Params

    # Tolerance 1.5 (badness ~340), not 2: with glyph expansion and tracking there is stretch enough,
    # and the first pass then keeps every line within 1.5 (measured: benchmarks/spacing.py). Ragged
    # text (a heading, a byline holding a URL wider than a line) gets a line's width of stretch: a
    # short line costs by how short it is, so the lines come out even instead of one word alone
    # on the first line and the rest crammed under it.
    return Params(min_last_line=min_last_line, tolerance=1.5, ragged=1.0 if ragged else 0.0)


def _total_fit(para: Any, widths: list[float]) -> bool:
    """True when the paragraph is broken by total fit: justified, or holding a word wider than a line."""
    from reportlab.lib.enums import TA_JUSTIFY

    style = para.style
    if not para.frags or (style.wordWrap or "").upper() in ("CJK", "RTL", "LTR") or style.endDots:
        return False
    if getattr(style, "shaping", 0):
        return False
    if style.alignment == TA_JUSTIFY:
        return True
    from .linebreak import _frag_words, _single_frag, text_width

    narrowest = min(widths)
    single = _single_frag(para)
    if single is not None and not hasattr(single, "text"):
        # the rest of a one-style paragraph split at a page end: reportlab left it a list of words
        return any(text_width(w, single.fontName, single.fontSize) > narrowest for w in single.words)
    return any(w[0] > narrowest for w in _frag_words(para, widths[0]))


def _share_lines(para: Any, whole: Any, parts: list[Any]) -> None:
    """Give the two parts of a split the lines of the whole paragraph (reportlab keeps only the first's)."""
    from reportlab.platypus.paragraph import ParaLines

    s = len(parts[0].blPara.lines)
    if whole.kind == 0:  # reportlab labels the first part's tuple lines kind 1: keep them kind 0
        parts[0].blPara = whole.clone(lines=whole.lines[:s])
        rest = whole.clone(lines=whole.lines[s:])
    else:
        base = whole.lines[s].sFW
        rest = ParaLines(kind=1, lines=[ln.clone(sFW=ln.sFW - base) for ln in whole.lines[s:]])
    parts[0].blPara._ac_total_fit = True
    rest._ac_total_fit = True
    cached = getattr(para, "_ac_lines", None)
    if cached is not None and rest.lines:
        later = cached[0][-1]
        parts[1]._ac_lines = ([later, later], parts[1].frags, rest)


def make_paragraph_class() -> type:
    """The Paragraph subclass (built lazily so reportlab is imported only when writing)."""
    from reportlab.platypus import Paragraph

    from .bidi import install_bidi_hook
    from .expansion import install_expansion_hook
    from .markupcolors import install as install_colors
    from .spanlang import install_span_lang

    install_expansion_hook()  # lines the breaker set with expanded or condensed glyphs are drawn so
    install_bidi_hook()  # right-to-left runs stay in logical order until each line is drawn
    install_span_lang()  # <span lang="…">: the runs of another language keep it, for the hyphenator
    install_colors()  # a link's colour attribute parsed once, not once per link

    from reportlab.platypus.paragraph import textTransformFrags

    class ArticleParagraph(Paragraph):  # type: ignore[misc, valid-type]
        def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
            if frags is None and isinstance(text, str) and len(text) >= LAZY_MARKUP_CHARS:
                self.style = style  # what the layout asks before it wraps (space before/after, keeps)
                self._ac_pending = (text, bulletText, cleaner)
                return
            self._ac_setup(text, style, bulletText, frags, cleaner)

        def __getattr__(self, name: str) -> Any:
            """The first use of what the parse makes (``frags``, ``text``, ``bulletText``…) parses."""
            if name.startswith("__") or "_ac_pending" not in self.__dict__:
                raise AttributeError(name)
            pending = self.__dict__.pop("_ac_pending")
            text, bullet, cleaner = pending
            self._ac_setup(text, self.style, bullet, None, cleaner)
            return getattr(self, name)

        def _ac_setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
            if frags is None and bulletText is None and isinstance(text, str) and "<" not in text \
                    and "&" not in text:
                cleaned = cleaner(text)
                frags = _plain_frags(style, cleaned, cleaner)
                if frags is not None:  # what reportlab's _setup does with the parse's result
                    textTransformFrags(frags, style)
                    text = cleaned
            super()._setup(text, style, bulletText, frags, cleaner)

        def breakLines(self, width: Any) -> Any:
            widths = [float(x) for x in width] if isinstance(width, (list, tuple)) else [float(width)]
            kept = getattr(self, "blPara", None) if getattr(self, "_splitpara", 0) else None
            if kept is not None and getattr(kept, "_ac_total_fit", False):
                return kept  # the first part of a split: its lines were chosen with the whole paragraph
            cached = getattr(self, "_ac_lines", None)
            if cached is not None and cached[0] == widths and cached[1] is self.frags:
                return cached[2]
            if not _total_fit(self, widths):
                return super().breakLines(width)
            from .linebreak import break_paragraph

            lines = break_paragraph(self, widths, _params(self.style))
            self._ac_lines = (widths, self.frags, lines)
            return lines

        def _split_once(self, availWidth: float, availHeight: float) -> list[Any]:
            """reportlab's split; both parts keep the total-fit lines chosen for the whole paragraph
            (the rest is not broken again: linear time however many pages a paragraph spans)."""
            mine = getattr(getattr(self, "blPara", None), "_ac_total_fit", False)
            parts = super().split(availWidth, availHeight)
            whole = getattr(self, "blPara", None)
            if len(parts) == 2 and whole is not None and (mine or getattr(whole, "_ac_total_fit", False)):
                _share_lines(self, whole, parts)
            return list(parts)

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            parts = first = self._split_once(availWidth, availHeight)
            height = availHeight
            leading = self.style.leading
            while len(parts) == 2 and _last_line_text(parts[0]).endswith("-"):
                height -= leading  # one line less on this page, until the page ends on a whole word
                shorter = self._split_once(availWidth, height) if height > leading else []
                if not shorter:
                    # Only a few lines fit here: move the paragraph to the next page instead. On a
                    # fuller page (a fresh one always is) keep the first split, hyphen and all.
                    return [] if len(first[0].blPara.lines) <= SMALL_PART_LINES else first
                parts = shorter
            return parts

    return ArticleParagraph
