"""Block IR -> FB2 body elements; ``flow`` says what the container allows.

FB2 content models differ per container: a section takes p, poem, subtitle, cite, empty-line and
image; a cite takes no image, no cite and no section; titles take only p. Headings become nested
sections in ``sections.py``; here a heading found inside a quote or a turn becomes a subtitle.
"""

from __future__ import annotations

from typing import Any, Literal

from ...ir import (
    CAPTION_ROLES,
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Inline,
    OrderedList,
    Paragraph,
    Question,
    Strong,
    Table,
    Text,
    ThematicBreak,
)
from ...ir.text import inline_text
from ...ir.walk import article_blocks, assert_never
from ..common import TURN_DASH, needs_turn_dash
from .inlines import State, has_break, render, split_lines
from .xml import el, sub

Flow = Literal["section", "cite"]
NBSP = "\u00a0"


def blocks(items: tuple[Block, ...], st: State, lang: str, flow: Flow = "section") -> list[Any]:
    """The FB2 elements for a run of blocks."""
    out: list[Any] = []
    for block in items:
        out.extend(block_elements(block, st, lang, flow))
    return out


def paragraph(inlines: tuple[Inline, ...], st: State, lang: str, tag: str = "p",
              own_lang: str | None = None) -> Any:
    """One ``p`` (or subtitle/text-author/v) holding the inline content."""
    attrs = {"lang": own_lang} if own_lang else {}
    node = el(tag, **attrs)
    render(node, inlines, st, own_lang or lang)
    return node


def block_elements(block: Block, st: State, lang: str, flow: Flow) -> list[Any]:
    """The FB2 elements for one block in a container of kind ``flow``."""
    match block:
        case Paragraph(inlines=i, lang=plang):
            return _paragraph(i, st, lang, plang)
        case Heading(inlines=i, lang=hlang):
            return [paragraph(line, st, lang, "subtitle", hlang) for line in split_lines(i)]
        case BlockQuote(blocks=b, attribution=a):
            return _quote(b, a, st, lang, flow)
        case Question(blocks=b, speaker=speaker):
            return _turn(b, speaker, st, lang, flow, strong=True)
        case Answer(blocks=b, speaker=speaker):
            return _turn(b, speaker, st, lang, flow, strong=False)
        case BulletList(items=items):
            return _list(items, ["•" for _ in items], st, lang, flow)
        case OrderedList(items=items, start=start):
            return _list(items, [f"{start + k}." for k in range(len(items))], st, lang, flow)
        case Figure():
            return _figure(block, st, lang, flow)
        case CodeBlock(text=t):
            return _code(t)
        case ThematicBreak():
            return [el("subtitle", "* * *")]
        case Table():
            return _table(block, st, lang)
        case Div(blocks=b, role=role) if role in CAPTION_ROLES:  # a caption or credit without its image
            return blocks(tuple(Paragraph((Emph(x.inlines),), x.lang) if isinstance(x, Paragraph) else x for x in b),
                          st, lang, flow)
        case Div(blocks=b, role=role):
            st.ctx.diagnostics.info("fb2-div", f"container {role!r} written as plain paragraphs")
            return blocks(b, st, lang, flow)
        case Article(meta=meta):  # nested in a Div, list or quote (bundles render top-level ones)
            return blocks(article_blocks(block), st, meta.language or lang, flow)
        case _:
            assert_never(block)


def _paragraph(inlines: tuple[Inline, ...], st: State, lang: str, plang: str | None) -> list[Any]:
    if not has_break(inlines):
        return [paragraph(inlines, st, lang, "p", plang)]
    attrs = {"lang": plang} if plang else {}
    poem = el("poem", **attrs)
    stanza = sub(poem, "stanza")
    for line in split_lines(inlines):
        stanza.append(paragraph(line, st, lang, "v"))
    return [poem]


def _quote(body: tuple[Block, ...], attribution: tuple[Inline, ...], st: State, lang: str,
           flow: Flow) -> list[Any]:
    inner = blocks(body, st, lang, "cite")
    if flow == "cite":
        # A cite cannot hold a cite: the nested quote's paragraphs join the outer one, set off by a rule.
        st.ctx.diagnostics.info("fb2-nested-quote", "a quote inside a quote written as indented paragraphs")
        tail = [paragraph((Text("— "), *attribution), st, lang)] if attribution else []
        return inner + tail
    cite = el("cite")
    cite.extend(inner)
    for line in split_lines(attribution) if attribution else []:
        cite.append(paragraph(line, st, lang, "text-author"))
    return [cite]


