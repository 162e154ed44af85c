"""Rendering the body into one or more XHTML files: long articles are split so that no content
document grows past what older reading systems handle (~300 KB for Adobe RMSDK devices).

Splits fall before top-level headings where possible, else between top-level blocks; footnotes
sit right after the block citing them, so a noteref and its aside always share a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...ir import Block, Heading
from .render import RenderState, TocEntry, flush_notes, render_block

MAX_FILE_BYTES = 200_000
"""A file is closed once it holds this many bytes of XHTML (only when the whole body is larger)."""
MIN_FILE_BYTES = 30_000
"""A heading starts a new file only if the current one already holds this much."""


@dataclass
class Chunk:
    """The XHTML of one content file and the TOC entries whose anchors it holds."""

    parts: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    size: int = 0

    def add(self, xhtml: str, entries: Sequence[TocEntry]) -> None:
        self.parts.append(xhtml)
        self.toc.extend(entries)
        self.size += len(xhtml.encode("utf-8"))

    @property
    def body(self) -> str:
        return "\n".join(p for p in self.parts if p)


def render_chunks(head: str, blocks: Sequence[Block], st: RenderState, lang: str) -> list[Chunk]:
    """The title block plus body blocks, as one chunk, or several when the body is large."""
    rendered: list[tuple[Block, str, list[TocEntry]]] = []
    for block in blocks:
        before = len(st.toc)
        xhtml = "\n".join([render_block(block, st, lang), *flush_notes(st)])
        rendered.append((block, xhtml, st.toc[before:]))
    total = len(head.encode("utf-8")) + sum(len(x.encode("utf-8")) for _, x, _ in rendered)
    chunks = [Chunk()]
    chunks[0].add(head, [])
    for block, xhtml, entries in rendered:
        current = chunks[-1]
        if total > MAX_FILE_BYTES and current.size and _starts_new(block, current.size, st):
            chunks.append(Chunk())
        chunks[-1].add(xhtml, entries)
    return chunks


def _starts_new(block: Block, size: int, st: RenderState) -> bool:
    """Whether ``block`` opens a new file: the current one is full, or a top-level heading comes."""
    if size >= MAX_FILE_BYTES:
        return True
    top = min(st.level_map.values(), default=0)
    return isinstance(block, Heading) and st.level_map.get(block.level) == top and size >= MIN_FILE_BYTES


def file_name(index: int) -> str:
    """Flat ASCII names: ``article.xhtml``, ``article-2.xhtml``, ..."""
    return "article.xhtml" if index == 0 else f"article-{index + 1}.xhtml"
