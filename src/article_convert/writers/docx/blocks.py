"""Block IR nodes -> styled ``w:p`` paragraphs appended to a container (body or footnote)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...ir import (
    CAPTION_ROLES,
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    Div,
    Figure,
    Heading,
    Inline,
    OrderedList,
    Paragraph,
    Question,
    Table,
    Text,
    ThematicBreak,
)
from ...ir.text import inline_text
from ...ir.walk import article_blocks, assert_never
from ..common import TURN_DASH, needs_turn_dash
from . import media
from .inlines import render_inlines
from .state import Story
from .xml import RunFormat, add_text_run, new_paragraph, sub, w

if TYPE_CHECKING:
    from lxml.etree import _Element

BULLET_NUM_ID = 1
"""numbering.xml: num 1 = bullets (abstractNum 0); ordered lists get a new num each."""
DECIMAL_ABSTRACT_ID = 1
LIST_INDENT_STEP = 567
LIST_INDENT_FIRST = 709
SEPARATOR = "* * *"
DASHES = ("—", "–", "-")


def render_blocks(container: _Element, blocks: Iterable[Block], story: Story) -> None:
    """Append the paragraphs of ``blocks`` to ``container``."""
    freezer = story.shared.freezer
    for block in blocks:
        render_block(container, block, story)
        if freezer is not None:
            freezer.maybe_freeze(container)


def render_block(container: _Element, block: Block, story: Story) -> None:
    """Append the paragraphs of one block."""
    match block:
        case Paragraph(inlines=inlines, lang=lang):
            _inline_paragraph(container, story.body_style, inlines, story, lang)
        case Heading(level=level, inlines=inlines, lang=lang):
            _inline_paragraph(container, f"Heading{min(max(level, 1), 6)}", inlines, story, lang)
        case BlockQuote(blocks=blocks, attribution=attribution):
            render_blocks(container, blocks, story.with_(body_style="Quote"))
            if attribution:
                _attribution(container, attribution, story)
        case Question(blocks=blocks, speaker=speaker):
            _turn(container, blocks, speaker, story.with_(body_style="Question"))
        case Answer(blocks=blocks, speaker=speaker):
            _turn(container, blocks, speaker, story.with_(body_style="Answer"))
        case BulletList(items=items):
            _list(container, items, BULLET_NUM_ID, story)
        case OrderedList(items=items, start=start):
            _list(container, items, _new_ordered_num(story, start), story)
        case Figure():
            _figure(container, block, story)
        case CodeBlock(text=text):
            p = new_paragraph("Code")
            add_text_run(p, story.shared.clean(text.rstrip("\n")), RunFormat())
            container.append(p)
        case ThematicBreak():
            p = new_paragraph("Separator")
            add_text_run(p, SEPARATOR, RunFormat())
            container.append(p)
        case Div(role=role, blocks=blocks) if role in CAPTION_ROLES:  # a caption or credit without its image
            render_blocks(container, blocks, story.with_(body_style="Caption" if role == "caption" else "ImageCredit"))
        case Div(blocks=blocks):
            render_blocks(container, blocks, story)
        case Table():
            _table(container, block, story)
        case Article(meta=meta):  # nested in a Div, list or quote (bundles render top-level ones)
            render_blocks(container, article_blocks(block), story.with_(lang=meta.language) if meta.language else story)
        case _:
            assert_never(block)


def _inline_paragraph(
    container: _Element,
    style: str,
    inlines: Iterable[Inline],
    story: Story,
    lang: str | None,
    **ppr: object,
) -> _Element:
    """A paragraph of inline content in ``style``; ``lang`` marks its runs when it differs."""
    inner = story.with_(lang=lang) if lang else story
    p = new_paragraph(style, **ppr)  # type: ignore[arg-type]
    render_inlines(p, inlines, inner, RunFormat(lang=story.shared.run_locale(inner.effective_lang)))
    container.append(p)
    return p


def _attribution(container: _Element, attribution: tuple[Inline, ...], story: Story) -> None:
    """The quote's source, right-aligned, with a leading dash unless it has one."""
    first = attribution[0]
    has_dash = isinstance(first, Text) and first.text.lstrip().startswith(DASHES)
    inlines = attribution if has_dash else (Text("—\u00a0"), *attribution)
    _inline_paragraph(container, "QuoteAttribution", inlines, story, None)


def _turn(container: _Element, blocks: tuple[Block, ...], speaker: str | None, story: Story) -> None:
    """An interview turn; the speaker's name, in bold, opens its first paragraph, or without a speaker
    an em dash (``common.TURN_DASH``, as the PDF sets a new speaker's turn)."""
    start = len(container)
    freezer = story.shared.freezer
    if freezer is not None:
        freezer.hold += 1  # the speaker's label goes into the first paragraph afterwards
    try:
        render_blocks(container, blocks, story)
    finally:
        if freezer is not None:
            freezer.hold -= 1
    if not speaker:
        first_block = blocks[0] if blocks else None
        if (isinstance(first_block, Paragraph) and len(container) > start and container[start].tag == w("p")
                and needs_turn_dash(inline_text(first_block.inlines, story.effective_lang))):
            _prepend_label(container[start], TURN_DASH, story, bold=False)  # a new speaker, as the PDF sets it
        return
    label = story.shared.clean(speaker.strip())
    label = label if label.endswith((":", ".")) else label + ":"
    first = container[start] if len(container) > start else None
    if first is None or first.tag != w("p"):
        first = new_paragraph(story.body_style)
        container.insert(start, first)
    _prepend_label(first, label + " ", story)


