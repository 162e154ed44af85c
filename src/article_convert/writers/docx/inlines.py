"""Inline IR nodes -> runs, hyperlinks, footnote references and pictures inside a ``w:p``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from ...ir import (
    Code,
    Emph,
    Image,
    Inline,
    LineBreak,
    Link,
    Note,
    Quoted,
    Span,
    Strong,
    Styled,
    Text,
)
from ...ir.text import block_texts, quote_marks
from ...ir.walk import assert_never
from . import media
from .state import Story
from .xml import R, RunFormat, add_break_run, add_text_run, sub, w

if TYPE_CHECKING:
    from lxml.etree import _Element

_HYPERLINK, _TOOLTIP, _R_ID = w("hyperlink"), w("tooltip"), f"{{{R}}}id"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def render_inlines(
    parent: _Element,
    inlines: Iterable[Inline],
    story: Story,
    fmt: RunFormat,
    depth: int = 0,
) -> None:
    """Append runs for ``inlines`` to ``parent`` (a paragraph or hyperlink)."""
    clean = story.shared.clean
    for node in inlines:
        cls = type(node)
        if cls is Text:  # most nodes: straight to a run
            add_text_run(parent, clean(node.text), fmt)  # type: ignore[union-attr]
        elif cls is Link:
            _render_link(parent, node, story, fmt, depth)  # type: ignore[arg-type]
        else:
            _render_inline(parent, node, story, fmt, depth)


def _render_inline(parent: _Element, node: Inline, story: Story, fmt: RunFormat, depth: int) -> None:
    clean = story.shared.clean
    match node:
        case Text(text=text):
            add_text_run(parent, clean(text), fmt)
        case Emph(children=children):
            italic = story.italic_style if fmt.italic is None else fmt.italic
            render_inlines(parent, children, story, fmt.with_(italic=not italic), depth)
        case Strong(children=children):
            render_inlines(parent, children, story, fmt.with_(bold=True), depth)
        case Code(text=text):
            add_text_run(parent, clean(text), _code_format(fmt, story))
        case Link():
            _render_link(parent, node, story, fmt, depth)
        case Quoted(children=children):
            opening, closing = quote_marks(story.effective_lang, depth)
            add_text_run(parent, opening, fmt)
            render_inlines(parent, children, story, fmt, depth + 1)
            add_text_run(parent, closing, fmt)
        case Span(children=children, lang=lang):
            inner = story.with_(lang=lang or story.lang)
            run_lang = story.shared.run_locale(inner.effective_lang)
            render_inlines(parent, children, inner, fmt.with_(lang=run_lang), depth)
        case Styled(children=children, style=style):
            render_inlines(parent, children, story, fmt.with_(styles=fmt.styles | {style}), depth)
        case LineBreak():
            add_break_run(parent, fmt)
        case Note():
            _render_note(parent, node, story, fmt)
        case Image():
            _render_image(parent, node, story, fmt)
        case _:
            assert_never(node)


def _code_format(fmt: RunFormat, story: Story) -> RunFormat:
    """Inline code: the Code Char style, or the mono font directly inside a hyperlink."""
    if fmt.char_style:
        return fmt.with_(mono_font=story.shared.fonts.mono)
    return fmt.with_(char_style="CodeChar")


_PLAIN_URL = re.compile(r"(?:https?|mailto):[A-Za-z0-9_.~:/?#@!$&'()*+,;=%-]*\Z", re.IGNORECASE)
"""An address ``link_target`` would return unchanged (a linkable scheme, nothing to percent-encode,
no brackets that ``urlsplit`` checks as an IPv6 host): most links, at a tenth of the cost."""


def link_target(url: str) -> str | None:
    """The URL as a relationship target (non-ASCII percent-encoded), or None if not linkable."""
    url = url.strip()
    if _PLAIN_URL.match(url):
        return url
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in LINK_SCHEMES:
        return None
    return quote(url, safe=_URL_SAFE)


def _render_link(parent: _Element, node: Link, story: Story, fmt: RunFormat, depth: int) -> None:
    target = link_target(story.shared.clean(node.url))
    if target is None or parent.tag == _HYPERLINK:
        if target is None:
            story.shared.ctx.diagnostics.info(
                "link-unsupported",
                f"link target {node.url[:80]!r} kept as plain text (not http/https/mailto)",
            )
        render_inlines(parent, node.children, story, fmt, depth)
        return
    rid = story.shared.links.rid(story.part, target)
    link = sub(parent, "hyperlink", history="1")
    link.set(_R_ID, rid)
    if node.title:
        link.set(_TOOLTIP, story.shared.clean(node.title))
    children = node.children
    if len(children) == 1 and type(children[0]) is Text:  # most links: one word
        add_text_run(link, story.shared.clean(children[0].text), _hyperlink_format(fmt))
    else:
        render_inlines(link, children, story, _hyperlink_format(fmt), depth)


_LINK_FORMATS: dict[RunFormat, RunFormat] = {}
_LINK_BY_ID: dict[int, tuple[RunFormat, RunFormat]] = {}


def _hyperlink_format(fmt: RunFormat) -> RunFormat:
    """``fmt`` in the Hyperlink character style (made once per format: a page may hold 200,000 links;
    looked up by the format object's identity first, as hashing a dataclass per link is slow)."""
    known = _LINK_BY_ID.get(id(fmt))
    if known is not None and known[0] is fmt:
        return known[1]
    out = _LINK_FORMATS.get(fmt)
    if out is None:
        if len(_LINK_FORMATS) > 256:
            _LINK_FORMATS.clear()
        out = _LINK_FORMATS[fmt] = fmt.with_(char_style="Hyperlink")
    if len(_LINK_BY_ID) > 256:
        _LINK_BY_ID.clear()
    _LINK_BY_ID[id(fmt)] = (fmt, out)  # holds ``fmt``: its id is not reused while it is here
    return out


def _render_note(parent: _Element, node: Note, story: Story, fmt: RunFormat) -> None:
    shared = story.shared
    if story.in_note or shared.add_note is None:
        # Word has no footnotes inside footnotes: keep the text in brackets.
        shared.ctx.diagnostics.info("nested-note", "a footnote inside a footnote is shown in brackets")
        text = " ".join(block_texts(node.blocks, story.effective_lang))
        add_text_run(parent, f" [{shared.clean(text)}]", fmt)
        return
    note_id = shared.add_note(node)
    run = sub(parent, "r")
    rpr = sub(run, "rPr")
    sub(rpr, "rStyle", val="FootnoteReference")
    sub(run, "footnoteReference", id=str(note_id))


def _render_image(parent: _Element, node: Image, story: Story, fmt: RunFormat) -> None:
    inline = media.picture(node, story)
    if inline is None:
        # already diagnosed; the description stays, in brackets as in the other writers
        alt = story.shared.clean(node.alt).strip()
        if alt:
            add_text_run(parent, f"[{alt}] ", fmt)  # apart from the next word, as in EPUB
        return
    run = sub(parent, "r")
    sub(run, "drawing").append(inline)
