"""Headings -> nested ``<section>`` elements, respecting FB2's rule that a section holds either
sub-sections or content, never both (leading content is wrapped in an untitled section)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...ir import Block, Heading
from .blocks import blocks, paragraph
from .inlines import State, split_lines
from .xml import el, local


@dataclass
class Sec:
    """A section being built: its heading (None for untitled) and its blocks and sub-sections."""

    heading: Heading | None = None
    items: list[Block | Sec] = field(default_factory=list)


def tree(items: tuple[Block, ...]) -> Sec:
    """Nest the blocks under their headings (a heading closes every section of its level or deeper)."""
    root = Sec()
    stack: list[tuple[int, Sec]] = [(0, root)]
    for block in items:
        if isinstance(block, Heading):
            level = max(1, block.level)
            while stack[-1][0] >= level:
                stack.pop()
            sec = Sec(block)
            stack[-1][1].items.append(sec)
            stack.append((level, sec))
        else:
            stack[-1][1].items.append(block)
    return root


def child_sections(items: list[Block | Sec], st: State, lang: str) -> list[Any]:
    """``<section>`` elements for a list of blocks and sections (runs of blocks get untitled sections)."""
    out: list[Any] = []
    run: list[Block] = []
    for item in items:
        if isinstance(item, Sec):
            if run:
                out.append(section(Sec(None, list(run)), st, lang))
                run = []
            out.append(section(item, st, lang))
        else:
            run.append(item)
    if run or not out:
        out.append(section(Sec(None, list(run)), st, lang))
    return out


def section(sec: Sec, st: State, lang: str) -> Any:
    """One ``<section>``: title, then sub-sections or content."""
    node = el("section")
    if sec.heading is not None:
        attrs = {"lang": sec.heading.lang} if sec.heading.lang else {}
        title = el("title", **attrs)
        for line in split_lines(sec.heading.inlines):
            title.append(paragraph(line, st, lang))
        node.append(title)
    if any(isinstance(i, Sec) for i in sec.items):
        node.extend(child_sections(sec.items, st, lang))
        return node
    content = blocks(tuple(i for i in sec.items if not isinstance(i, Sec)), st, lang)
    if content and local(content[0]) == "image":
        node.append(content.pop(0))  # the section's own image slot, before its content
    if not content:
        content = [el("empty-line")]
    elif local(content[0]) == "image":
        content.insert(0, el("empty-line"))
    node.extend(content)
    return node
