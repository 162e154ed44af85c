"""IR blocks and inlines -> XHTML fragments (strings), with footnotes, TOC entries and images collected.

Every node type is matched explicitly; a node a format cannot express gets a fallback and a
diagnostic. Footnotes become EPUB 3 ``noteref`` links and ``aside epub:type="footnote"`` placed
right after the block that cites them (reading systems show them as pop-ups, others inline).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ...context import Context
from ...ir import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
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
from ...ir.links import safe_url
from ...ir.text import inline_text, quote_marks
from ...ir.walk import article_blocks, assert_never, child_blocks
from ..common import TURN_DASH, needs_turn_dash
from .images import ImageStore
from .markup import TextCleaner, attr, esc, lang_attrs, plain, valid_lang


@dataclass(frozen=True)
class TocEntry:
    """A heading for the navigation: its XHTML level (2..6), anchor id and plain text."""

    level: int
    anchor: str
    text: str


@dataclass
class RenderState:
    """What rendering one document collects: notes waiting for their aside, TOC entries, images."""

    ctx: Context
    cleaner: TextCleaner
    images: ImageStore
    hyphenate: Callable[[str, str], str] | None
    level_map: dict[int, int]
    pending_notes: list[tuple[int, Note, str]] = field(default_factory=list)
    note_count: int = 0
    toc: list[TocEntry] = field(default_factory=list)
    nesting: int = 0
    in_link: bool = False
    alt_missing: int = 0

    def text(self, raw: str, lang: str, hyphenate: bool) -> str:
        """Cleaned, optionally soft-hyphenated, escaped text."""
        clean = self.cleaner.clean(raw)
        if hyphenate and self.hyphenate is not None:
            clean = self.hyphenate(clean, lang)
        return esc(clean)


def heading_levels(blocks: Iterable[Block], first: int) -> dict[int, int]:
    """Map each heading level used to consecutive XHTML levels starting at ``first`` (max 6)."""
    used = sorted({h.level for h in _headings(blocks)})
    return {level: min(first + i, 6) for i, level in enumerate(used)}


def _headings(blocks: Iterable[Block]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        else:
            yield from _headings(child_blocks(block))


# --------------------------------------------------------------------------- blocks


def render_blocks(blocks: Iterable[Block], st: RenderState, lang: str, p_class: str = "") -> str:
    """Blocks in order, each followed by the footnotes it cites."""
    parts: list[str] = []
    for block in blocks:
        parts.append(render_block(block, st, lang, p_class))
        parts.extend(flush_notes(st))
    return "\n".join(p for p in parts if p)


def render_block(block: Block, st: RenderState, lang: str, p_class: str = "") -> str:
    """One block as XHTML."""
    match block:
        case Paragraph():
            return render_paragraph(block, st, lang, p_class)
        case Heading():
            return render_heading(block, st, lang)
        case BlockQuote(blocks=blocks, attribution=attribution):
            return _nested(st, lambda: _blockquote(blocks, attribution, st, lang))
        case Question(blocks=blocks, speaker=speaker):
            return _nested(st, lambda: _turn("question", blocks, speaker, st, lang))
        case Answer(blocks=blocks, speaker=speaker):
            return _nested(st, lambda: _turn("answer", blocks, speaker, st, lang))
        case BulletList(items=items):
            return _nested(st, lambda: _list("<ul>", "</ul>", items, st, lang))
        case OrderedList(items=items, start=start):
            opening = "<ol>" if start == 1 else f'<ol start="{int(start)}">'
            return _nested(st, lambda: _list(opening, "</ol>", items, st, lang))
        case Figure():
            return _nested(st, lambda: _figure(block, st, lang))
        case CodeBlock(text=text, language=code_lang):
            return _code_block(text, code_lang, st)
        case ThematicBreak():
            return '<hr class="break"/>'
        case Table():
            return _nested(st, lambda: _table(block, st, lang))
        case Div(role=role, blocks=blocks):
            classes = " ".join(dict.fromkeys(["div", *_class_tokens(role)]))
            return f'<div class="{classes}">\n{render_blocks(blocks, st, lang, p_class)}\n</div>'
        case Article(meta=meta):  # nested in a Div, list or quote (bundles render top-level ones)
            own = meta.language if valid_lang(meta.language) else None
            inner = render_blocks(article_blocks(block), st, own or lang)
            return f'<div class="article"{lang_attrs(own, lang)}>\n{inner}\n</div>'
        case _:
            assert_never(block)


_STYLE_TAGS = {
    "underline": ("span", ' class="underline"'),
    "strike": ("span", ' class="strike"'),
    "superscript": ("sup", ""),
    "subscript": ("sub", ""),
    "smallcaps": ("span", ' class="smallcaps"'),
}


def _table(table: Table, st: RenderState, lang: str) -> str:
    """A table as XHTML: header rows in <thead> with <th> cells, the rest in <tbody>."""
    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{render_inlines(table.caption, st, lang)}</caption>")
    width = max((len(row) for row in table.rows), default=0)
    head = min(max(table.header_rows, 0), len(table.rows))
    for i, row in enumerate(table.rows):
        if i == 0 and head:
            parts.append("<thead>")
        if i == head:
            parts.append("<tbody>")
        cell = "th" if i < head else "td"
        cells = [f"<{cell}>{render_blocks(c, st, lang)}</{cell}>" for c in row]
        cells += [f"<{cell}></{cell}>"] * (width - len(row))
        parts.append("<tr>" + "".join(cells) + "</tr>")
        if i == head - 1:
            parts.append("</thead>")
    if len(table.rows) > head:
        parts.append("</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def render_paragraph(p: Paragraph, st: RenderState, lang: str, p_class: str = "", prefix: str = "") -> str:
    """A paragraph; ``prefix`` is XHTML put before its text (speaker label, note back link)."""
    own = p.lang if valid_lang(p.lang) else None
    inner_lang = own or lang
    cls = f' class="{p_class}"' if p_class else ""
    body = render_inlines(p.inlines, st, inner_lang)
    return f"<p{cls}{lang_attrs(own, lang)}>{prefix}{body}</p>"


def render_heading(h: Heading, st: RenderState, lang: str) -> str:
    """A heading at its shifted level; top-level headings get an anchor and a TOC entry."""
    own = h.lang if valid_lang(h.lang) else None
    inner_lang = own or lang
    level = st.level_map.get(h.level, 6)
    body = render_inlines(h.inlines, st, inner_lang, hyphenate=False)
    anchor = ""
    label = plain(st.cleaner.clean(inline_text(h.inlines, inner_lang)))
    if st.nesting == 0 and label:
        anchor_id = f"sec-{len(st.toc) + 1}"
        st.toc.append(TocEntry(level, anchor_id, label))
        anchor = f' id="{anchor_id}"'
    return f"<h{level}{anchor}{lang_attrs(own, lang)}>{body}</h{level}>"


def _nested(st: RenderState, render: Callable[[], str]) -> str:
    """Render inside a container (headings there stay out of the TOC)."""
    st.nesting += 1
    try:
        return render()
    finally:
        st.nesting -= 1


def _blockquote(
    blocks: tuple[Block, ...], attribution: tuple[Inline, ...], st: RenderState, lang: str
) -> str:
    inner = render_blocks(blocks, st, lang)
    if attribution:
        text = inline_text(attribution, lang).lstrip()
        dash = "" if text[:1] in "—–-" else "— "
        inner += (
            f'\n<footer><p class="attribution">{dash}{render_inlines(attribution, st, lang)}</p></footer>'
        )
    return f"<blockquote>\n{inner}\n</blockquote>"


def _turn(kind: str, blocks: tuple[Block, ...], speaker: str | None, st: RenderState, lang: str) -> str:
    """An interview turn: a div of paragraphs of class ``question``/``answer``, speaker in bold, or
    without a speaker an em dash opening it (``common.TURN_DASH``)."""
    label = ""
    if speaker:
        name = st.cleaner.clean(speaker).strip()
        colon = "" if name.endswith(":") else ":"
        label = f'<b class="speaker">{esc(name)}{colon}</b> '
    elif blocks and isinstance(blocks[0], Paragraph) and needs_turn_dash(inline_text(blocks[0].inlines, lang)):
        label = f'<span class="turn-dash">{TURN_DASH}</span>'  # a new speaker's turn, as PDF/DOCX/FB2 print it
    parts: list[str] = []
    rest = blocks
    if label and blocks and isinstance(blocks[0], Paragraph):
        parts.append(render_paragraph(blocks[0], st, lang, kind, prefix=label))
        parts.extend(flush_notes(st))
        rest = blocks[1:]
    elif label:
        parts.append(f'<p class="{kind} speaker-line">{label.strip()}</p>')
    if rest:
        parts.append(render_blocks(rest, st, lang, kind))
    return f'<div class="turn {kind}">\n' + "\n".join(parts) + "\n</div>"


def _list(
    opening: str, closing: str, items: tuple[tuple[Block, ...], ...], st: RenderState, lang: str
) -> str:
    lis = [f"<li>{render_blocks(item, st, lang)}</li>" for item in items]
    return opening + "\n" + "\n".join(lis) + "\n" + closing


def _figure(fig: Figure, st: RenderState, lang: str) -> str:
    """A figure: the image if it can be embedded (else its description), caption and credit."""
    parts: list[str] = []
    alt = st.cleaner.clean(fig.image.alt)
    href = st.images.href(fig.image.src, fig.image.alt)
    if href is not None:
        st.alt_missing += 0 if alt.strip() else 1
        parts.append(f'<img src="{attr(href)}" alt="{attr(alt)}"/>')
    elif alt:
        parts.append(f'<p class="image-alt">[{esc(alt)}]</p>')
    caption: list[str] = []
    if fig.caption:
        caption.append(f'<span class="caption">{render_inlines(fig.caption, st, lang)}</span>')
    if fig.credit:
        caption.append(f'<span class="credit">{render_inlines(fig.credit, st, lang)}</span>')
    if caption:
        parts.append("<figcaption>" + "<br/>".join(caption) + "</figcaption>")
    if not parts:
        return ""
    return '<figure class="figure">\n' + "\n".join(parts) + "\n</figure>"


def _code_block(text: str, code_lang: str, st: RenderState) -> str:
    clean = st.cleaner.clean(text).removesuffix("\n")
    tokens = _class_tokens(code_lang)
    cls = f' class="language-{tokens[0]}"' if tokens else ""
    return f'<pre class="code"><code{cls}>{esc(clean)}</code></pre>'


def _class_tokens(value: str) -> list[str]:
    """Safe CSS class names from free text (``"Side bar!"`` -> ``["side-bar"]``)."""
    token = re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-")
    return [token] if token and not token[0].isdigit() else []


# --------------------------------------------------------------------------- notes


def flush_notes(st: RenderState) -> list[str]:
    """The asides for every note cited since the last flush (notes inside notes included)."""
    asides: list[str] = []
    while st.pending_notes:
        number, note, lang = st.pending_notes.pop(0)
        st.nesting += 1
        try:
            asides.append(_aside(number, note, lang, st))
        finally:
            st.nesting -= 1
    return asides


def _aside(number: int, note: Note, lang: str, st: RenderState) -> str:
    back = f'<a class="backlink" role="doc-backlink" href="#fnref-{number}">{number}.</a> '
    blocks = note.blocks
    parts: list[str] = []
    if blocks and isinstance(blocks[0], Paragraph):
        parts.append(render_paragraph(blocks[0], st, lang, prefix=back))
        blocks = blocks[1:]
    else:
        parts.append(f"<p>{back.strip()}</p>")
    if blocks:
        parts.append(render_blocks(blocks, st, lang))
    body = "\n".join(parts)
    return f'<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-{number}">\n{body}\n</aside>'


# --------------------------------------------------------------------------- inlines


def render_inlines(
    inlines: Iterable[Inline], st: RenderState, lang: str, depth: int = 0, hyphenate: bool = True
) -> str:
    """Inline content as XHTML; ``depth`` counts enclosing quotations for the quote marks."""
    return "".join(render_inline(node, st, lang, depth, hyphenate) for node in inlines)


def render_inline(node: Inline, st: RenderState, lang: str, depth: int, hyphenate: bool) -> str:
    """One inline node as XHTML."""
    match node:
        case Text(text=text):
            return st.text(text, lang, hyphenate)
        case Emph(children=c):
            return f"<em>{render_inlines(c, st, lang, depth, hyphenate)}</em>"
        case Strong(children=c):
            return f"<strong>{render_inlines(c, st, lang, depth, hyphenate)}</strong>"
        case Code(text=text):
            return f"<code>{st.text(text, lang, False)}</code>"
        case Link():
            return _link(node, st, lang, depth, hyphenate)
        case Quoted(children=c):
            opening, closing = quote_marks(lang, depth)
            return opening + render_inlines(c, st, lang, depth + 1, hyphenate) + closing
        case Span(children=c, lang=span_lang):
            own = span_lang if valid_lang(span_lang) else None
            inner = render_inlines(c, st, own or lang, depth, hyphenate)
            attrs = lang_attrs(own, lang)
            return f"<span{attrs}>{inner}</span>" if attrs else inner
        case Styled(children=c, style=style):
            tag = _STYLE_TAGS.get(style)
            inner = render_inlines(c, st, lang, depth, hyphenate)
            return f"<{tag[0]}{tag[1]}>{inner}</{tag[0]}>" if tag else inner
        case LineBreak():
            return "<br/>"
        case Note():
            return _noteref(node, st, lang)
        case Image(src=src, alt=alt):
            href = st.images.href(src, alt)
            clean_alt = st.cleaner.clean(alt)
            if href is not None:
                st.alt_missing += 0 if clean_alt.strip() else 1
                return f'<img class="inline" src="{attr(href)}" alt="{attr(clean_alt)}"/>'
            # a missing image's description stands apart from the words around it
            return f'<span class="image-alt">[{esc(clean_alt)}]</span> ' if clean_alt else ""
        case _:
            assert_never(node)


def _link(node: Link, st: RenderState, lang: str, depth: int, hyphenate: bool) -> str:
    """A link kept only for http(s)/mailto targets; others become their text."""
    url = safe_url(st.cleaner.clean(node.url))
    if node.children:
        was = st.in_link
        st.in_link = st.in_link or url is not None
        try:
            inner = render_inlines(node.children, st, lang, depth, hyphenate)
        finally:
            st.in_link = was
    else:
        inner = st.text(node.url, lang, False)
    if url is None:
        return inner  # reported once for the document before writing (ir.links.report_unlinkable)
    if st.in_link:
        return inner  # a link inside a link is invalid XHTML: keep the outer one
    title = f' title="{attr(st.cleaner.clean(node.title))}"' if node.title else ""
    return f'<a href="{attr(url)}"{title}>{inner}</a>'


def _noteref(note: Note, st: RenderState, lang: str) -> str:
    """The superscript number citing a footnote (not a link when already inside a link)."""
    st.note_count += 1
    number = st.note_count
    st.pending_notes.append((number, note, lang))
    if st.in_link:
        return f'<sup class="noteref" id="fnref-{number}">{number}</sup>'
    return (
        f'<sup class="noteref"><a class="noteref" epub:type="noteref" role="doc-noteref" '
        f'id="fnref-{number}" href="#fn-{number}">{number}</a></sup>'
    )
