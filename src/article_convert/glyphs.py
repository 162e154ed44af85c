"""Glyph coverage before writing: which characters the chosen faces cannot draw, and where.

Every character of a Document is checked against the face that will draw it (regular; bold
for Strong, questions, headings and the title; italic for Emph) of the main family, then of
the fallback family. Characters the main family lacks are drawn from the fallback
(``fallback=True``); characters neither has are missing: a box in the output unless reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import fonts
from .fonts import FontFamily
from .ir import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Quoted,
    Span,
    Strong,
    Styled,
    Table,
    Text,
    ThematicBreak,
)
from .ir.walk import assert_never


@dataclass(frozen=True)
class MissingGlyph:
    """A character the main family cannot draw: where it occurs and whether the fallback can."""

    char: str
    places: tuple[str, ...]
    fallback: bool
    """True when the fallback family draws it; False when no font we use has it."""

    @property
    def codepoint(self) -> str:
        """``U+XXXX``."""
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        """The Unicode name (or ``<unnamed>``)."""
        return unicodedata.name(self.char, "<unnamed>")

    def __str__(self) -> str:
        places = self.places[:PLACES_SHOWN]
        more = f" and {len(self.places) - PLACES_SHOWN} more" if len(self.places) > PLACES_SHOWN else ""
        return f"{self.codepoint} {self.name} ({', '.join(places)}{more})"


PLACES_SHOWN = 3
"""Places named per character in a report line (a CJK page has hundreds of characters in every paragraph)."""


@dataclass(frozen=True)
class Run:
    """Text drawn with one face: where it is, and the weight and slant it is drawn in."""

    text: str
    place: str
    bold: bool = False
    italic: bool = False
    heading: bool = False


def _inline_runs(
    inlines: Iterable[Inline], place: str, bold: bool, italic: bool, heading: bool
) -> Iterator[Run]:
    for node in inlines:
        match node:
            case Text(text=t):
                yield Run(t, place, bold, italic, heading)
            case Code(text=t):
                yield Run(t, place, False, False, True)
            case Emph(children=c):
                yield from _inline_runs(c, place, bold, True, heading)
            case Strong(children=c):
                yield from _inline_runs(c, place, True, italic, heading)
            case Link(children=c) | Quoted(children=c) | Span(children=c) | Styled(children=c):
                yield from _inline_runs(c, place, bold, italic, heading)
            case Image(alt=alt):
                yield Run(alt, place, bold, italic, heading)
            case Note(blocks=b):
                yield from _block_runs(b, _Counter(prefix=f"note in {place}, "), False)
            case LineBreak():
                pass
            case _:
                assert_never(node)


class _Counter:
    """Numbers paragraph-like blocks per kind, in reading order ("paragraph 12", "heading 2")."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.counts: dict[str, int] = {}

    def place(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{self.prefix}{kind} {self.counts[kind]}"


def _block_runs(blocks: Iterable[Block], counter: _Counter, bold: bool) -> Iterator[Run]:
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                yield from _inline_runs(i, counter.place("paragraph"), bold, False, False)
            case Heading(inlines=i):
                yield from _inline_runs(i, counter.place("heading"), True, False, True)
            case BlockQuote(blocks=b, attribution=a):
                yield from _block_runs(b, counter, bold)
                yield from _inline_runs(a, counter.place("attribution"), bold, False, False)
            case Question(blocks=b, speaker=s):
                yield Run(s or "", counter.place("speaker"), True)
                yield from _block_runs(b, counter, True)
            case Answer(blocks=b, speaker=s):
                yield Run(s or "", counter.place("speaker"), True)
                yield from _block_runs(b, counter, bold)
            case Div(blocks=b):
                yield from _block_runs(b, counter, bold)
            case BulletList(items=items) | OrderedList(items=items):
                for item in items:
                    yield from _block_runs(item, counter, bold)
            case Figure(image=img, caption=cap, credit=cred):
                place = counter.place("figure")
                yield Run(img.alt, place)
                yield from _inline_runs(cap, place, False, False, True)
                yield from _inline_runs(cred, place, False, False, True)
            case CodeBlock(text=t):
                yield Run(t, counter.place("code block"), heading=True)
            case Article(meta=meta, blocks=b):
                prefix = counter.place("article") + ", "
                yield from _meta_runs(meta, prefix)
                yield from _block_runs(b, _Counter(prefix), False)
            case Table(rows=rows, caption=cap):
                yield from _inline_runs(cap, counter.place("table"), False, False, False)
                for row in rows:
                    for cell in row:
                        yield from _block_runs(cell, counter, bold)
            case ThematicBreak():
                pass
            case _:
                assert_never(block)


def _meta_runs(meta: Metadata, prefix: str = "") -> Iterator[Run]:
    """The title block: title and subtitle in the heading family, lead and byline in the body's."""
    yield Run(meta.title, prefix + "title", bold=True, heading=True)
    yield Run(meta.subtitle, prefix + "subtitle", heading=True)
    yield Run(meta.lead, prefix + "lead")
    yield Run(meta.byline, prefix + "byline")


def document_runs(doc: Document) -> Iterator[Run]:
    """Every piece of text of ``doc`` with its place and face."""
    yield from _meta_runs(doc.meta)
    yield from _block_runs(doc.blocks, _Counter(), False)


def _needs_glyph(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Zl", "Zp") and ord(ch) not in fonts.INVISIBLE


def coverage_report(
    doc: Document,
    family: FontFamily | None = None,
    fallback: FontFamily | None = None,
    heading: FontFamily | None = None,
) -> list[MissingGlyph]:
    """Characters of ``doc`` the main faces lack, in code point order (missing or fallback-drawn).

    ``family`` draws body text (default Noto Serif), ``heading`` titles, headings, captions and
    code (default Noto Sans with the bundled body family, else ``family``), ``fallback`` the rest.
    """
    family = family or fonts.body_family()
    fallback = fallback or fonts.fallback_family()
    if heading is None:
        heading = fonts.heading_family() if family == fonts.body_family() else family
    found: dict[str, dict[str, None]] = {}
    by_fallback: dict[str, bool] = {}
    faces: dict[tuple[bool, bool, bool], tuple[frozenset[int], Path]] = {}  # looked up per face, not per run
    for run in document_runs(doc):
        style = (run.heading, run.bold, run.italic)
        got = faces.get(style)
        if got is None:
            main = (heading if run.heading else family).face(run.bold, run.italic)
            got = faces[style] = (fonts.cmap(main), fallback.face(run.bold, run.italic))
        cmap, spare = got
        for cp in set(map(ord, run.text)) - cmap:  # in C: most runs lack nothing
            ch = chr(cp)
            if not _needs_glyph(ch):
                continue
            found.setdefault(ch, {})[run.place] = None
            by_fallback[ch] = by_fallback.get(ch, True) and fonts.covers(spare, ch)
    return [MissingGlyph(ch, tuple(found[ch]), by_fallback[ch]) for ch in sorted(found)]


def describe(glyphs: Iterable[MissingGlyph], limit: int = 20) -> str:
    """A one-line list for a diagnostic: ``U+13A0 CHEROKEE LETTER A (paragraph 3), …``."""
    items = [str(g) for g in glyphs]
    more = f", and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
