"""Right-to-left runs (Hebrew, Arabic...) in the PDF: shaped before line breaking, put in visual
order per line when drawn.

reportlab draws characters left to right in the order it gets them and has no shaping without
its own ``rlbidi``/HarfBuzz add-ons (not on PyPI), so a Hebrew quotation came out mirrored and
Arabic as isolated, unjoined letters. Each maximal RTL run of a text (RTL letters with the
spaces, digits and punctuation between them) is reshaped (arabic-reshaper: presentation forms,
``shape``) when the paragraph markup is made, and stays in logical order through line
breaking. Only when a line is drawn are its RTL runs reordered by the Unicode bidi algorithm
(python-bidi, ``visual_line``): reportlab's line drawers are wrapped (``install_bidi_hook``), so
a run that wraps onto the next line keeps its first words on the first line, each line read
right to left. The surrounding Cyrillic/Latin text keeps its order.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import Any

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_HAS_RTL = re.compile(f"[{_RTL}]")
_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\\d.,:;!?'\"()\\[\\]«»\\-–—\u00a0\u060c\u061b\u061f]*[{_RTL}])?")


@functools.cache
def _libraries() -> tuple[Callable[[str], str], Callable[[str], str]] | None:
    """(reshape, reorder one run) or None when the libraries are missing."""
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # pragma: no cover - both are dependencies
        return None

    def reorder(run: str) -> str:
        return str(get_display(run, base_dir="R"))

    return arabic_reshaper.reshape, reorder


def shape(text: str) -> str:
    """``text`` with every right-to-left run shaped (joined Arabic forms), still in logical order."""
    if not _HAS_RTL.search(text):
        return text
    libs = _libraries()
    if libs is None:
        return text
    reshape = libs[0]
    return _RUN.sub(lambda m: str(reshape(m.group())), text)


def visual_line(text: str) -> str:
    """One line's ``text`` with every right-to-left run in display order (others unchanged)."""
    if not _HAS_RTL.search(text):
        return text
    libs = _libraries()
    if libs is None:
        return text
    reorder = libs[1]
    return _RUN.sub(lambda m: reorder(m.group()), text)


def visual_order(text: str) -> str:
    """``text`` shaped and in display order as one line (a text that is never broken)."""
    return visual_line(shape(text))


def visual_words(words: list[str]) -> list[str] | None:
    """A one-style line's words in display order, or None when it holds no right-to-left text."""
    text = " ".join(words)
    if not _HAS_RTL.search(text):
        return None
    return visual_line(text).split(" ")  # reordering moves characters, never adds or drops a space


def visual_frags(frags: list[Any]) -> list[Any] | None:
    """A styled line's fragments in display order, or None when it holds no right-to-left text.

    Fragments are cut at the edges of each RTL run; inside a run their order is reversed and
    each piece is reordered on its own (a bold word in a Hebrew sentence stays bold)."""
    texts = [getattr(f, "text", "") if not hasattr(f, "cbDefn") else "" for f in frags]
    line = "".join(texts)
    if not _HAS_RTL.search(line):
        return None
    runs = [(m.start(), m.end()) for m in _RUN.finditer(line)]
    cuts = sorted({0, len(line), *(p for run in runs for p in run)})
    pieces: list[tuple[int, Any]] = []  # (start in the line, fragment)
    pos = 0
    for f, t in zip(frags, texts, strict=True):
        if not t:
            pieces.append((pos, f))
            continue
        inner = [c for c in cuts if pos < c < pos + len(t)]
        bounds = [pos, *inner, pos + len(t)]
        if len(bounds) == 2:
            pieces.append((pos, f))
        else:
            for a, b in itertools.pairwise(bounds):
                pieces.append((a, f.clone(text=t[a - pos:b - pos])))
        pos += len(t)
    libs = _libraries()
    if libs is None:
        return None
    reorder = libs[1]
    out: list[Any] = []
    k = 0
    for start, end in runs:
        while k < len(pieces) and pieces[k][0] < start:
            out.append(pieces[k][1])
            k += 1
        inside: list[Any] = []
        while k < len(pieces) and pieces[k][0] < end:
            f = pieces[k][1]
            inside.append(f.clone(text=reorder(f.text)) if getattr(f, "text", "") else f)
            k += 1
        out.extend(reversed(inside))
    out.extend(f for _, f in pieces[k:])
    return out


class _Run:
    """A (font, text) run dressed as a fragment for ``visual_frags``."""

    __slots__ = ("font", "text")

    def __init__(self, font: str, text: str) -> None:
        self.font, self.text = font, text

    def clone(self, text: str) -> _Run:
        return _Run(self.font, text)


def visual_runs(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One line of (font, text) runs (the running header) in display order."""
    visual = visual_frags([_Run(font, text) for font, text in runs])
    return runs if visual is None else [(r.font, r.text) for r in visual]


_PATCHED = False


def install_bidi_hook() -> None:
    """Wrap reportlab's line drawers so each line's RTL runs are drawn in visual order (once per process)."""
    global _PATCHED
    if _PATCHED:
        return
    _PATCHED = True
    from reportlab.platypus import paragraph

    def plain_line(draw: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(tx: Any, offset: Any, extraspace: Any, words: Any, last: Any = 0) -> Any:
            visual = visual_words(list(words)) if words else None
            if visual is not None:
                new = words.__class__.__new__(words.__class__)  # keeps a fitted line's scale
                list.__init__(new, visual)
                for name in getattr(words, "__slots__", ()):
                    setattr(new, name, getattr(words, name))
                words = new
            return draw(tx, offset, extraspace, words, last)

        return wrapped

    def frag_line(draw: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(tx: Any, offset: Any, line: Any, last: Any = 0) -> Any:
            visual = visual_frags(line.words) if line.words else None
            if visual is not None:
                line = line.clone(words=visual)
            return draw(tx, offset, line, last)

        return wrapped

    for name in ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine", "_justifyDrawParaLine"):
        setattr(paragraph, name, plain_line(getattr(paragraph, name)))
    for name in ("_leftDrawParaLineX", "_centerDrawParaLineX", "_rightDrawParaLineX", "_justifyDrawParaLineX"):
        setattr(paragraph, name, frag_line(getattr(paragraph, name)))
