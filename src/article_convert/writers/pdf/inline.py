"""IR inlines -> reportlab paragraph markup (real bold/italic faces, links, quotes, notes)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

from ...images import data_uri
from ...ir import Code, Emph, Image, Inline, LineBreak, Link, Note, Quoted, Span, Strong, Styled, Text
from ...ir.text import quote_marks
from ...ir.walk import assert_never
from ...xmlesc import quoteattr
from .bidi import shape
from .fonts import Family
from .glyphs import GlyphMapper
from .images import ImageResolver
from .styles import LINK_COLOR

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_STYLE_TAGS = {"underline": "u", "strike": "strike", "superscript": "super", "subscript": "sub"}
"""reportlab paragraph markup for ``Styled`` (small caps: plain text, reportlab has none)."""


@dataclass(frozen=True)
class InlineState:
    """Where a run of text is: family, weight, slant, language, quote depth, size."""

    family: Family
    bold: bool
    italic: bool
    lang: str
    size: float
    depth: int = 0


@dataclass
class NoteEntry:
    """A footnote collected for the notes section at the end."""

    number: int
    blocks: tuple


class InlineRenderer:
    """Renders inline nodes; collects footnotes in document order."""

    def __init__(self, glyphs: GlyphMapper, images: ImageResolver, code_family: Family) -> None:
        self.glyphs = glyphs
        self.images = images
        self.code_family = code_family
        self.notes: list[NoteEntry] = []
        self.where = ""

    def render(self, inlines: tuple[Inline, ...], state: InlineState) -> str:
        """Markup for a sequence of inlines."""
        return "".join(self._node(node, state) for node in inlines)

    def text(self, text: str, state: InlineState) -> str:
        """Markup for plain text in the state's face."""
        face = state.family.face(state.bold, state.italic)
        return self.glyphs.markup(shape(text), face, state.bold, self.where)

    def _node(self, node: Inline, st: InlineState) -> str:
        match node:
            case Text(text=t):
                return self.text(t, st)
            case Emph(children=c):
                return "<i>" + self.render(c, replace(st, italic=True)) + "</i>"
            case Strong(children=c):
                return "<b>" + self.render(c, replace(st, bold=True)) + "</b>"
            case Code(text=t):
                return self._code(t, st)
            case Link(children=c, url=url):
                return self._link(c, url, st)
            case Quoted(children=c):
                opening, closing = quote_marks(st.lang, st.depth)
                inner = self.render(c, replace(st, depth=st.depth + 1))
                return self.text(opening, st) + inner + self.text(closing, st)
            case Span(children=c, lang=lang):
                inner = self.render(c, replace(st, lang=lang or st.lang))
                if lang and lang != st.lang:  # hyphenated in its own language (see spanlang)
                    return f"<span lang={quoteattr(lang)}>{inner}</span>"
                return inner
            case Styled(children=c, style=style):
                tag = _STYLE_TAGS.get(style)
                inner = self.render(c, st)
                return f"<{tag}>{inner}</{tag}>" if tag else inner
            case LineBreak():
                return "<br/>"
            case Note(blocks=b):
                return self._note(b)
            case Image():
                return self._image(node, st)
            case _:
                assert_never(node)

    def _code(self, text: str, st: InlineState) -> str:
        code_state = replace(st, family=self.code_family)
        face = self.code_family.face(st.bold, st.italic)
        return f'<font name="{face.name}" size="{0.88 * st.size:.2f}">{self.text(text, code_state)}</font>'

    def _link(self, children: tuple[Inline, ...], url: str, st: InlineState) -> str:
        inner = self.render(children, st)
        if not url.lower().startswith(SAFE_SCHEMES):
            return inner  # relative or script links mean nothing on paper: keep the text
        href = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        return f'<a href={quoteattr(href)} color="{LINK_COLOR}">{inner}</a>'

    def _note(self, blocks: tuple) -> str:
        number = len(self.notes) + 1
        self.notes.append(NoteEntry(number, blocks))
        return f'<a name="ac-ref-{number}"/><super><a href="#ac-note-{number}" color="{LINK_COLOR}">{number}</a></super>'

    def _image(self, node: Image, st: InlineState) -> str:
        found = self.images.resolve(node.src, self.where, node.alt)
        if found is None:
            return self.text(f"[{node.alt}]" if node.alt else "", st)
        height = 1.2 * st.size
        width = height * found.width_px / max(found.height_px, 1)
        src = str(found.path) if found.loaded.path is not None else data_uri(found.loaded.data, found.loaded.media_type)
        return f'<img src={quoteattr(src)} width="{width:.2f}" height="{height:.2f}" valign="middle"/>'
