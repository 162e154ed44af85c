"""An lxml HTML element tree -> IR blocks (also used for raw HTML inside Markdown).

Block tags map onto IR blocks, inline tags onto inlines; unknown containers are walked
through so their text is never lost. Scripts, styles, iframes and forms are dropped before
this runs (see ``extract.clean``); ``javascript:`` links lose their link but keep their text;
images outside the input folder are refused with a diagnostic (their caption stays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ...diagnostics import Diagnostics
from ...images import ImageProblem, ImageSource, LocalImages
from ...ir import (
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Emph,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Quoted,
    Strong,
    Table,
    Text,
    ThematicBreak,
)
from ...ir.lists import parse_list_start
from ...ir.nodes import Block, Inline

_WS = re.compile(r"[ \t\n\r\f\v]+")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset(
    {
        "p",
        "blockquote",
        "ul",
        "ol",
        "figure",
        "pre",
        "hr",
        "div",
        "section",
        "article",
        "main",
        "table",
        "dl",
        "address",
        "center",
        "aside",
        "header",
        "footer",
        "nav",
        "details",
        "tbody",
        "thead",
        "tr",
        "li",
        "dd",
        "dt",
        "body",
        "html",
        "figcaption",
        "summary",
        "fieldset",
        "caption",
        "form",
    }
    | set(HEADINGS)
)
_EMPH = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})


MAX_SPAN = 64
"""The most columns or rows one cell may cover (a ``colspan="100000"`` is not a table of 100,000 columns)."""


MAX_SPAN_PADDING = 10_000
"""Empty cells that spans may add to a table beyond SPAN_PADDING_PER_CELL per real cell: rowspans
push the cells of later rows right, so 64 rows of 64 ``colspan=64 rowspan=64`` cells (a 140 KB page)
made a grid of 8 million cells. Past this the table is read as a layout table (text kept, info)."""
SPAN_PADDING_PER_CELL = 8


def _span(cell: Any, attr: str) -> int:
    """A cell's ``colspan``/``rowspan``: 1 unless a whole number from 1 to MAX_SPAN."""
    value = (cell.get(attr) or "").strip().lstrip("0")
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to str.isdigit, not to int()
        return 1
    return MAX_SPAN if len(value) > 5 else min(int(value), MAX_SPAN)


def spans_too_large(cells: list[list[Any]]) -> bool:
    """True when the spans of a table would add more empty cells to its grid than the limit allows
    (counted as the grid is laid out, and given up past the limit: a span bomb costs the limit)."""
    limit = MAX_SPAN_PADDING + SPAN_PADDING_PER_CELL * sum(map(len, cells))
    below: dict[int, int] = {}
    padding = 0
    for row in cells:
        width = 0
        for cell in row:
            while below.get(width, 0) > 0:
                below[width] -= 1
                width += 1
                padding += 1
            down, across = _span(cell, "rowspan") - 1, _span(cell, "colspan")
            for _ in range(across):
                if down > 0:
                    below[width] = down
                width += 1
            padding += across - 1
            if padding > limit:
                return True
        while below.get(width, 0) > 0:
            below[width] -= 1
            width += 1
            padding += 1
        if padding > limit:
            return True
    return False


def tame_spans(root: Any) -> int:
    """Before the extractors see the page: spans over MAX_SPAN are cut to it (what the converter
    reads anyway), and a table whose spans would pad its grid past the limit loses its spans (a plain
    grid, every cell and word kept). trafilatura lays out rowspans itself, and 24 rows of 24
    ``colspan=24 rowspan=24`` cells took it 10 s (64 x 64: minutes). Returns the tables changed."""
    changed = 0
    for table in root.iter("table"):
        rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
        cells = [[c for c in tr if tag_of(c) in ("td", "th")] for tr in rows]
        spanned = [c for row in cells for c in row if c.get("colspan") is not None or c.get("rowspan") is not None]
        if not spanned:
            continue
        if spans_too_large(cells):
            for cell in spanned:
                cell.attrib.pop("colspan", None)
                cell.attrib.pop("rowspan", None)
            changed += 1
            continue
        for cell in spanned:
            for attr in ("colspan", "rowspan"):
                value = (cell.get(attr) or "").strip()
                if value and str(_span(cell, attr)) != value.lstrip("0"):
                    cell.set(attr, str(_span(cell, attr)))
    return changed


