"""IR blocks -> reportlab flowables: paragraphs, headings, interview turns, lists, figures, code."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

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
    Image,
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
from .chunks import chunk_inlines
from .code import code_flowables
from .fonts import FontSet
from .inline import InlineRenderer, InlineState
from .styles import RULE_COLOR, Styles
from .tagging import Node

DASH = TURN_DASH


@functools.cache
def _paragraph_class() -> type:
    from .paragraph import make_paragraph_class

    return make_paragraph_class()  # an interview turn opens with an em dash and a no-break space


STYLE_ROLES: dict[str, str | None] = {"caption": "Caption", "break": None, "code": "Code"}
"""Paragraph styles whose structure type is not P (None: drawn as an artifact)."""

MAX_INDENTS = 8
"""Quotes and lists nested deeper than this are set without further indentation (the text must fit)."""


@dataclass(frozen=True)
class Env:
    """How the blocks at this point are set: paragraph style, language, list depth."""

    style: str
    lang: str


class BlockRenderer:
    """Turns blocks into flowables; one instance per document."""

    def __init__(self, styles: Styles, fonts: FontSet, inlines: InlineRenderer) -> None:
        self.styles = styles
        self.fonts = fonts
        self.inlines = inlines
        self.size = styles.size
        self.has_title = True
        self.outline_level = 0  # the last outline level used (the title is 0; -1 before any entry)
        self.outline_base = 0  # added to every level: 1 for the articles of a bundle section
        self.indent_depth = 0  # quotes and lists open around this point (deep ones stop indenting)
        self.parent = Node("Document")  # the structure element new flowables go under (tagged PDF)

    # ------------------------------------------------------------------ structure (tagged PDF)

    def node(self, role: str, lang: str | None = None, alt: str | None = None) -> Node:
        """A new structure element under the current parent."""
        return self.parent.child(role, lang, alt)

    @contextmanager
    def within(self, role: str, lang: str | None = None) -> Iterator[Node]:
        """Make the flowables created inside go under a new ``role`` element."""
        node, outer = self.node(role, lang), self.parent
        self.parent = node
        try:
            yield node
        finally:
            self.parent = outer

    def role_for(self, style: Any) -> str | None:
        """The structure type of a paragraph set in ``style`` (None: decoration, an artifact)."""
        name = str(style.name).split("+")[0]
        if name == "title":
            return "H1"
        if len(name) == 2 and name[0] == "h" and name[1].isdigit():
            return f"H{min(int(name[1]) + (1 if self.has_title else 0), 6)}"
        return STYLE_ROLES.get(name, "P")

    # ------------------------------------------------------------------ helpers

    def state(self, style: Any, lang: str) -> InlineState:
        """The inline state a style starts in (its family, weight and slant)."""
        fs = self.fonts
        for family in (fs.body, fs.heading, fs.fallback):
            for bold in (False, True):
                for italic in (False, True):
                    if family.face(bold, italic).name == style.fontName:
                        return InlineState(family, bold, italic, lang, style.fontSize)
        raise ValueError(f"style {style.name} uses unregistered font {style.fontName}")

    def para_style(self, name: str, lang: str, **changes: Any) -> Any:
        """A named style set up to hyphenate in ``lang`` (our hyphenator; None if unsupported)."""
        from ...hyphenation.reportlab_fix import hyphenator_for

        hyph = hyphenator_for(lang)
        if hyph is not None:
            changes["hyphenationLang"] = hyph
        return self.styles.variant(name, **changes) if changes else self.styles.get(name)

    def paragraph(self, markup: str, style: Any, bullet: str | None = None, node: Node | None = None,
                  lang: str | None = None) -> Any:
        """A reportlab Paragraph that never leaves a hyphen at a page end (imported lazily), tagged
        with ``node`` or a new element of its style's role."""
        flow = _paragraph_class()(markup, style, bulletText=bullet)
        if node is None:
            role = self.role_for(style)
            node = self.node(role, lang) if role else None
        flow._ac_tag = node
        return flow

    def inline_paragraphs(self, inlines: tuple[Inline, ...], style: Any, lang: str, prefix: str = "",
                          bullet: str | None = None) -> list[Any]:
        """One or more Paragraphs for inline content (very long ones are cut at sentence ends)."""
        chunks = chunk_inlines(inlines)
        role = self.role_for(style)
        node = self.node(role, lang) if role else None  # the chunks of one paragraph are one element
        out = []
        for i, chunk in enumerate(chunks):
            st = style
            if len(chunks) > 1:
                changes: dict[str, Any] = {}
                if i > 0:
                    changes.update(firstLineIndent=0, spaceBefore=0)
                if i < len(chunks) - 1:
                    changes.update(justifyLastLine=1, spaceAfter=0)
                st = self.styles.variant_of(style, **changes)
            markup = self.inlines.render(chunk, self.state(style, lang))
            first = i == 0
            out.append(self.paragraph((prefix if first else "") + markup, st, bullet if first else None, node))
        return out

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], env: Env) -> list[Any]:
        """Flowables for a sequence of blocks."""
        out: list[Any] = []
        for block in blocks:
            out.extend(self.block(block, env))
        return out

    def block(self, block: Block, env: Env) -> list[Any]:
        """Flowables for one block."""
        match block:
            case Paragraph(inlines=i, lang=lang):
                return self._paragraph(i, lang or env.lang, env)
            case Heading(level=level, inlines=i, lang=lang):
                return self._heading(level, i, lang or env.lang)
            case BlockQuote(blocks=b, attribution=a):
                return self._quote(b, a, env)
            case Question(blocks=b, speaker=speaker):
                return self._turn(b, speaker, "question", env)
            case Answer(blocks=b, speaker=speaker):
                return self._turn(b, speaker, "answer", env)
            case BulletList(items=items):
                return self._list(items, None, env)
            case OrderedList(items=items, start=start):
                return self._list(items, start, env)
            case Figure(image=img, caption=cap, credit=cred):
                return self._figure(img, cap, cred, env)
            case CodeBlock(text=t):
                return self.share(code_flowables(t, self), "Code")
            case ThematicBreak():
                return [self.paragraph("*\u2003*\u2003*", self.styles.get("break"))]
            case Div(role=role, blocks=b) if role in CAPTION_ROLES:
                return self.blocks(b, replace(env, style="caption"))  # a caption or credit without its image
            case Div(blocks=b):
                return self._div(b, env)
            case Table():
                from .tables import table_flowables

                return table_flowables(self, block, env)  # Table > TR > TH/TD, tagged cell by cell
            case Article(meta=meta):  # nested in a Div, list or quote (bundles render top-level ones)
                with self.within("Art", meta.language or None):
                    return self.blocks(article_blocks(block), replace(env, lang=meta.language or env.lang))
            case _:
                assert_never(block)

    def _paragraph(self, inlines: tuple[Inline, ...], lang: str, env: Env) -> list[Any]:
        images = [n for n in inlines if isinstance(n, Image)]
        if images and all(isinstance(n, Image) or (isinstance(n, Text) and not n.text.strip()) for n in inlines):
            out: list[Any] = []
            for img in images:  # a paragraph of images only is a row of figures
                out.extend(self._figure(img, (), (), env))
            return out
        return self.inline_paragraphs(inlines, self.para_style(env.style, lang), lang)

    def share(self, flows: list[Any], role: str) -> list[Any]:
        """Tag ``flows`` (parts of one block) as one new ``role`` element."""
        node = self.node(role)
        for flow in flows:
            flow._ac_tag = node
        return flows

    def _heading(self, level: int, inlines: tuple[Inline, ...], lang: str) -> list[Any]:
        level = min(max(level, 1), 6)
        style = self.styles.get(f"h{level}")
        text = inline_text(inlines, lang).replace("\n", " ")
        flow = self.paragraph(self.inlines.render(inlines, self.state(style, lang)), style, lang=lang)
        self.mark_outline(flow, text, level)
        return [flow]

    def mark_outline(self, flow: Any, text: str, level: int) -> None:
        """Tag a flowable for the PDF outline; a level rises by at most one over the previous entry."""
        want = (level if self.has_title else level - 1) + self.outline_base
        self.outline_level = min(want, self.outline_level + 1)
        flow._ac_outline = (text, self.outline_level)

    def _quote(self, blocks: tuple[Block, ...], attribution: tuple[Inline, ...], env: Env) -> list[Any]:
        from reportlab.platypus import Indenter, Spacer

        left, right = (2.0 * self.size, 1.0 * self.size) if self.indent_depth < MAX_INDENTS else (0.0, 0.0)
        out: list[Any] = [Spacer(1, 0.4 * self.size), Indenter(left, right)]
        self.indent_depth += 1
        with self.within("BlockQuote"):
            out += self.blocks(blocks, replace(env, style="quote"))
            self.indent_depth -= 1
            if attribution:
                style = self.styles.get("attribution")
                markup = self.inlines.text(DASH, self.state(style, env.lang))
                out.append(self.paragraph(markup + self.inlines.render(attribution, self.state(style, env.lang)),
                                          style))
        out += [Indenter(-left, -right), Spacer(1, 0.4 * self.size)]
        return out

    def _turn(self, blocks: tuple[Block, ...], speaker: str | None, kind: str, env: Env) -> list[Any]:
        out: list[Any] = []
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                lang = block.lang or env.lang
                style = self.para_style(kind, lang, **({} if i == 0 else {"spaceBefore": 0}))
                prefix = ""
                if i == 0 and (speaker or needs_turn_dash(inline_text(block.inlines, lang))):
                    prefix = self._turn_prefix(speaker, style, lang)
                out += self.inline_paragraphs(block.inlines, style, lang, prefix)
            else:
                if i == 0 and speaker:
                    out.append(self.paragraph(self._turn_prefix(speaker, self.styles.get(kind), env.lang),
                                              self.styles.get(kind)))
                out += self.block(block, replace(env, style=kind))
        return out

    def _turn_prefix(self, speaker: str | None, style: Any, lang: str) -> str:
        st = self.state(style, lang)
        if speaker:
            bold = replace(st, bold=True)
            return "<b>" + self.inlines.text(speaker.rstrip(":") + ":", bold) + "</b> "
        return self.inlines.text(TURN_DASH, st)

    def _list(self, items: tuple[tuple[Block, ...], ...], start: int | None, env: Env) -> list[Any]:
        from reportlab.platypus import Indenter

        indent = 1.8 * self.size
        step = indent if self.indent_depth < MAX_INDENTS else 0.0
        out: list[Any] = [Indenter(step)]
        self.indent_depth += 1
        with self.within("L"):
            out += self._items(items, start, env, indent)
        self.indent_depth -= 1
        out.append(Indenter(-step))
        return out

    def _items(self, items: tuple[tuple[Block, ...], ...], start: int | None, env: Env, indent: float) -> list[Any]:
        """The items of a list: each an LI whose bullet becomes its Lbl (when drawn) and whose
        blocks go into its LBody."""
        out: list[Any] = []
        for n, item in enumerate(items):
            label = "\u2022" if start is None else f"{start + n}."
            blocks = list(item) or [Paragraph(())]
            first = blocks[0]
            lang = (first.lang or env.lang) if isinstance(first, Paragraph) else env.lang
            style = self.para_style("list", lang, bulletIndent=-indent + 0.35 * self.size)
            with self.within("LI"), self.within("LBody"):
                if isinstance(first, Paragraph):
                    out += self.inline_paragraphs(first.inlines, style, lang, bullet=label)
                    blocks = blocks[1:]
                else:
                    out.append(self.paragraph("", style, label))
                out += self.blocks(tuple(blocks), replace(env, style="list"))
        return out

    def _figure(self, image: Image, caption: tuple[Inline, ...], credit: tuple[Inline, ...], env: Env) -> list[Any]:
        from .figures import figure_flowables

        return figure_flowables(self, image, caption, credit, env.lang)

    def _div(self, blocks: tuple[Block, ...], env: Env) -> list[Any]:
        from reportlab.platypus import HRFlowable

        def rule() -> Any:
            return HRFlowable(width="100%", thickness=0.4, color=RULE_COLOR, spaceBefore=0.5 * self.size,
                              spaceAfter=0.5 * self.size)

        with self.within("Div"):
            inner = self.blocks(blocks, replace(env, style="noindent"))
        return [rule(), *inner, rule()]
