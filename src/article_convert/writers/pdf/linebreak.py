"""reportlab paragraphs broken by the Knuth–Plass breaker instead of reportlab's greedy one.

``break_paragraph`` takes a Paragraph's fragments (reportlab's "frag words": a width and
(style, text) pairs, flagged when a space follows) and returns the same structures reportlab's
own ``breakLines`` returns for a paragraph of several fragments (``ParaLines(kind=1)`` of
``FragLine``), so reportlab's drawing, links, splitting across pages and text extraction work
unchanged. Words are cut at our hyphenation points (each word by its own language) as flagged
penalties; no-break spaces are glue that cannot break; a word wider than the measure gets an
emergency break after every letter (marked with a hyphen), so no line overflows the margin.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from ...hyphenation import break_positions, supports
from ...typeset.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Items, Params, break_lines
from .expansion import ScaledWords, give, line_fit

HYPHEN_PENALTY = 50.0  # TeX's \hyphenpenalty and \exhyphenpenalty
EMERGENCY_PENALTY = 5000.0  # a break inside a word that no dictionary allows
STRETCH = 0.5  # of a space, at adjustment ratio 1 (TeX's Computer Modern: 1/2)
SHRINK = 1 / 3  # of a space (TeX: 1/3)
MIN_WORD_LETTERS = 5
MAX_WORD_LETTERS = 64  # the longest words of our languages have about 40 letters
NBSP = "\u00a0"
_CORE = re.compile(r"[^\W\d_][\w\u0300-\u036f\u00ad-]*[\w\u0300-\u036f]|[^\W\d_]", re.UNICODE)
_URLISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)|@|\.(?:ru|kz|ua|by|com|org|net|рф)\b",
                     re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_KAZAKH = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")
_UKRAINIAN = frozenset("їєґЇЄҐ")
# Languages whose rules allow two letters after a hyphen (the rest keep three: «ис-кусство», not «искусст-во» … «-во»).
TWO_AFTER = frozenset({"kk", "ky", "tt", "ba"})


@functools.lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    """reportlab's (C-accelerated) string width, cached for the process: words repeat a lot (65,536
    entries: a page of 200,000 distinct words filled 262,144 with ~60 MB)."""
    return float(_string_width()(text, font, size))


@functools.cache
def _string_width() -> Callable[[str, str, float], float]:
    """``pdfmetrics.stringWidth``, imported once (not at every new word: reportlab is imported lazily)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth  # type: ignore[no-any-return]


_HAS_KAZAKH = re.compile("[" + "".join(sorted(_KAZAKH)) + "]")
_HAS_UKRAINIAN = re.compile("[" + "".join(sorted(_UKRAINIAN)) + "]")


@functools.lru_cache(maxsize=256)
def _base(lang: str) -> str:
    """``sr-Cyrl`` -> ``sr``: the part of a tag the language rules look at."""
    return lang.split("-")[0].lower()


def word_lang(word: str, lang: str) -> str:
    """The language to hyphenate ``word`` in: the paragraph's, unless the word's letters say otherwise."""
    base = _base(lang)
    if _CYRILLIC.search(word):
        if base != "kk" and _HAS_KAZAKH.search(word):
            return "kk"
        if base != "uk" and _HAS_UKRAINIAN.search(word):
            return "uk"
        return "ru" if base == "en" else lang
    if base != "en" and _LATIN.search(word):
        return "en"
    return lang


HYPHEN, EXPLICIT, URL = "h", "x", "u"  # a cut that adds a hyphen; after a compound's own hyphen; inside a URL
_URL_BREAK = re.compile(r"(?<=[/?&#=])(?=[^/])|(?<=\w)(?=[.][\w])")