def _turn(body: tuple[Block, ...], speaker: str | None, st: State, lang: str, flow: Flow,
          strong: bool) -> list[Any]:
    out: list[Any] = []
    for k, block in enumerate(body):
        if isinstance(block, Paragraph):
            inlines = block.inlines
            prefix = (Text(f"{speaker}: "),) if k == 0 and speaker else ()
            if k == 0 and not speaker and needs_turn_dash(inline_text(inlines, lang)):
                inlines = (Text(TURN_DASH), *inlines)  # a new speaker's turn, as PDF, DOCX and EPUB print it
            if strong:
                inlines = (Strong((*prefix, *inlines)),)
            elif prefix:
                inlines = (Strong(prefix), *inlines)
            out.extend(_paragraph(inlines, st, lang, block.lang))
        else:
            if k == 0 and speaker:
                out.append(paragraph((Strong((Text(f"{speaker}:"),)),), st, lang))
            out.extend(block_elements(block, st, lang, flow))
    return out


def _list(items: tuple[tuple[Block, ...], ...], marks: list[str], st: State, lang: str,
          flow: Flow) -> list[Any]:
    out: list[Any] = []
    for item, mark in zip(items, marks, strict=True):
        first, rest = (item[0], item[1:]) if item else (Paragraph(()), ())
        if isinstance(first, Paragraph):
            out.extend(_paragraph((Text(f"{mark}{NBSP}"), *first.inlines), st, lang, first.lang))
        else:
            out.append(el("p", mark))
            out.extend(block_elements(first, st, lang, flow))
        for block in rest:
            if isinstance(block, Paragraph):
                out.extend(_paragraph((Text(NBSP * 3), *block.inlines), st, lang, block.lang))
            else:
                out.extend(block_elements(block, st, lang, flow))
    return out


def _figure(fig: Figure, st: State, lang: str, flow: Flow) -> list[Any]:
    out: list[Any] = []
    bid = st.binaries.image_id(fig.image.src, fig.image.alt)
    if bid is not None and flow == "section":
        attrs = {"href": f"#{bid}"}
        if fig.image.alt:
            attrs["alt"] = fig.image.alt
        out.append(el("image", **attrs))
    elif bid is not None:
        st.ctx.diagnostics.add("fb2-image-in-quote", f"image {fig.image.src!r} inside a quote left out")
    if fig.image.alt and (bid is None or flow != "section") and not fig.caption:
        out.append(paragraph((Emph((Text(f"[{fig.image.alt}]"),)),), st, lang))
    if fig.caption:
        out.append(paragraph((Emph(fig.caption),), st, lang))
    if fig.credit:
        out.append(paragraph(fig.credit, st, lang, "p"))
    return out


def _code(text: str) -> list[Any]:
    out: list[Any] = []
    for line in text.rstrip("\n").split("\n"):
        if not line.strip():
            out.append(el("empty-line"))
            continue
        stripped = line.lstrip(" ")
        node = el("p")
        sub(node, "code", NBSP * (len(line) - len(stripped)) + stripped)
        out.append(node)
    return out


def _speakers_as_text(block: Block) -> Block:
    """``block`` with each interview turn's speaker as a paragraph of its own ("Имя:"), so a table
    cell flattened to plain text keeps the names (``block_texts`` leaves speakers out)."""
    from dataclasses import replace

    from ...ir.walk import map_child_blocks

    block = map_child_blocks(block, _speakers_as_text)
    if isinstance(block, (Question, Answer)) and block.speaker:
        label = block.speaker.strip()
        label = label if label.endswith(":") else label + ":"
        return replace(block, speaker=None, blocks=(Paragraph((Text(label),)), *block.blocks))
    return block


def _table(table: Table, st: State, lang: str) -> list[Any]:
    """An FB2 ``table`` (cells hold inline content: a cell's paragraphs are joined by spaces)."""
    from ...ir.text import block_texts

    out: list[Any] = []
    if table.caption:
        out.append(paragraph((Emph(table.caption),), st, lang))
    width = max((len(row) for row in table.rows), default=0)
    if width == 0:
        return out
    node = el("table")
    for i, row in enumerate(table.rows):
        tr = sub(node, "tr")
        for cell in (*row, *([()] * (width - len(row)))):
            inlines: list[Inline] = []
            for block in cell:
                if inlines:
                    inlines.append(Text(" "))
                if isinstance(block, Paragraph):
                    inlines.extend(block.inlines)
                else:
                    inlines.append(Text(" ".join(block_texts((_speakers_as_text(block),), lang))))
            td = sub(tr, "th" if i < table.header_rows else "td")
            render(td, tuple(inlines), st, lang)
    if any(not isinstance(b, Paragraph) for row in table.rows for cell in row for b in cell):
        st.ctx.diagnostics.info("fb2-table-cell", "table cells with lists or tables written as plain text")
    out.append(node)
    return out
