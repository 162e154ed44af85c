"""Inline IR -> FB2 mixed content (emphasis, strong, code, a, notes, inline images, quotes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...context import Context
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
    quote_marks,
)
from ...ir.links import linkable
from ...ir.walk import assert_never
from .binaries import Binaries
from .xml import append_text, sub

_STYLE_TAGS = {"strike": "strikethrough", "superscript": "sup", "subscript": "sub"}
"""FB2 2.0 elements for ``Styled``; underline and small caps become a named ``style``."""


@dataclass
class State:
    """What one FB2 file collects while its body is written: footnotes and images."""

    ctx: Context
    binaries: Binaries
    notes: list[Note] = field(default_factory=list)

    def note_ref(self, note: Note) -> str:
        """Register a footnote; its id (``n1``, ``n2``…)."""
        self.notes.append(note)
        return f"n{len(self.notes)}"


def split_lines(inlines: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """Inline content cut at its top-level line breaks (one tuple per line)."""
    lines: list[list[Inline]] = [[]]
    for node in inlines:
        if isinstance(node, LineBreak):
            lines.append([])
        else:
            lines[-1].append(node)
    return [tuple(line) for line in lines]


def has_break(inlines: tuple[Inline, ...]) -> bool:
    """True when the content has a top-level line break."""
    return any(isinstance(n, LineBreak) for n in inlines)


def render(parent: Any, inlines: tuple[Inline, ...], st: State, lang: str, depth: int = 0,
           in_link: bool = False) -> None:
    """Append ``inlines`` to the mixed content of ``parent``."""
    for node in inlines:
        _inline(parent, node, st, lang, depth, in_link)


def _inline(parent: Any, node: Inline, st: State, lang: str, depth: int, in_link: bool) -> None:
    match node:
        case Text(text=t):
            append_text(parent, t)
        case Code(text=t):
            sub(parent, "code", t)
        case Emph(children=c):
            render(sub(parent, "emphasis"), c, st, lang, depth, in_link)
        case Strong(children=c):
            render(sub(parent, "strong"), c, st, lang, depth, in_link)
        case Link(children=c, url=url):
            _link(parent, c, url, st, lang, depth, in_link)
        case Quoted(children=c):
            opening, closing = quote_marks(lang, depth)
            append_text(parent, opening)
            render(parent, c, st, lang, depth + 1, in_link)
            append_text(parent, closing)
        case Span(children=c, lang=span_lang):
            target = parent if in_link else sub(parent, "style", name="foreign", lang=span_lang)
            render(target, c, st, span_lang or lang, depth, in_link)
        case Styled(children=c, style=style):
            target = parent
            if style in _STYLE_TAGS and not in_link:
                target = sub(parent, _STYLE_TAGS[style])
            elif style in ("underline", "smallcaps") and not in_link:
                target = sub(parent, "style", name=style)
            render(target, c, st, lang, depth, in_link)
        case LineBreak():
            append_text(parent, " ")
        case Note():
            _note(parent, node, st, in_link)
        case Image(src=src, alt=alt):
            _image(parent, src, alt, st)
        case _:
            assert_never(node)


def _link(parent: Any, children: tuple[Inline, ...], url: str, st: State, lang: str, depth: int,
          in_link: bool) -> None:
    if in_link:
        st.ctx.diagnostics.add("fb2-nested-link", f"link to {url!r} inside another link kept as text")
        render(parent, children, st, lang, depth, in_link=True)
        return
    if not linkable(url.strip()):  # a relative address or a page anchor leads nowhere in a book (reported once)
        render(parent, children, st, lang, depth, in_link)
        return
    render(sub(parent, "a", href=url.strip()), children, st, lang, depth, in_link=True)


def _note(parent: Any, note: Note, st: State, in_link: bool) -> None:
    nid = st.note_ref(note)
    if in_link:
        # FB2 links cannot nest: the reference becomes a bracketed number; text stays in the notes body.
        st.ctx.diagnostics.add("fb2-note-in-link", f"footnote {nid} inside a link shown as plain [number]")
        append_text(parent, f"[{nid[1:]}]")
        return
    sub(parent, "a", f"[{nid[1:]}]", href=f"#{nid}", type="note")


def _image(parent: Any, src: str, alt: str, st: State) -> None:
    bid = st.binaries.image_id(src, alt)
    if bid is None:
        if alt:
            append_text(parent, f"[{alt}]")
        return
    attrs = {"href": f"#{bid}"}
    if alt:
        attrs["alt"] = alt
    sub(parent, "image", **attrs)