@functools.lru_cache(maxsize=65536)
def hyphen_points(text: str, lang: str) -> tuple[tuple[int, str], ...]:
    """Where ``text`` (one frag word, punctuation included) may break: (index, HYPHEN/EXPLICIT/URL).

    Our dictionaries and Kazakh rules, at least two letters before and three after (two where
    the language allows), and after an explicit hyphen of a compound; a URL or e-mail address
    breaks after ``/ ? & # =`` and before a dot, never with a hyphen; words with digits stay whole."""
    if _URLISH.search(text):
        first = max(text.find("://") + 4, 4)  # never inside the scheme
        return tuple((m.start(), URL) for m in _URL_BREAK.finditer(text) if first <= m.start() <= len(text) - 4)
    if not lang:
        return ()
    out: list[tuple[int, str]] = []
    for m in _CORE.finditer(text):
        word = m.group(0)
        if not MIN_WORD_LETTERS <= len(word) <= MAX_WORD_LETTERS:
            continue  # too short to hyphenate, or no word at all (emergency breaks handle that, in linear time)
        wl = word_lang(word, lang)
        after = 2 if _base(wl) in TWO_AFTER else 3
        start = m.start()
        if word.isalpha():  # no hyphen, no mark: every character of a head or tail is a letter
            n = len(word)
            out.extend((start + p, HYPHEN) for p in (break_positions(word, wl) if supports(wl) else ())
                       if n - p >= after and p >= 2)
            continue
        for p in break_positions(word, wl) if supports(wl) else ():
            tail = word[p:].split("-")[0]
            head = word[:p].split("-")[-1]
            if sum(ch.isalpha() for ch in tail) >= after and sum(ch.isalpha() for ch in head) >= 2:
                out.append((start + p, HYPHEN))
        for k, ch in enumerate(word):
            if ch == "-" and k >= 2 and len(word) - k - 1 >= 2:
                out.append((start + k + 1, EXPLICIT))
    out.sort()
    return tuple(out)


def _texts(w: Sequence[Any]) -> str:
    return "".join(t for _, t in w[1:])


def _head_text(w: Sequence[Any]) -> str:
    """The text of frag word ``w`` before its first callback (a note's anchor, an inline image)."""
    out: list[str] = []
    for f, t in w[1:]:
        if hasattr(f, "cbDefn"):
            break
        out.append(t)
    return "".join(out)


def _slice(w: Sequence[Any], a: int, b: int) -> list[Any]:
    """The (style, text) parts of frag word ``w`` between characters ``a`` and ``b``."""
    out: list[Any] = []
    pos = 0
    total = len(_texts(w))
    for f, t in w[1:]:
        end = pos + len(t)
        if pos == end:  # an image or anchor: no characters of its own
            if a <= pos < b or pos == b == total:
                out.append((f, t))
        elif end > a and pos < b:
            out.append((f, t[max(a - pos, 0):min(b, end) - pos]))
        pos = end
    return out


def _parts_give(parts: Sequence[Any]) -> tuple[float, float]:
    """How far the text among ``parts`` may stretch and shrink (images and anchors never do)."""
    y = z = 0.0
    for f, t in parts:
        if t and not hasattr(f, "cbDefn"):
            dy, dz = give(text_width(t, f.fontName, f.fontSize), len(t), f.fontSize)
            y, z = y + dy, z + dz
    return y, z


def _parts_width(parts: Sequence[Any]) -> float:
    total = 0.0
    for f, t in parts:
        if hasattr(f, "cbDefn"):
            total += float(getattr(f.cbDefn, "width", 0) or 0) if f._fkind == 1 else 0.0
        elif t:
            total += text_width(t, f.fontName, f.fontSize)
    return total


Recipe = tuple[tuple[Any, ...], tuple[tuple[int, str, int], ...]]


@functools.lru_cache(maxsize=65536)
def _recipe(text: str, font: str, size: float, lang: str, narrowest: float, fit: bool) -> Recipe:
    """The items of a word set in one font, as six columns plus its cuts (cached: words recur).

    A cut is (offset among the word's items, "c" adds a hyphen / "e" does not, character index).
    With ``fit`` boxes stretch and shrink a little (glyph expansion and tracking, see ``expansion``)."""
    points = hyphen_points(text, lang) if len(text) >= MIN_WORD_LETTERS else ()
    width = text_width(text, font, size)
    if not points and NBSP not in text and width <= narrowest:
        y, z = give(width, len(text), size) if fit else (0.0, 0.0)
        return ((BOX,), (width,), (y,), (z,), (0.0,), (False,)), ()
    rows: list[tuple[int, float, float, float, float, bool]] = []
    where: list[tuple[int, str, int]] = []
    cuts = dict(points)
    if NBSP in text:
        bounds = sorted({0, len(text), *cuts, *(i for i, ch in enumerate(text) if ch == NBSP),
                         *(i + 1 for i, ch in enumerate(text) if ch == NBSP)})
    else:
        bounds = [0, *cuts, len(text)]
    hw = text_width("-", font, size)
    urlish = bool(_URLISH.search(text))
    for a, b in itertools.pairwise(bounds):
        piece = text[a:b]
        if piece == NBSP:
            sp = text_width(NBSP, font, size)
            rows.append((PENALTY, 0.0, 0.0, 0.0, INFINITY, False))
            rows.append((GLUE, sp, STRETCH * sp, SHRINK * sp, 0.0, False))
            continue
        kind = cuts.get(a)
        if kind is not None:
            where.append((len(rows), "c" if kind == HYPHEN else "e", a))
            rows.append((PENALTY, hw if kind == HYPHEN else 0.0, 0.0, 0.0, HYPHEN_PENALTY if kind != URL else 0.0,
                         kind != URL))
        pw = text_width(piece, font, size)
        if pw > narrowest and b - a > 1:  # wider than any line: a break after every character
            for i in range(a, b):
                if i > a:
                    where.append((len(rows), "e" if urlish else "c", i))
                    rows.append((PENALTY, 0.0 if urlish else hw, 0.0, 0.0, EMERGENCY_PENALTY, not urlish))
                cw = text_width(text[i], font, size)
                y, z = give(cw, 1, size) if fit else (0.0, 0.0)
                rows.append((BOX, cw, y, z, 0.0, False))
        else:
            y, z = give(pw, b - a, size) if fit else (0.0, 0.0)
            rows.append((BOX, pw, y, z, 0.0, False))
    return tuple(zip(*rows, strict=True)), tuple(where)


