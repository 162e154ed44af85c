"""The typography transform: quotes, dashes, no-break spaces and ellipses for Cyrillic text.

The rules live in :mod:`typography_rules`; this module walks the IR. Each paragraph-like
inline sequence is flattened into one string (Text nodes editable, code/notes/images as
locked placeholders, ``Quoted`` nodes as open/close placeholders), the rules run on it, and
the Text nodes get their characters back. Link URLs, Code and CodeBlock are never touched.
A ``Quoted`` node nested inside quote *characters* is still drawn by writers at depth 0
(its marks come from the writer); that mix does not occur in our readers' output.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import ClassVar

from ..context import Context
from ..ir import (
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
from ..ir.walk import assert_never
from .typography_rules import ATOM, QUOTED_CLOSE, QUOTED_OPEN, Flat, apply_rules, can_change, typeset

CYRILLIC_SCRIPT = frozenset({"ru", "uk", "be", "kk", "ky", "tt", "ba", "sr", "mk", "bg", "mn"})


@functools.lru_cache(maxsize=256)
def is_cyrillic_language(lang: str | None) -> bool:
    """True for a BCP 47 tag of a language written in Cyrillic (``sr-Latn`` is not)."""
    if not lang:
        return False
    parts = lang.replace("_", "-").split("-")
    return parts[0].lower() in CYRILLIC_SCRIPT and "latn" not in (p.lower() for p in parts[1:])


_PLAIN_CONTAINERS = (Emph, Strong, Link, Span, Styled)
_UNTOUCHED = (LineBreak, Code, Image)


def _rules_cannot_change(inlines: tuple[Inline, ...]) -> bool:
    """True when typography leaves ``inlines`` as they are: no Text holds a character any rule acts
    on (``can_change``), and there is no ``Quoted`` node (its placeholders pair) and no note (its
    blocks are typeset). Checked before anything is flattened: most blocks of a page of tiny blocks."""
    for node in inlines:
        if isinstance(node, Text):
            if can_change(node.text):
                return False
        elif isinstance(node, _PLAIN_CONTAINERS):
            if not _rules_cannot_change(node.children):
                return False
        elif not isinstance(node, _UNTOUCHED):
            return False  # Quoted, Note
    return True


def _flatten(inlines: tuple[Inline, ...], flat: Flat, texts: list[str]) -> None:
    """Append ``inlines`` to ``flat``; Text nodes are numbered in order in ``texts``."""
    for node in inlines:
        match node:
            case Text(text=t):
                flat.add(t, len(texts))
                texts.append(t)
            case Emph(children=c) | Strong(children=c) | Link(children=c) | Span(children=c) | Styled(children=c):
                _flatten(c, flat, texts)
            case Quoted(children=c):
                flat.add(QUOTED_OPEN, -1, locked=True)
                _flatten(c, flat, texts)
                flat.add(QUOTED_CLOSE, -1, locked=True)
            case LineBreak():
                flat.add("\n", -1, locked=True)
            case Code() | Note() | Image():
                flat.add(ATOM, -1, locked=True)
            case _:
                assert_never(node)


def _rebuild(inlines: tuple[Inline, ...], flat: Flat, counter: list[int], lang: str) -> tuple[Inline, ...]:
    """The same tree with each Text node's characters taken from ``flat``."""
    out: list[Inline] = []
    for node in inlines:
        match node:
            case Text():
                text = flat.owned_text(counter[0])
                counter[0] += 1
                if text == node.text:
                    out.append(node)  # unchanged nodes are kept, not copied (200,000 tiny links)
                elif text or not node.text:
                    out.append(Text(text))
            case (
                Emph(children=c)
                | Strong(children=c)
                | Link(children=c)
                | Span(children=c)
                | Styled(children=c)
                | Quoted(children=c)
            ):
                kids = _rebuild(c, flat, counter, lang)
                same = len(kids) == len(c) and all(a is b for a, b in zip(kids, c, strict=True))
                out.append(node if same else replace(node, children=kids))
            case Note(blocks=b):
                out.append(Note(_blocks(b, lang)))
            case LineBreak() | Code() | Image():
                out.append(node)
            case _:
                assert_never(node)
    return tuple(out)


def typeset_inlines(inlines: tuple[Inline, ...], lang: str, prefilter: bool = True) -> tuple[Inline, ...]:
    """Typography for one paragraph's inline content (unchanged for non-Cyrillic languages).

    ``prefilter=False`` runs every rule and rebuilds the tree even where nothing can change (the same
    result, slower: for tests)."""
    if not inlines or not is_cyrillic_language(lang):
        return inlines
    if prefilter and type(inlines) is tuple and _rules_cannot_change(inlines):
        return inlines
    if prefilter and len(inlines) == 1 and type(run := inlines[0]) is Text and len(run.text) <= MAX_REMEMBERED:
        new = _typeset_run(run.text, lang)  # one plain run: the rules on its string, remembered
        return inlines if new == run.text else (Text(new),) if new else ()
    flat, texts = Flat(), list[str]()
    _flatten(inlines, flat, texts)
    apply_rules(flat, lang, prefilter)
    if prefilter and not flat.edited and type(inlines) is tuple and not _has_note(inlines):
        return inlines  # every Text node would be kept as it is
    return _rebuild(inlines, flat, [0], lang)


