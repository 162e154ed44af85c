"""markdown-it syntax tree nodes -> IR blocks and inlines (used by the Markdown reader)."""

from __future__ import annotations

import re
from typing import Any

from ..context import Context
from ..images import image_src_problem
from ..ir import (
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
    Note,
    OrderedList,
    Paragraph,
    Strong,
    Text,
    ThematicBreak,
)
from ..ir.lists import parse_list_start
from ..ir.nodes import Block, Inline
from ..ir.text import inline_text
from .html.convert import HtmlConverter, hoist_turn_dashes, merge_text

_TURN_DASH = re.compile(r"^\s*[–—―−]\s")
_POEM_OPEN = re.compile(r"<div[^>]*class=[\"']?[^\"'>]*\b(?:poem|verse|stanza|poetry)\b", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)


MAX_NOTE_DEPTH = 3
"""Footnotes cited inside footnotes are read this deep (the Word reader's limit)."""


class MarkdownConverter:
    """Walks markdown-it's SyntaxTreeNode tree; footnotes are collected first, placed at their refs."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.notes: dict[int, tuple[Block, ...]] = {}
        self.pending: dict[int, Any] = {}  # footnote definitions not yet cited (made on first citation)
        self.note_depth = 0
        self.verse = 0  # depth of open <div class="poem"> blocks: soft breaks become hard
        self.html = HtmlConverter(ctx.diagnostics)
        self.dash_lists: set[int] = set()  # ids of BulletLists written with "-" markers

    # ------------------------------------------------------------------ footnotes

    def collect_footnotes(self, block: Any) -> None:
        """Remember each footnote definition by its id; its blocks are made when it is first cited,
        so a note cited only from inside another note (defined later) is not lost."""
        for fn in block.children:
            if fn.type == "footnote":
                self.pending[fn.meta.get("id", -1)] = fn

    def note(self, nid: int) -> tuple[Block, ...] | None:
        """The blocks of footnote ``nid`` (None when undefined, or when cited from inside itself)."""
        if nid not in self.notes:
            fn = self.pending.get(nid)
            if fn is None:
                return None
            if self.note_depth >= MAX_NOTE_DEPTH:  # a chain of notes citing the next: bounded, said
                self.ctx.diagnostics.add("note-too-deep", f"left out a note cited inside notes nested "
                                                          f"{MAX_NOTE_DEPTH} deep (its label stays in the text)")
                return None
            del self.pending[nid]
            self.notes[nid] = ()  # a note citing itself sees its label, not an endless loop
            self.note_depth += 1
            try:
                self.notes[nid] = tuple(self.blocks(fn.children))
            finally:
                self.note_depth -= 1
        return self.notes[nid] or None

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes: list[Any]) -> list[Block]:
        """IR blocks for a sequence of block nodes; dialogue lists turned back into dash paragraphs."""
        out: list[Block] = []
        for node in nodes:
            out.extend(self.block(node))
        return hoist_turn_dashes(_dialogue_lists(out, self.dash_lists))

    def block(self, node: Any) -> list[Block]:
        """One block node as IR blocks."""
        kind = node.type
        if kind == "paragraph":
            return self._paragraph(node)
        if kind == "heading":
            inl = self.inlines(node.children[0]) if node.children else ()
            return [Heading(int(node.tag[1]), inl)] if inl else []
        if kind == "blockquote":
            inner = self.blocks(node.children)
            return [BlockQuote(tuple(inner))] if inner else []
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(tuple(self.blocks(item.children)) for item in node.children)
            items = tuple(i for i in items if i)
            if not items:
                return []
            if kind == "ordered_list":
                return [OrderedList(items, parse_list_start(node.attrs.get("start"), self.ctx.diagnostics))]
            bullet = BulletList(items)
            if node.markup == "-":
                self.dash_lists.add(id(bullet))
            return [bullet]
        if kind in ("fence", "code_block"):
            info = (node.info or "").split()
            return [CodeBlock(node.content.rstrip("\n"), info[0] if info else "")]
        if kind == "hr":
            return [ThematicBreak()]
        if kind == "html_block":
            return self._html_block(node.content)
        if kind in ("footnote_block", "front_matter", "footnote_anchor"):
            return []  # (the back-reference markdown-it puts after a note that ends in a code block)
        self.ctx.diagnostics.add("markdown-unknown", f"unknown Markdown block {kind!r} kept as text")
        return [Paragraph((Text(node.content),))] if node.content.strip() else []

    def _paragraph(self, node: Any) -> list[Block]:
        inline = node.children[0] if node.children else None
        if inline is None:
            return []
        kids = inline.children
        if len(kids) == 1 and kids[0].type == "link" and [c.type for c in kids[0].children] == ["image"]:
            kids = kids[0].children  # [![caption](thumb.jpg)](full.jpg): the figure, without the link
        if len(kids) == 1 and kids[0].type == "image":
            fig = self._figure(kids[0])
            if fig is not None:
                return [fig]
        inl = self.inlines(inline)
        return [Paragraph(inl)] if inl else []

    def _figure(self, img: Any) -> Block | None:
        """``![caption](path "credit")`` alone in a paragraph: a Figure (refused path -> caption only)."""
        caption = merge_text(self._inline_nodes(img.children))
        src = str(img.attrs.get("src", ""))
        credit = str(img.attrs.get("title", "") or "")
        problem = image_src_problem(src)
        if problem is not None:
            self.ctx.diagnostics.add("image-refused", problem)
            return Paragraph(caption) if caption else None
        alt = "".join(c.content for c in img.children if c.type == "text")
        return Figure(Image(src, alt), caption, (Text(credit),) if credit else ())

    def _html_block(self, html: str) -> list[Block]:
        """Raw HTML: converted through the HTML reader's converter; poem divs switch verse mode on."""
        from .html.extract import clean, parse

        opens = len(_POEM_OPEN.findall(html))
        closes = len(_DIV_CLOSE.findall(html))
        if opens and closes < opens:
            self.verse += opens - closes
        elif closes > opens and self.verse:
            self.verse = max(0, self.verse - (closes - opens))
        try:
            root = parse(html)
        except ValueError:
            return []  # only tags (e.g. "</div>"): no content
        if clean(root):
            self.ctx.diagnostics.add("html-active-dropped", "dropped script/style/iframe/form in raw HTML")
        body = root.find("body")
        blocks = self.html.blocks(body if body is not None else root)
        return blocks

    # ------------------------------------------------------------------ inlines

    def inlines(self, inline: Any) -> tuple[Inline, ...]:
        """Inline content of an ``inline`` node, spaces tidied."""
        return merge_text(self._inline_nodes(inline.children))

    def _inline_nodes(self, nodes: list[Any]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            out.extend(self._inline(node))
        return out

    def _inline(self, node: Any) -> list[Inline]:
        kind = node.type
        if kind == "text":
            return [Text(node.content)] if node.content else []
        if kind == "softbreak":
            return [LineBreak()] if self.verse else [Text(" ")]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(node.content)]
        if kind in ("em", "strong"):
            kids = tuple(self._inline_nodes(node.children))
            return [Emph(kids) if kind == "em" else Strong(kids)] if kids else []
        if kind == "link":
            kids = tuple(self._inline_nodes(node.children))
            href = str(node.attrs.get("href", ""))
            if href.lower().startswith(("javascript:", "vbscript:", "data:")):
                self.ctx.diagnostics.info("link-dropped", "took the script target off a link, its text kept")
                return list(kids)
            return [Link(kids, href, str(node.attrs.get("title", "") or ""))]
        if kind == "image":
            return self._inline_image(node)
        if kind == "footnote_ref":
            blocks = self.note(node.meta.get("id", -1))
            if blocks is None:
                return [Text(f"[^{node.meta.get('label', '?')}]")]
            return [Note(blocks)]
        if kind == "html_inline":
            return self._html_inline(node.content)
        self.ctx.diagnostics.add("markdown-unknown", f"unknown inline {kind!r} kept as text")
        return [Text(node.content)] if node.content else []

    def _inline_image(self, node: Any) -> list[Inline]:
        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children if c.type == "text")
        problem = image_src_problem(src)
        if problem is not None:
            self.ctx.diagnostics.add("image-refused", problem)
            return [Text(alt)] if alt else []
        return [Image(src, alt)]

    def _html_inline(self, tag: str) -> list[Inline]:
        """Inline HTML tags: <br> is a line break, <img> an image; other tags are markup only."""
        low = tag.lower()
        if re.match(r"<br\b", low):
            return [LineBreak()]
        if re.match(r"<img\b", low):
            from .html.extract import parse

            img = next(iter(parse(f"<p>{tag}</p>").iter("img")), None)
            return self.html.inline(img) if img is not None else []
        return []