class _Builder:
    """Frag words -> Knuth–Plass items, remembering what each break point means."""

    def __init__(self, lang: str | None, narrowest: float, justify: bool) -> None:
        from reportlab.platypus.paragraph import _FK_BREAK

        self.items = Items()
        self.lang = lang or ""
        self.narrowest = narrowest
        self.justify = justify
        self.fit = justify  # glyphs may expand and letters be spaced a little
        self.fk_break = _FK_BREAK
        # item index -> ("g", fw, 0) glue after frag word fw, ("c"/"e", fw, at) a cut in it, ("b"/"end", fw, 0)
        self.where: dict[int, tuple[str, int, int]] = {}

    def _add_where(self, what: tuple[str, int, int]) -> None:
        self.where[len(self.items) - 1] = what

    def word(self, k: int, w: Sequence[Any], space_after: bool) -> None:
        it = self.items
        f0 = w[1][0]
        lang = getattr(f0, "ac_lang", None) or self.lang  # a Span(lang=…) run: its own language
        if getattr(f0, "_fkind", 0) == self.fk_break:
            it.pen(0.0, INFINITY)
            it.glue(0.0, 1e7, 0.0)
            it.pen(0.0, -INFINITY)
            self._add_where(("b", k, 0))
            return
        if len(w) == 2 and not hasattr(f0, "cbDefn"):
            text = w[1][1]
            if text:
                cols, cuts = _recipe(text, f0.fontName, f0.fontSize, lang, self.narrowest, self.fit)
                base = it.extend(cols)
                for off, wk, at in cuts:
                    self.where[base + off] = (wk, k, at)
            else:
                it.box(float(w[0]))
        else:
            text = _texts(w)
            head = _head_text(w)  # a word with a note mark (or an image) is hyphenated before it
            points = hyphen_points(head, lang) if len(head) >= MIN_WORD_LETTERS else ()
            if not text or (not points and NBSP not in text and w[0] <= self.narrowest):
                it.box(float(w[0]), *(_parts_give(w[1:]) if self.fit else (0.0, 0.0)))
            else:
                self._pieces(k, w, text, points)
        if space_after:
            f = w[-1][0]
            sp = text_width(" ", f.fontName, f.fontSize)
            it.glue(sp, STRETCH * sp, SHRINK * sp)
            self._add_where(("g", k, 0))

    def _pieces(self, k: int, w: Sequence[Any], text: str, points: tuple[tuple[int, str], ...]) -> None:
        """A word of several styles (``he<b>llo</b>``) cut at its break points, part by part."""
        it = self.items
        cuts = dict(points)
        bounds = sorted({0, len(text), *cuts, *(i for i, ch in enumerate(text) if ch == NBSP),
                         *(i + 1 for i, ch in enumerate(text) if ch == NBSP)})
        for a, b in itertools.pairwise(bounds):
            piece = text[a:b]
            if piece == NBSP:
                f = _slice(w, a, b)[0][0]
                sp = text_width(NBSP, f.fontName, f.fontSize)
                it.pen(0.0, INFINITY)
                it.glue(sp, STRETCH * sp, SHRINK * sp)
                continue
            if a in cuts:
                self._cut(k, w, a, cuts[a])
            parts = _slice(w, a, b)
            width = _parts_width(parts)
            if width > self.narrowest and b - a > 1:
                self._emergency(k, w, a, b, urlish=bool(_URLISH.search(text)))
            else:
                it.box(width, *(_parts_give(parts) if self.fit else (0.0, 0.0)))

    def _cut(self, k: int, w: Sequence[Any], at: int, kind: str) -> None:
        f = _slice(w, at - 1, at)[-1][0]
        hw = text_width("-", f.fontName, f.fontSize) if kind == HYPHEN else 0.0
        self.items.pen(hw, HYPHEN_PENALTY if kind != URL else 0.0, kind != URL)
        self._add_where(("c" if kind == HYPHEN else "e", k, at))

    def _emergency(self, k: int, w: Sequence[Any], a: int, b: int, urlish: bool) -> None:
        """A word wider than the measure: a break allowed after every character (linear in its length)."""
        for i in range(a, b):
            if i > a:
                f = _slice(w, i - 1, i)[-1][0]
                hw = 0.0 if urlish else text_width("-", f.fontName, f.fontSize)
                self.items.pen(hw, EMERGENCY_PENALTY, not urlish)
                self._add_where(("e" if urlish else "c", k, i))
            parts = _slice(w, i, i + 1)
            self.items.box(_parts_width(parts), *(_parts_give(parts) if self.fit else (0.0, 0.0)))


