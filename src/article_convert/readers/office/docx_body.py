"""Word body -> IR blocks: paragraphs by style, lists by real numbering, tables, figures with
captions, quotes, code, text boxes; notes and comments on demand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...context import Context
from ...images import data_uri
from ...ir import (
    Block,
    BlockQuote,
    CodeBlock,
    Div,
    Figure,
    Heading,
    Image,
    Inline,
    Paragraph,
    Table,
    Text,
    ThematicBreak,
)
from ...ir.text import inline_text
from ..html.convert import MAX_SPAN_PADDING, SPAN_PADDING_PER_CELL
from .docx_numbering import Numbering
from .docx_package import DocxPackage, Rel
from .docx_runs import RunState, RunWalker, media_type
from .docx_styles import Styles
from .inlines import InlineBuilder
from .listing import ListEntry, build_lists
from .ooxml import W, attr, local

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BLOCK_SKIP = frozenset({"sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                        "commentRangeStart", "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd",
                        "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
                        "customXmlDelRangeStart", "customXmlDelRangeEnd", "sdtPr", "sdtEndPr", "customXmlPr"})
"""Block-level elements that hold no text of their own (everything else unknown is read, not skipped)."""

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_NOTE_DEPTH = 3
"""Notes inside notes (Word allows none; a hostile file cites a note from itself) are read this deep."""


def deep_note_dropped(ctx: Context) -> None:
    """A note cited from a note already MAX_NOTE_DEPTH deep is left out: say so."""
    ctx.diagnostics.add("note-too-deep", f"left out a note cited inside notes nested {MAX_NOTE_DEPTH} deep "
                                         "(a note that cites itself?)")


@dataclass
class Para:
    """A converted paragraph before grouping: its meaning, inlines, list place and language."""

    kind: str
    inlines: tuple[Inline, ...]
    lang: str | None = None
    list_entry: tuple[str, int, bool, int] | None = None  # numId, level, ordered, number
    merge_next: bool = False
    after: list[Block] = field(default_factory=list)


class DocxConverter:
    """Converts one Word document's body (and its notes) into blocks."""

    def __init__(self, docx: DocxPackage, ctx: Context, keep_comments: bool) -> None:
        self.docx = docx
        self.ctx = ctx
        self.rels: dict[str, Rel] = docx.rels
        self.styles = Styles(docx.related_xml("styles"))
        self.numbering = Numbering(docx.related_xml("numbering"))
        self.notes = {kind: _by_id(docx.related_xml(kind + "s"), kind) for kind in ("footnote", "endnote")}
        self.comments = _by_id(docx.related_xml("comments"), "comment")
        self.keep_comments = keep_comments
        self.changes: Counter[str] = Counter()
        self.dropped_comments = 0
        self.comments_seen: set[str] = set()
        self.external_images = 0
        self.graphics_left_out: list[tuple[str, str]] = []  # (kind, alt text) of charts, diagrams, objects
        self.note_depth = 0
        self.langs: Counter[str] = Counter()
        self.walker = RunWalker(self)

    # ---------------------------------------------------------------- blocks

    def blocks(self, container: _Element) -> list[Block]:
        """The blocks of a body, cell, note, comment or text box."""
        return group(self.paras(container), self)

    def paras(self, container: _Element) -> list[Para | Block]:
        out: list[Para | Block] = []
        for child in container:
            name = local(child)
            if child.tag == f"{W}p":
                out.extend(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                out.append(self.table(child))
            elif name in ("sdt",):
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    out.extend(self.paras(content))
            elif name in ("customXml", "ins", "moveTo", "smartTag"):
                out.extend(self.paras(child))
            elif name in ("del", "moveFrom"):
                self.changes[name] += 1
            elif name == "altChunk":
                self.ctx.diagnostics.add("docx-altchunk", "an embedded foreign document (altChunk) was left out")
            elif child.tag == f"{MC}AlternateContent":
                chosen = child.find(f"{MC}Choice")
                chosen = chosen if chosen is not None else child.find(f"{MC}Fallback")
                if chosen is not None:
                    out.extend(self.paras(chosen))
            elif name and name not in BLOCK_SKIP:
                out.extend(self._unknown_block(child))
        return out

    def _unknown_block(self, el: _Element) -> list[Para | Block]:
        """A wrapper Word does not put at block level (``w:hyperlink``, ``m:oMathPara``, a new or
        foreign element): its paragraphs and tables, or its loose text as a paragraph — never nothing."""
        if el.find(f".//{W}p") is not None or el.find(f".//{W}tbl") is not None:
            return self.paras(el)
        if any(t.strip() for t in el.itertext()):
            return self.paragraph(el)
        return []

    def paragraph(self, p: _Element) -> list[Para | Block]:
        ppr = p.find(f"{W}pPr")
        sid = attr(ppr.find(f"{W}pStyle"), "val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
        kind = self.styles.kind(sid) or "p"
        num = self.styles.numbering(sid)
        merge_next = False
        if ppr is not None:
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None and numpr.find(f"{W}numId") is not None:
                lvl = (attr(numpr.find(f"{W}ilvl"), "val") if numpr.find(f"{W}ilvl") is not None else None) or ""
                num = (attr(numpr.find(f"{W}numId"), "val") or "0", int(lvl) if lvl.isdigit() else (num[1] if num else 0))
            outline = ppr.find(f"{W}outlineLvl")
            if outline is not None and (attr(outline, "val") or "").isdigit() and int(attr(outline, "val") or 9) < 9:
                kind = f"h{int(attr(outline, 'val') or 0) + 1}"
            mark = ppr.find(f"{W}rPr")
            merge_next = mark is not None and (mark.find(f"{W}del") is not None or mark.find(f"{W}moveFrom") is not None)
        body_like = kind in ("p", "listparagraph", "caption")
        flags, lang = self.styles.flags(sid) if body_like else ({}, self.styles.flags(sid)[1])
        flags = {**self.styles.default_flags, **flags} if body_like else {}
        st = RunState(flags, lang or self.styles.default_lang)
        self.walker.walk(p, st)
        inlines = st.builder.build()
        para_lang = st.langs.most_common(1)[0][0] if st.langs else None
        if para_lang:
            self.langs[para_lang] += sum(st.langs.values())
        entry = None
        if num is not None and num[0] not in ("0", "") and not kind.startswith("h"):
            level = min(max(num[1], 0), 8)
            info = self.numbering.level(num[0], level)
            entry = (num[0], level, info.ordered, self.numbering.next_number(num[0], level))
            if info.marker in ("☐", "☑", "☒"):
                inlines = (Text(info.marker + " "), *inlines)  # a task list: the box is content
        out: list[Para | Block] = []
        if inlines or entry is not None or merge_next or kind == "hr":
            out.append(Para(kind, inlines, para_lang, entry, merge_next))
        out.extend((st.after and [Div("textbox", tuple(st.after))]) or [])
        return out

    def table(self, tbl: _Element) -> Table:
        rows: list[tuple[tuple[Block, ...], ...]] = []
        header = 0
        laid: list[tuple[_Element, list[tuple[_Element, int, bool]]]] = []
        for tr in _rows(tbl):
            row: list[tuple[_Element, int, bool]] = []
            for tc in _cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                span, merged = 1, False
                if tcpr is not None:
                    span = _grid_span(tcpr.find(f"{W}gridSpan"))
                    vm = tcpr.find(f"{W}vMerge")
                    merged = vm is not None and attr(vm, "val") in (None, "continue")
                row.append((tc, span, merged))
            laid.append((tr, row))
        count = sum(len(row) for _, row in laid)
        if sum(span - 1 for _, row in laid for _, span, _ in row) > MAX_SPAN_PADDING + SPAN_PADDING_PER_CELL * count:
            self.ctx.diagnostics.info("table-spans-dropped", "a table whose merged cells would make a grid too "
                                      "large to hold is read without its column spans (every cell kept)")
            laid = [(tr, [(tc, 1, merged) for tc, _, merged in row]) for tr, row in laid]
        for tr, row in laid:
            trpr = tr.find(f"{W}trPr")
            if trpr is not None and trpr.find(f"{W}tblHeader") is not None and header == len(rows):
                header += 1
            cells: list[tuple[Block, ...]] = []
            for tc, span, merged in row:
                cells.append(() if merged else tuple(self.blocks(tc)))
                cells.extend([()] * (span - 1))
            if cells:
                rows.append(tuple(cells))
        if header == 0 and len(rows) > 1 and _first_row_look(tbl):
            header = 1  # the table style formats the first row as a header (what pandoc reads too)
        return Table(tuple(rows), header)

    # ---------------------------------------------------------------- notes, comments, images

    def note_blocks(self, kind: str, nid: str) -> tuple[Block, ...]:
        """The blocks of a footnote or endnote (empty for the separator notes)."""
        el = self.notes.get(kind, {}).get(nid)
        if el is None:
            return ()
        if self.note_depth >= MAX_NOTE_DEPTH:
            deep_note_dropped(self.ctx)
            return ()
        self.note_depth += 1
        try:
            return tuple(self.blocks(el))
        finally:
            self.note_depth -= 1

    def comment(self, cid: str, builder: InlineBuilder) -> None:
        """A comment: kept as a note with ``keep_comments``, else counted for one report."""
        el = self.comments.get(cid)
        if el is None or cid in self.comments_seen:
            return
        self.comments_seen.add(cid)
        if not self.keep_comments:
            self.dropped_comments += 1
            return
        from ...ir import Note

        author = el.get(f"{W}author") or ""
        blocks = tuple(self.blocks(el))
        label = (Text(f"[{author}] "),) if author else ()
        if blocks and isinstance(blocks[0], Paragraph):
            blocks = (Paragraph(label + blocks[0].inlines, blocks[0].lang), *blocks[1:])
        builder.node(Note(blocks))

    def image(self, rid: str, alt: str) -> Image | None:
        """An embedded picture as a ``data:`` image; an external one is named but never fetched."""
        rel = self.rels.get(rid)
        if rel is None:
            return None
        if rel.external:
            self.external_images += 1
            return Image(rel.target, alt)
        if not self.docx.pkg.has(rel.target):
            self.ctx.diagnostics.add("image-missing", f"picture {rel.target} is not in the document")
            return Image(rel.target, alt)
        data = self.docx.pkg.read(rel.target)
        return Image(data_uri(data, media_type(rel.target)), alt)


def _first_row_look(tbl: _Element) -> bool:
    """``w:tblLook`` says the first row is a header row (attribute or the 0x0020 bit of ``w:val``)."""
    look = tbl.find(f"{W}tblPr/{W}tblLook")
    if look is None:
        return False
    first = attr(look, "firstRow")
    if first is not None:
        return first in ("1", "true", "on")
    try:
        return bool(int(attr(look, "val") or "0", 16) & 0x0020)
    except ValueError:
        return False


MAX_GRID_SPAN = 64
"""The most grid columns one Word cell may cover (``gridSpan``)."""
# Empty cells the column spans of one table may add: the HTML reader's limit. A 339 KB file of 3,000
# cells spanning 64 columns each made a row of 192,000 cells (25 s CPU, 1 GB); past the limit a table
# is read without its spans.


def _grid_span(gs: _Element | None) -> int:
    """A cell's ``w:gridSpan``: 1 unless a whole number (ASCII digits; "²" is a digit to str.isdigit,
    not to int) from 1 to MAX_GRID_SPAN."""
    value = (attr(gs, "val") or "").strip().lstrip("0") if gs is not None else ""
    if not (value.isascii() and value.isdigit()):
        return 1
    return MAX_GRID_SPAN if len(value) > 5 else min(int(value), MAX_GRID_SPAN)


def _rows(tbl: _Element) -> list[_Element]:
    """The rows of a table, also those wrapped in content controls (a repeating section) or custom XML."""
    return _unwrapped(tbl, f"{W}tr")


def _cells(tr: _Element) -> list[_Element]:
    """The cells of a row, also those wrapped in content controls or custom XML."""
    return _unwrapped(tr, f"{W}tc")


def _unwrapped(parent: _Element, tag: str) -> list[_Element]:
    """The ``tag`` children of ``parent``, looking inside content controls (``w:sdt``'s content) and
    custom XML wrappers, which Word puts around rows and cells alike."""
    out: list[_Element] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif local(child) in ("sdt", "customXml"):
            holder = child.find(f"{W}sdtContent") if local(child) == "sdt" else child
            if holder is not None:
                out.extend(_unwrapped(holder, tag))
    return out


def _by_id(root: _Element | None, kind: str) -> dict[str, _Element]:
    if root is None:
        return {}
    return {attr(el, "id") or "": el for el in root.iterfind(f"{W}{kind}")}


# ------------------------------------------------------------------------ grouping


def _merge(items: list[Para | Block]) -> list[Para | Block]:
    """Join a paragraph whose mark was deleted (tracked change) with the next one."""
    out: list[Para | Block] = []
    carry: Para | None = None
    for item in items:
        if carry is not None and isinstance(item, Para):
            sep = (Text(" "),) if carry.inlines and item.inlines else ()
            item = Para(carry.kind, carry.inlines + sep + item.inlines, carry.lang or item.lang,
                        carry.list_entry, item.merge_next)
            carry = None
        elif carry is not None:
            if carry.inlines:
                out.append(Para(carry.kind, carry.inlines, carry.lang, carry.list_entry))
            carry = None
        if isinstance(item, Para) and item.merge_next:
            carry = item
            continue
        out.append(item)
    if carry is not None and carry.inlines:
        out.append(Para(carry.kind, carry.inlines, carry.lang, carry.list_entry))
    return out


def _figures(p: Para) -> list[Figure] | None:
    """A paragraph holding only pictures is a row of figures."""
    images = [n for n in p.inlines if isinstance(n, Image)]
    if images and all(isinstance(n, Image) or (isinstance(n, Text) and not n.text.strip()) for n in p.inlines):
        return [Figure(img) for img in images]
    return None


def following(items: list[Para | Block], item: Para) -> Para | Block | None:
    """The item after ``item`` in ``items`` (None at the end)."""
    for i, x in enumerate(items):
        if x is item:
            return items[i + 1] if i + 1 < len(items) else None
    return None


def group(items: list[Para | Block], conv: DocxConverter) -> list[Block]:
    """Paragraph records -> blocks: lists, quotes, code, headings, figures and their captions."""
    items = _merge(items)
    out: list[Block] = []
    entries: list[ListEntry] = []
    quote: list[Block] = []
    code: list[str] = []
    pending_caption: tuple[Inline, ...] = ()

    def flush() -> None:
        nonlocal entries, quote, code
        if entries:
            out.extend(build_lists(entries))
            entries = []
        if quote:
            out.append(BlockQuote(tuple(quote)))
            quote = []
        if code:
            out.append(CodeBlock("\n".join(code)))
            code = []

    for item in items:
        if not isinstance(item, Para):
            flush()
            if isinstance(item, Table) and pending_caption and not item.caption:
                item = Table(item.rows, item.header_rows, pending_caption)
            pending_caption = ()
            out.append(item)
            continue
        if item.list_entry is not None:
            if quote or code:
                flush()
            num_id, level, ordered, number = item.list_entry
            entries.append(ListEntry(num_id, level, ordered, number, Paragraph(item.inlines, item.lang)))
            continue
        if item.kind == "code":
            if entries or quote:
                flush()
            code.append(inline_text(item.inlines))
            continue
        if item.kind == "quote":
            if entries or code:
                flush()
            quote.append(Paragraph(item.inlines, item.lang))
            continue
        flush()
        if item.kind == "hr":
            out.append(ThematicBreak())
            if not item.inlines:
                continue
        figures = _figures(item)
        lead_image = item.inlines[0] if item.inlines and isinstance(item.inlines[0], Image) else None
        if item.kind == "caption" and lead_image is not None and figures is None:
            rest = item.inlines[1:]
            out.append(Figure(lead_image, tuple(_unwrap_caption(rest))))
        elif figures is not None:
            out.extend(figures)
        elif item.kind == "caption" and out and isinstance(out[-1], Figure) and not out[-1].caption:
            out[-1] = Figure(out[-1].image, item.inlines, out[-1].credit)
        elif item.kind == "caption" and out and isinstance(out[-1], Table) and not out[-1].caption:
            out[-1] = Table(out[-1].rows, out[-1].header_rows, item.inlines)
        elif item.kind == "caption" and isinstance(following(items, item), Table):
            pending_caption = item.inlines
        elif item.kind.startswith("h") and item.kind[1:].isdigit():
            out.append(Heading(min(int(item.kind[1:]), 6), item.inlines, item.lang))
        elif item.kind in ("title", "subtitle", "author", "abstract"):
            out.append(Div(item.kind, (Paragraph(item.inlines, item.lang),)))
        else:
            out.append(Paragraph(item.inlines, item.lang))
    flush()
    return out


def _unwrap_caption(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A caption's text without the leading space left by the picture before it."""
    from .inlines import _trim

    return _trim(list(inlines))