def _dialogue_lists(blocks: list[Block], dash_lists: set[int]) -> list[Block]:
    """ "-" bullet lists that are really dialogue lines ("- Вопрос?") become dash paragraphs."""
    dashed = sum(1 for b in blocks if isinstance(b, Paragraph) and _starts_with_dash(b))
    out: list[Block] = []
    for block in blocks:
        if not (isinstance(block, BulletList) and id(block) in dash_lists and _is_dialogue(block, dashed)):
            out.append(block)
            continue
        items = [item[0] for item in block.items if isinstance(item[0], Paragraph)]
        prev = out[-1] if out else None
        if len(items) == 1 and _first_text(items[0])[:1].islower() and isinstance(prev, Paragraph):
            # "... как я прочел Кнута\n- тогда еще в оригинале": a wrapped line, not a new turn
            out[-1] = Paragraph((*prev.inlines, Text(" – "), *items[0].inlines), prev.lang)
        else:
            out.extend(_as_dash_paragraph(p) for p in items)
    return out


def _starts_with_dash(p: Paragraph) -> bool:
    first = p.inlines[0] if p.inlines else None
    if isinstance(first, (Emph, Strong)) and first.children:
        first = first.children[0]
    return isinstance(first, Text) and bool(_TURN_DASH.match(first.text))


def _is_dialogue(block: BulletList, dashed: int) -> bool:
    """Single-paragraph items in a dialogue context, or items starting in lower case (continuations)."""
    if not all(len(item) == 1 and isinstance(item[0], Paragraph) for item in block.items):
        return False
    firsts = [_first_text(item[0]) for item in block.items]  # type: ignore[arg-type]
    lower = all(t[:1].islower() for t in firsts if t)
    return (dashed >= 2 and len(block.items) <= 3) or (lower and len(block.items) == 1)


def _first_text(p: Paragraph) -> str:
    return inline_text(p.inlines).lstrip()


def _as_dash_paragraph(p: Paragraph) -> Paragraph:
    """The list item's paragraph opened by "– " (what the author typed as "- ")."""
    return Paragraph((Text("– "), *p.inlines), p.lang)