def _frag_words(para: Any, max_width: float) -> list[Any]:
    """reportlab's frag words of a paragraph (split words rejoined).

    reportlab's ``split`` marks the head of a word cut at a page end "keep the hyphen"
    (``_SplitFragLL``) on the paragraph's shared frag words, and a later try at another height
    would then keep that mark in the middle of a line («се- беп-»). Only the first part of a
    split keeps that hyphen, and it is never broken again (``paragraph.ArticleParagraph``), so
    here the mark is undone."""
    from reportlab.platypus.paragraph import _getFragWords, _SplitFragHY, _SplitFragLL

    for fw in para.frags:
        if type(fw) is _SplitFragLL:
            fw.__class__ = _SplitFragHY
    return list(_getFragWords(para.frags, max_width))


def _piece(w: Sequence[Any], a: int, b: int, hyphen: bool, last: bool) -> Any:
    """A slice of frag word ``w`` in reportlab's split-word classes (so it rejoins when re-broken)."""
    from reportlab.platypus.paragraph import _HSFrag, _SplitFrag, _SplitFragH, _SplitFragHS, _SplitFragHY

    parts = _slice(w, a, b)
    if not parts:
        parts = [(w[-1][0], "")]
    if hyphen:
        f, t = parts[-1]
        parts[-1] = (f, t + "-")
    width = _parts_width(parts)
    if a == 0 and last:
        cls: Callable[[list[Any]], Any] = type(w)
        return cls([w[0], *parts])
    if not last:
        cls = _SplitFragHY if hyphen else _SplitFragH
    else:
        cls = _SplitFragHS if isinstance(w, _HSFrag) else _SplitFrag
    return cls([width, *parts])


def _single_frag(para: Any) -> Any:
    """The paragraph's only fragment when reportlab would set it as a "simple" paragraph (kind 0)."""
    from reportlab.platypus.paragraph import _processed_frags

    frags = para.frags
    if len(frags) != 1 or para.style.endDots or _processed_frags(frags):
        return None
    f = frags[0]
    if hasattr(f, "cbDefn") or hasattr(f, "backColor") or not (hasattr(f, "text") or hasattr(f, "words")):
        return None
    return f