MAX_REMEMBERED = 200
"""Paragraphs of one plain run up to this long have their typeset text remembered (table cells and
short lines repeat: "—", "да", "2024 г."); longer ones are rarely met twice."""


@functools.lru_cache(maxsize=8192)
def _typeset_run(text: str, lang: str) -> str:
    """What the rules make of one plain run: ``typeset`` (a lone Text node's characters all stay its)."""
    return typeset(text, lang)


def _has_note(inlines: tuple[Inline, ...]) -> bool:
    """Whether a note stands in ``inlines`` (at any depth): its blocks are typeset on their own."""
    for node in inlines:
        if isinstance(node, Note):
            return True
        if isinstance(node, (*_PLAIN_CONTAINERS, Quoted)) and _has_note(node.children):
            return True
    return False


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    """Whether every item of ``new`` is the very item of ``old`` (nothing typeset changed it)."""
    return type(old) is tuple and len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))


def _blocks(blocks: tuple[Block, ...], lang: str) -> tuple[Block, ...]:
    """The blocks typeset; the very tuple when no block changed (so that its parent is kept too)."""
    out = tuple(_block(b, lang) for b in blocks)
    return blocks if _same(out, blocks) else out


def _block(block: Block, lang: str) -> Block:
    """One block typeset; an unchanged block is returned itself, not copied (pages of 99,000 blocks)."""
    match block:
        case Paragraph(inlines=i, lang=own) | Heading(inlines=i, lang=own):
            new = typeset_inlines(i, own or lang)
            return block if new is i else replace(block, inlines=new)
        case BlockQuote(blocks=b, attribution=a):
            return BlockQuote(_blocks(b, lang), typeset_inlines(a, lang))
        case Question(blocks=b) | Answer(blocks=b) | Div(blocks=b):
            kids = _blocks(b, lang)
            return block if kids is b else replace(block, blocks=kids)
        case BulletList(items=items) | OrderedList(items=items):
            new_items = tuple(_blocks(item, lang) for item in items)
            return block if _same(new_items, items) else replace(block, items=new_items)
        case Figure(caption=cap, credit=cred):
            return replace(block, caption=typeset_inlines(cap, lang), credit=typeset_inlines(cred, lang))
        case Article(meta=meta, blocks=b):
            own = meta.language or lang
            return Article(_meta(meta, own), _blocks(b, own))
        case Table(rows=rows, caption=cap):
            cells = tuple(_row(row, lang) for row in rows)
            new_cap = typeset_inlines(cap, lang)
            return block if new_cap is cap and _same(cells, rows) else replace(block, rows=cells, caption=new_cap)
        case CodeBlock() | ThematicBreak():
            return block
        case _:
            assert_never(block)


def _row(row: tuple[tuple[Block, ...], ...], lang: str) -> tuple[tuple[Block, ...], ...]:
    """A table row's cells typeset (the very row when no cell changed)."""
    cells = tuple(_blocks(cell, lang) for cell in row)
    return row if _same(cells, row) else cells


def _meta(meta: Metadata, lang: str) -> Metadata:
    """Title, subtitle and lead typeset (authors, source and the rest are names: left alone)."""
    return replace(
        meta,
        title=typeset_text(meta.title, lang),
        subtitle=typeset_text(meta.subtitle, lang),
        lead=typeset_text(meta.lead, lang),
    )


def typeset_text(text: str, lang: str) -> str:
    """Typography for a metadata string (title, subtitle, lead)."""
    return typeset(text, lang) if text and is_cyrillic_language(lang) else text


class Typography:
    """Language-aware quotes, dashes, no-break spaces and ellipses for Cyrillic text."""

    name: ClassVar[str] = "typography"
    description: ClassVar[str] = "quotes «„“», dashes, no-break spaces and ellipses for Cyrillic languages"
    order: ClassVar[int] = 30

    def apply(self, doc: Document, ctx: Context) -> Document:
        """Return ``doc`` typeset (unchanged with ``--no-typography``); applying it twice changes nothing."""
        if not ctx.settings.typography:
            return doc
        lang = doc.meta.language or ctx.settings.language or ""  # no language: no typography
        return Document(_meta(doc.meta, lang), _blocks(doc.blocks, lang))