def _prepend_label(p: _Element, label: str, story: Story, bold: bool = True) -> None:
    """Insert a run (bold: a speaker's name) at the start of paragraph ``p`` (after its pPr)."""
    holder = new_paragraph(story.body_style)
    add_text_run(holder, label, RunFormat(bold=bold,
                                          lang=story.shared.run_locale(story.effective_lang)))
    run = holder[-1]
    ppr = p.find(w("pPr"))
    p.insert(0 if ppr is None else 1, run)


def _new_ordered_num(story: Story, start: int) -> int:
    """A new ``w:num`` for one ordered list, restarting at ``start`` on its level."""
    num = story.shared.numbering.add_num(DECIMAL_ABSTRACT_ID)
    num.add_lvlOverride(ilvl=min(story.list_depth, 8)).add_startOverride(start)
    return int(num.numId)


def _list(container: _Element, items: tuple[tuple[Block, ...], ...], num_id: int, story: Story) -> None:
    """List items: the first paragraph of each carries the number, the rest are indented."""
    level = min(story.list_depth, 8)
    inner = story.with_(body_style="ListParagraph", list_depth=story.list_depth + 1)
    indent = LIST_INDENT_FIRST + LIST_INDENT_STEP * level
    for item in items:
        first = item[0] if item else None
        if isinstance(first, Paragraph):
            _inline_paragraph(
                container, "ListParagraph", first.inlines, inner, first.lang, num=(num_id, level)
            )
            rest = item[1:]
        else:
            container.append(new_paragraph("ListParagraph", num=(num_id, level)))
            rest = item
        for block in rest:
            if isinstance(block, Paragraph):
                _inline_paragraph(
                    container, "ListParagraph", block.inlines, inner, block.lang, indent_left=indent
                )
            else:
                render_block(container, block, inner)
        if story.shared.freezer is not None:
            story.shared.freezer.maybe_freeze(container)


def _figure(container: _Element, figure: Figure, story: Story) -> None:
    """The picture (when it can be included), then its caption and credit."""
    inline = media.picture(figure.image, story)
    caption: tuple[Inline, ...] = figure.caption
    if inline is not None:
        p = new_paragraph("Figure")
        sub(sub(p, "r"), "drawing").append(inline)
        container.append(p)
    elif not caption and figure.image.alt:
        caption = (Text(figure.image.alt),)
    if caption:
        _inline_paragraph(container, "Caption", caption, story, None, keep_next=bool(figure.credit))
    if figure.credit:
        _inline_paragraph(container, "ImageCredit", figure.credit, story, None)


TABLE_WIDTH = 9000
"""Twentieths of a point the table spans (about the text width of A4 with our margins)."""


def _table(container: _Element, table: Table, story: Story) -> None:
    """A real ``w:tbl`` with borders, a grid, repeated header rows and each cell's blocks."""
    if table.caption:
        _inline_paragraph(container, "Caption", table.caption, story, None, keep_next=True)
    width = max((len(row) for row in table.rows), default=0)
    if width == 0:
        return
    tbl = sub(container, "tbl")
    tpr = sub(tbl, "tblPr")
    sub(tpr, "tblW", w=str(TABLE_WIDTH), type="dxa")
    borders = sub(tpr, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, edge, val="single", sz="4", space="0", color="auto")
    sub(tpr, "tblLayout", type="fixed")
    grid = sub(tbl, "tblGrid")
    col = TABLE_WIDTH // width
    for _ in range(width):
        sub(grid, "gridCol", w=str(col))
    inner = story.with_(body_style="TableText")
    for i, row in enumerate(table.rows):
        tr = sub(tbl, "tr")
        if i < table.header_rows:
            sub(sub(tr, "trPr"), "tblHeader")
        for cell in (*row, *([()] * (width - len(row)))):
            tc = sub(tr, "tc")
            sub(sub(tc, "tcPr"), "tcW", w=str(col), type="dxa")
            render_blocks(tc, cell, inner)
            if len(tc) == 1 or tc[-1].tag != w("p"):
                tc.append(new_paragraph("TableText"))  # a cell must end with a paragraph
            if i < table.header_rows:
                _embolden(tc)
    container.append(new_paragraph("TableText"))  # two tables in a row would otherwise merge into one


def _embolden(cell: _Element) -> None:
    """Make every run of a header cell bold (``w:b`` after rStyle/rFonts, in schema order)."""
    for run in cell.iter(w("r")):
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = sub(run, "rPr")
            run.insert(0, rpr)
        if rpr.find(w("b")) is None:
            at = sum(1 for c in rpr if c.tag in (w("rStyle"), w("rFonts")))
            b = sub(rpr, "b")
            rpr.remove(b)
            rpr.insert(at, b)