def _holds_more_than(figure: Any, img: Any, caption: Any | None) -> bool:
    """The figure has text outside its picture and caption (or a block such as a table or a quote)."""
    stack = [figure]
    while stack:
        node = stack.pop()
        if (node.text or "").strip() or any((c.tail or "").strip() for c in node):
            return True
        stack.extend(c for c in node if c is not img and c is not caption and isinstance(c.tag, str))
    return False


def _owner_table(row: Any) -> Any | None:
    """The table a row belongs to (its nearest enclosing ``<table>``)."""
    return next((a for a in row.iterancestors() if tag_of(a) == "table"), None)


def tag_of(el: Any) -> str:
    """Lower-case tag name of an lxml node ('' for comments and processing instructions)."""
    tag = el.tag  # (lxml makes a new string per access)
    return tag.lower() if isinstance(tag, str) else ""


def merge_text(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Join adjacent Text runs, collapse spaces, trim the ends of the run."""
    out = [Text(_WS.sub(" ", n.text)) if isinstance(n, Text) else n for n in join_adjacent_texts(inlines)]
    # no space right after a line break or at the ends
    for i, node in enumerate(out):
        if isinstance(node, Text) and (i == 0 or isinstance(out[i - 1], LineBreak)):
            out[i] = Text(node.text.lstrip(" "))
        node = out[i]
        if isinstance(node, Text) and (i == len(out) - 1 or isinstance(out[i + 1], LineBreak)):
            out[i] = Text(node.text.rstrip(" "))
    _trim_edges(out)
    return tuple(n for n in out if not (isinstance(n, Text) and not n.text))


def _trim_edges(out: list[Inline]) -> None:
    """Strip spaces at the start and end of the whole run, also inside leading/trailing Emph/Strong."""
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    while out and isinstance(out[0], LineBreak):
        out.pop(0)


class HtmlConverter:
    """Converts elements to IR, reporting refused images and dropped content to ``diagnostics``."""

    def __init__(self, diagnostics: Diagnostics, images: ImageSource | None = None) -> None:
        self.diagnostics = diagnostics
        self.images: ImageSource = images if images is not None else LocalImages(None)

    # ------------------------------------------------------------------ blocks

    def blocks(self, el: Any) -> list[Block]:
        """The blocks inside ``el``; loose text and inline children become paragraphs."""
        out: list[Block] = []
        pending: list[Inline] = []

        def flush() -> None:
            inl = merge_text(pending)
            if inl and _has_content(inl):
                out.append(Paragraph(inl))
            pending.clear()

        if el.text:
            pending.append(Text(el.text))
        for child in el:
            tag = tag_of(child)
            if tag in BLOCK_TAGS or (tag == "img" and self._standalone(child)):
                flush()
                out.extend(self.block(child))
            elif tag:
                pending.extend(self.inline(child))
            if child.tail:
                pending.append(Text(child.tail))
        flush()
        return out

    def _standalone(self, img: Any) -> bool:
        """An image that is the only thing in its parent is a figure, not an inline image."""
        parent = img.getparent()
        if parent is None:
            return False
        text = (parent.text or "") + "".join((c.tail or "") for c in parent)
        return len(parent) == 1 and not text.strip()

    def block(self, el: Any) -> list[Block]:
        """One block-level element as IR blocks."""
        tag = tag_of(el)
        if tag in HEADINGS:
            inl = merge_text(self.inline_children(el))
            return [Heading(HEADINGS[tag], inl)] if inl else []
        if tag == "p":
            return self.blocks(el)
        if tag == "blockquote":
            inner = self.blocks(el)
            return [BlockQuote(tuple(inner))] if inner else []
        if tag in ("ul", "ol"):
            return self._list(el, tag)
        if tag == "figure":
            return self._figure(el)
        if tag == "img":
            fig = self._figure_from(el, ())
            return [fig] if fig else []
        if tag == "pre":
            text = el.text_content().strip("\n")
            return [CodeBlock(text)] if text.strip() else []
        if tag == "hr":
            return [ThematicBreak()]
        if tag == "table":
            return self._table(el)
        return self.blocks(el)

    def _list(self, el: Any, tag: str) -> list[Block]:
        items: list[tuple[Block, ...]] = []
        for child in el:
            if tag_of(child) == "li":
                items.append(tuple(self.blocks(child)))
            elif tag_of(child):
                items.append(tuple(self.block(child)))
        items = [i for i in items if i]
        if not items:
            return []
        if tag == "ol":
            return [OrderedList(tuple(items), parse_list_start(el.get("start"), self.diagnostics))]
        return [BulletList(tuple(items))]

    def _figure(self, el: Any) -> list[Block]:
        """One picture with its caption is a Figure; a ``<figure>`` holding more (a quote, a table, a
        code listing, several pictures, text) gives its blocks in order, the caption a paragraph."""
        caption_el = next((c for c in el.iter() if tag_of(c) == "figcaption"), None)
        images = [c for c in el.iter() if tag_of(c) == "img"]
        if len(images) != 1 or _holds_more_than(el, images[0], caption_el):
            return self.blocks(el)
        caption = merge_text(self.inline_children(caption_el)) if caption_el is not None else ()
        img = images[0]
        fig = self._figure_from(img, caption) if img is not None else None
        if fig is not None:
            return [fig]
        return [Paragraph(caption)] if caption else []

    def _figure_from(self, img: Any, caption: tuple[Inline, ...]) -> Block | None:
        """A Figure for ``img`` (its alt text stays the image's description, not a caption), or the caption alone.

        Alt text describes the picture for those who cannot see it; printing it as a caption
        repeats the caption or adds words the page never showed (measured: it cost 2-20 % of
        precision on pages with many photos). A refused image's alt text is in its warning.
        """
        image = self._image(img)
        if image is None:
            return Paragraph(caption) if caption else None
        return Figure(image, caption)

    def _image(self, img: Any) -> Image | None:
        src = (img.get("src") or "").strip()
        accepted = self.images.accept(src)
        if isinstance(accepted, ImageProblem):
            alt = _WS.sub(" ", img.get("alt") or "").strip()
            self.diagnostics.add(accepted.code, accepted.message + (f" (alt text: {alt[:80]})" if alt else ""))
            return None
        return Image(accepted, _WS.sub(" ", img.get("alt") or "").strip())

    def _table(self, el: Any) -> list[Block]:
        """A data table (two rows and two columns or more) as an IR Table: cells keep their paragraphs,
        links and pictures, ``colspan``/``rowspan`` become empty cells, ``<th>`` rows and ``<thead>``
        the header. A layout table (one row or column, ``role=presentation``, or tables inside its
        cells) is unwrapped: its cells' blocks in reading order, nothing lost (info)."""
        rows = [tr for tr in el.iter("tr") if _owner_table(tr) is el]
        cells = [[c for c in tr if tag_of(c) in ("td", "th")] for tr in rows]
        width = max((sum(_span(c, "colspan") for c in row) for row in cells), default=0)
        layout = (
            len(rows) < 2 or width < 2 or (el.get("role") or "").strip().lower() in ("presentation", "none")
            or any(t is not el for t in el.iter("table"))
        )
        if layout or spans_too_large(cells):
            out = [b for row in cells for cell in row for b in self.blocks(cell)]
            if out and len(rows) > 0:
                kind = "layout table" if layout else "table whose spans would make a grid too large to hold"
                self.diagnostics.info("table-flattened", f"a {kind} of {len(rows)} row(s) became its cells' "
                                      "paragraphs, in reading order")
            return out
        grid: list[list[tuple[Block, ...]]] = []
        below: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
        header = 0
        for tr, row in zip(rows, cells, strict=True):
            line: list[tuple[Block, ...]] = []
            for cell in row:
                while below.get(len(line), 0) > 0:
                    below[len(line)] -= 1
                    line.append(())
                down = _span(cell, "rowspan") - 1
                for extra in range(_span(cell, "colspan")):
                    if down > 0:
                        below[len(line)] = down
                    line.append(tuple(self.blocks(cell)) if extra == 0 else ())
            while below.get(len(line), 0) > 0:
                below[len(line)] -= 1
                line.append(())
            if not line:
                continue
            in_head = any(tag_of(a) == "thead" for a in tr.iterancestors()) or (
                any(tag_of(c) == "th" for c in row)  # <th> cells, and <td> only empty (trafilatura pads rows)
                and not any(tag_of(c) == "td" and c.text_content().strip() for c in row))
            if in_head and header == len(grid):
                header += 1
            grid.append(line)
        caption_el = next((c for c in el if tag_of(c) == "caption"), None)
        caption = merge_text(self.inline_children(caption_el)) if caption_el is not None else ()
        if not grid:
            return []
        first = [c for c in grid[0] if c]
        if not caption and header >= 2 and len(first) == 1 and grid[0][0] and isinstance(grid[0][0][0], Paragraph) \
                and len(grid[0][0]) == 1:
            # trafilatura writes a <caption> as a first header row of one cell: it is the caption
            caption, grid, header = grid[0][0][0].inlines, grid[1:], header - 1
        return [Table(tuple(tuple(line) for line in grid), min(header, len(grid) - 1), caption)]

    # ------------------------------------------------------------------ inlines

    def inline_children(self, el: Any) -> list[Inline]:
        """Inline content of ``el`` (block children flattened to their inlines)."""
        out: list[Inline] = []
        if el.text:
            out.append(Text(el.text))
        for child in el:
            if tag_of(child):
                out.extend(self.inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return out

    def inline(self, el: Any) -> list[Inline]:
        """One inline element as IR inlines."""
        tag = tag_of(el)
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            image = self._image(el)
            return [image] if image else []
        kids = self.inline_children(el)  # (also inside code: a refused image there is still reported)
        if tag in _CODE:
            return [Code(el.text_content())] if el.text_content() else []
        if not _has_content(kids):
            return kids
        if tag in _EMPH:
            return [Emph(merge_inner(kids))]
        if tag in _STRONG:
            return [Strong(merge_inner(kids))]
        if tag == "q":
            return [Quoted(merge_inner(kids))]
        if tag == "a":
            href = (el.get("href") or "").strip()
            if not href or href.startswith("#"):
                return kids
            if href.lower().replace(" ", "").startswith(("javascript:", "vbscript:", "data:")):
                self.diagnostics.info(
                    "link-dropped", f"took the script target off a link, its text kept: «{el.text_content()[:60]}»"
                )
                return kids
            return [Link(merge_inner(kids), href, el.get("title") or "")]
        if tag in HEADINGS or tag in BLOCK_TAGS:
            return [Text(" "), *kids, Text(" ")]
        return kids


def merge_inner(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Join adjacent Text runs inside an inline container, keeping its inner spaces."""
    if len(inlines) == 1 and type(inlines[0]) is Text:  # most containers: one word (one node per element)
        return (Text(_WS.sub(" ", inlines[0].text)),)
    return tuple(Text(_WS.sub(" ", n.text)) if isinstance(n, Text) else n for n in join_adjacent_texts(inlines))


def join_adjacent_texts(inlines: list[Inline]) -> list[Inline]:
    """``inlines`` with each run of adjacent Text nodes joined into one, in linear time (adding
    each to the last was quadratic in a run: 200,000 ``<span>ж</span>`` on one line)."""
    out: list[Inline] = []
    run: list[str] = []
    for node in inlines:
        if type(node) is Text:
            run.append(node.text)
            continue
        if run:
            out.append(Text("".join(run)))
            run = []
        out.append(node)
    if run:
        out.append(Text("".join(run)))
    return out


def _has_content(inlines: Sequence[Inline]) -> bool:
    """True unless the run is only white space."""
    for n in inlines:  # noqa: SIM110 (a loop, not any() over a generator: called once per inline element)
        if type(n) is not Text or n.text.strip():  # type: ignore[union-attr]
            return True
    return False


_TURN = re.compile(r"^(\s*(?:[–—―−]|-(?=\s))\s*)")


def hoist_turn_dashes(blocks: list[Block]) -> list[Block]:
    """Unwrap a turn set wholly in italics or bold ("*– Вопрос?*", "<b>– Вопрос?</b>").

    The article-parts transform finds interview turns by a dash at the start of the
    paragraph's first text run, and it sets questions apart itself (bold), so the emphasis
    that only marked the question is dropped and the dash becomes visible to the transform.
    """
    return [_hoist(b) if isinstance(b, Paragraph) else b for b in blocks]


def _hoist(p: Paragraph) -> Paragraph:
    inl = [n for n in p.inlines if not (isinstance(n, Text) and not n.text.strip())]
    if len(inl) != 1 or not isinstance(inl[0], (Emph, Strong)):
        return p
    kids = inl[0].children
    if not kids or not isinstance(kids[0], Text) or not _TURN.match(kids[0].text):
        return p
    return Paragraph(merge_text(list(kids)), p.lang)
