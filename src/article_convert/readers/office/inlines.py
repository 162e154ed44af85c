"""Flat formatted runs from a word processor -> nested IR inlines.

Word and OpenDocument describe text as a flat sequence of runs, each with its own formatting
(bold, italic, underline…) and possibly inside a hyperlink. The IR nests instead
(``Strong(Emph(Text))``). :class:`InlineBuilder` collects runs and nests them, merging
neighbours with the same formatting so "<b>a</b><b>b</b>" becomes one Strong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...ir import Code, Emph, Inline, LineBreak, Link, Strong, Styled, Text

ORDER = ("link", "bold", "italic", "underline", "strike", "superscript", "subscript", "smallcaps")
"""Nesting order, outermost first; ``code`` is a leaf (Code holds text only)."""


@dataclass(frozen=True)
class Fmt:
    """The formatting of one run."""

    flags: frozenset[str] = frozenset()
    link: str | None = None

    def keys(self) -> list[tuple[str, str]]:
        """(kind, value) pairs in nesting order."""
        out = [("link", self.link)] if self.link is not None else []
        return out + [(k, "") for k in ORDER[1:] if k in self.flags]


PLAIN = Fmt()


@dataclass
class InlineBuilder:
    """Collects runs of one paragraph (text, breaks, notes, images) and builds nested inlines."""

    items: list[tuple[Fmt, Inline]] = field(default_factory=list)

    def text(self, text: str, fmt: Fmt = PLAIN) -> None:
        """Add text (newlines become line breaks)."""
        if not text:
            return
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.items.append((fmt, LineBreak()))
            if piece:
                node: Inline = Code(piece) if "code" in fmt.flags else Text(piece)
                self.items.append((fmt, node))

    def node(self, node: Inline, fmt: Fmt = PLAIN) -> None:
        """Add a non-text inline (a note, an image, a line break)."""
        self.items.append((fmt, node))

    def plain_text(self) -> str:
        """The text collected so far (for style and caption decisions)."""
        return "".join(n.text for _, n in self.items if isinstance(n, (Text, Code)))

    def build(self) -> tuple[Inline, ...]:
        """The nested inlines, trimmed of leading/trailing spaces and breaks."""
        nodes = _nest([(f.keys(), n) for f, n in self.items])
        return _trim(_hoist_dash(nodes))


def _nest(items: list[tuple[list[tuple[str, str]], Inline]]) -> list[Inline]:
    out: list[Inline] = []
    i = 0
    while i < len(items):
        keys, node = items[i]
        if not keys:
            out.append(node)
            i += 1
            continue
        key = keys[0]
        j = i
        group: list[tuple[list[tuple[str, str]], Inline]] = []
        while j < len(items) and items[j][0] and items[j][0][0] == key:
            group.append((items[j][0][1:], items[j][1]))
            j += 1
        out.append(_wrap(key, tuple(_nest(group))))
        i = j
    return _merge_adjacent(out)


def _wrap(key: tuple[str, str], children: tuple[Inline, ...]) -> Inline:
    kind, value = key
    if kind == "link":
        return Link(children, value)
    if kind == "bold":
        return Strong(children)
    if kind == "italic":
        return Emph(children)
    return Styled(children, kind)


def _merge_adjacent(nodes: list[Inline]) -> list[Inline]:
    """``nodes`` with adjacent Text (and adjacent Code) nodes merged, in linear time (adding each
    to the last was quadratic: a paragraph of 200,000 runs)."""
    out: list[Inline] = []
    run: list[str] = []
    kind: type | None = None
    for node in nodes:
        if type(node) is kind:
            run.append(node.text)  # type: ignore[union-attr]
            continue
        if kind is not None:
            out.append(kind("".join(run)))
            kind, run = None, []
        if type(node) is Text or type(node) is Code:
            kind, run = type(node), [node.text]  # type: ignore[union-attr]
        else:
            out.append(node)
    if kind is not None:
        out.append(kind("".join(run)))
    return out


DASHES = ("–", "—", "―", "−")


def _hoist_dash(nodes: list[Inline]) -> list[Inline]:
    """Move an opening turn dash out of bold/italic ("**– Вопрос?**" -> "– " + bold question),
    as the HTML reader does, so the shared article-parts transform sees the interview turn."""
    if not nodes or not isinstance(nodes[0], (Strong, Emph)):
        return nodes
    first = nodes[0]
    inner = first.children
    if not inner or not isinstance(inner[0], Text):
        return nodes
    text = inner[0].text
    stripped = text.lstrip()
    if not stripped.startswith(DASHES) and not stripped.startswith("- "):
        return nodes
    dash_end = len(text) - len(stripped) + 1
    while dash_end < len(text) and text[dash_end] in " \u00a0":
        dash_end += 1
    rest = text[dash_end:]
    children = ((Text(rest),) if rest else ()) + inner[1:]
    moved: list[Inline] = [Text(text[:dash_end])]
    if children:
        moved.append(type(first)(children))
    return moved + nodes[1:]


def _trim(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Drop leading/trailing line breaks and strip outer whitespace of the first/last Text."""
    while nodes and isinstance(nodes[0], LineBreak):
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], LineBreak):
        nodes.pop()
    if nodes and isinstance(nodes[0], Text):
        t = nodes[0].text.lstrip()
        nodes[0:1] = [Text(t)] if t else []
    if nodes and isinstance(nodes[-1], Text):
        t = nodes[-1].text.rstrip()
        nodes[-1:] = [Text(t)] if t else []
    return tuple(nodes)