def break_paragraph(para: Any, widths: list[float], params: Params) -> Any:
    """reportlab's line structures for a Paragraph broken by total fit.

    A paragraph of one style gives ``kind=0`` lines (word lists; cheaper to build and draw),
    any other ``kind=1`` FragLines with ``para.frags`` set to its frag words, as reportlab does."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.platypus.paragraph import _FK_BREAK, _handleBulletWidth, _HSFrag

    style = para.style
    max_widths = list(widths)
    _handleBulletWidth(para.bulletText, style, max_widths)
    single = _single_frag(para)
    if single is not None:
        return _break_single(para, single, max_widths, params)
    fws = _frag_words(para, max_widths[0])
    hyph = getattr(style, "hyphenationLang", None)
    lang = getattr(hyph, "lang", None)
    b = _Builder(lang, min(max_widths), style.alignment == TA_JUSTIFY)
    for k, w in enumerate(fws):
        nxt = fws[k + 1] if k + 1 < len(fws) else None
        b.word(k, w, isinstance(w, _HSFrag) and nxt is not None and getattr(nxt[1][0], "_fkind", 0) != _FK_BREAK)
    b.items.finish(fill=not getattr(style, "justifyLastLine", 0))
    b._add_where(("end", len(fws) - 1, 0))
    breaks = break_lines(b.items, max_widths, params)
    return _lines(para, fws, b, breaks, max_widths)


def _break_single(para: Any, f: Any, max_widths: list[float], params: Params) -> Any:
    """Total fit for a paragraph of one style: ``kind=0`` lines of word strings, split words
    in reportlab's classes (``_SplitWordHY`` head with its added hyphen, ``_SplitWordEnd`` tail)."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.platypus.paragraph import _SplitWordEnd, _SplitWordH, _SplitWordHY, split, strip

    style = para.style
    font, size = f.fontName, f.fontSize
    words = split(strip(f.text)) if hasattr(f, "text") else [str(w) for w in f.words]
    words = [w for w in words if w]
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    ascent, descent = getAscentDescent(font, size)
    if not words:
        return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    narrowest = min(max_widths)
    lang = getattr(f, "ac_lang", None) or getattr(getattr(style, "hyphenationLang", None), "lang", None) or ""
    it = Items()
    where: dict[int, tuple[str, int, int]] = {}
    sp = text_width(" ", font, size)
    y, z = STRETCH * sp, SHRINK * sp
    last = len(words) - 1
    justify = style.alignment == TA_JUSTIFY
    # glyph expansion only where reportlab does not place underlines or a link by its own widths
    fit = justify and not getattr(f, "link", None) and not getattr(f, "us_lines", None)
    for k, word in enumerate(words):
        cols, cuts = _recipe(word, font, size, lang, narrowest, fit)
        base = it.extend(cols)
        for off, wk, at in cuts:
            where[base + off] = (wk, k, at)
        if k < last:
            where[len(it.kind)] = ("g", k, 0)
            it.kind.append(GLUE)
            it.width.append(sp)
            it.stretch.append(y)
            it.shrink.append(z)
            it.penalty.append(0.0)
            it.flagged.append(False)
    it.finish(fill=not getattr(style, "justifyLastLine", 0))
    where[len(it.kind) - 1] = ("end", last, 0)
    lines: list[tuple[float, list[str]]] = []
    start_k, start_at = 0, 0
    widest = 0.0
    breaks = break_lines(it, max_widths, params)
    for n, brk in enumerate(breaks):
        kind, k, at = where[brk.index]
        line: list[str] = []
        for j in range(start_k, k + 1):
            word = words[j]
            a = start_at if j == start_k else 0
            if j == k and kind in ("c", "e"):
                piece = word[a:at]
                line.append(_SplitWordHY(piece + "-") if kind == "c" else _SplitWordH(piece))
            elif a:
                line.append(_SplitWordEnd(word[a:]))
            else:
                line.append(word)
        natural = sum(text_width(w, font, size) for w in line) + sp * (len(line) - 1)
        widest = max(widest, natural)
        extra = max_widths[min(n, len(max_widths) - 1)] - natural
        scale, track = 1.0, 0.0
        if brk.ragged and justify and extra > 0:
            extra = 0.0  # too loose to justify: set ragged
        elif fit and (n < len(breaks) - 1 or brk.ratio < 0):
            scale, track = line_fit(brk.ratio, size)
        lines.append((extra, ScaledWords(line, scale, track, natural)))
        start_k, start_at = (k, at) if kind in ("c", "e") else (k + 1, 0)
    para._width_max = widest
    out = f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
    out._ac_total_fit = True
    return out


def _lines(para: Any, fws: list[Any], b: _Builder, breaks: list[Any], max_widths: list[float]) -> Any:
    """The chosen breaks -> FragLines, and the paragraph's new frag word list."""
    from reportlab.platypus.paragraph import ParaLines

    new_fws: list[Any] = []
    lines: list[Any] = []
    lengths = [sum(len(t) for _, t in w[1:]) for w in fws]
    start_fw, start_at = 0, 0  # where the next line starts: frag word index and character in it
    for n, brk in enumerate(breaks):
        kind, k, at = b.where[brk.index]
        line_fws: list[Any] = []
        first_index = len(new_fws)
        if kind in ("c", "e"):
            end_fw, end_at, hyphen = k, at, kind == "c"
        else:  # a space, a forced break or the end
            end_fw, end_at, hyphen = k, lengths[k] if fws else 0, False
        for j in range(start_fw, end_fw + 1):
            if j >= len(fws):
                break
            w = fws[j]
            a = start_at if j == start_fw else 0
            whole = lengths[j]
            z = end_at if j == end_fw else whole
            last_piece = z >= whole
            if a == 0 and last_piece:
                piece = w
            else:
                piece = _piece(w, a, z, hyphen and j == end_fw and not last_piece, last_piece)
            line_fws.append(piece)
        new_fws.extend(line_fws)
        lw = max_widths[min(n, len(max_widths) - 1)]
        forced_break = kind == "b"
        line = _frag_line(line_fws, lw, first_index, brk.ragged, forced_break, para.style)
        if b.fit and not brk.ragged and ((n < len(breaks) - 1 and not forced_break) or brk.ratio < 0):
            # a full line; the last one or one before a forced break only when it had to shrink
            line._ac_scale, line._ac_track = line_fit(brk.ratio, para.style.fontSize)
        lines.append(line)
        if kind in ("c", "e"):
            start_fw, start_at = end_fw, end_at
        else:
            start_fw, start_at = end_fw + 1, 0
    para.frags = new_fws
    para._width_max = max((ln.maxWidth - ln.extraSpace for ln in lines), default=0)
    out = ParaLines(kind=1, lines=lines)
    out._ac_total_fit = True
    return out


@functools.lru_cache(maxsize=256)
def _ascent_descent(font: str, size: float) -> tuple[float, float]:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    return tuple(getAscentDescent(font, size))  # type: ignore[return-value]


def _frag_line(fws: list[Any], max_width: float, sfw: int, ragged: bool, forced: bool, style: Any) -> Any:
    """One FragLine, built the way reportlab's breakLines builds it (same merging of styles)."""
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    from reportlab.platypus.paragraph import _FK_BREAK, _FK_IMG, FragLine, _HSFrag, imgNormV, imgVRange

    words: list[Any] = []
    spaces = 0
    current = 0.0
    space_width = 0.0
    max_size = style.fontSize
    max_ascent, min_descent = getAscentDescent(style.fontName, style.fontSize)
    g: Any = None
    started = False

    def bounds(f: Any) -> tuple[float, float]:
        if getattr(f, "_fkind", 0) == _FK_IMG:
            descent, ascent = imgVRange(imgNormV(f.cbDefn.height, f.fontSize), f.cbDefn.valign, f.fontSize)
            return ascent, descent
        return _ascent_descent(f.fontName, f.fontSize)

    for w in fws:
        f = w[1][0]
        if getattr(f, "_fkind", 0) == _FK_BREAK:
            words.append(f.clone())
            continue
        n_text = w[1][1]
        if space_width:
            spaces += 1
        current += space_width + w[0]
        if g is None or not sameFrag(g, f):
            if g is not None and space_width:
                for wi in reversed(words):
                    if getattr(wi, "_fkind", 0) == 0 and hasattr(wi, "text"):
                        if not wi.text.endswith(" "):
                            wi.text += " "
                        break
            g = f.clone()
            g.text = n_text
            words.append(g)
            asc, desc = bounds(f)
            if started:
                max_size = max(max_size, f.fontSize)
                max_ascent, min_descent = max(max_ascent, asc), min(min_descent, desc)
            else:
                max_size, max_ascent, min_descent, started = f.fontSize, asc, desc, True
        elif space_width:
            g.text = g.text + n_text if g.text.endswith(" ") else g.text + " " + n_text
        else:
            g.text += n_text
        last = w[-1][0]
        space_width = text_width(" ", last.fontName, last.fontSize) if isinstance(w, _HSFrag) else 0.0
        if len(w) > 2:
            for fpart, t in w[2:]:
                g = fpart.clone()
                g.text = t
                words.append(g)
                max_size = max(max_size, g.fontSize)
                asc, desc = bounds(g)
                max_ascent, min_descent = max(max_ascent, asc), min(min_descent, desc)
    line_break = (forced and not style.justifyBreaks) or ragged
    return FragLine(extraSpace=max_width - current, wordCount=spaces + 1, lineBreak=line_break, words=words,
                    fontSize=max_size, ascent=max_ascent, descent=min_descent, maxWidth=max_width, sFW=sfw)
