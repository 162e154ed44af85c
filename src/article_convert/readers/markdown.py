"""Markdown (CommonMark + YAML front matter + footnotes) -> Document.

markdown-it-py parses; this module maps its syntax tree onto the IR. Decisions:
- Front matter (PyYAML ``safe_load``) gives title, subtitle, lead/description, author(s),
  date, source, lang, keywords/tags; other scalar keys go to ``Metadata.extra``.
- A level-1 heading opening the document becomes the title when the front matter has none.
- ``![caption](path "credit")`` alone in a paragraph is a Figure (title -> credit).
- Dialogue: CommonMark reads a line "- Вопрос?" as a list item. A bullet list written with
  "-" whose items are single paragraphs, in a document that also has dash-opened paragraphs
  ("– ", "— ") or whose items start in lower case (a continuation line), is turned back into
  paragraphs starting "– ", so the shared article-parts transform sees interview turns.
- Questions set as "*– Вопрос?*" get their dash moved out of the emphasis (same reason).
- Raw HTML blocks go through the HTML converter; ``<div class="poem">`` turns soft line
  breaks of the Markdown inside it into hard ones. Nothing is dropped silently.
- Recognising title-by-first-line, lead, byline, interview turns, boilerplate is NOT done
  here: the shared article-parts transform does it after every reader.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..context import Context
from ..decoding import decode_bytes
from ..ir import Document, Heading, Metadata
from ..ir.text import inline_text
from ..plugins import Source

_BROKEN_QUOTES = re.compile(r"(<[a-zA-Z][^<>]*?=)»([^»<>]*)»")


class MarkdownReader:
    """CommonMark with YAML front matter and footnotes (markdown-it-py)."""

    name = "markdown"
    extensions = (".md", ".markdown")
    description = "Markdown (CommonMark, YAML front matter, footnotes)"

    def read(self, source: Source, ctx: Context) -> Document:
        decoded = decode_bytes(source.data, encoding=ctx.settings.encoding, diagnostics=ctx.diagnostics)
        ctx.diagnostics.info(
            "encoding", f"decoded as {decoded.encoding} (confidence {decoded.confidence:.2f})"
        )
        return markdown_to_document(decoded.text, ctx)


def markdown_to_document(text: str, ctx: Context) -> Document:
    """Parse Markdown text into a Document (title from front matter or a leading # heading)."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    from .markdown_blocks import MarkdownConverter
    from .markdown_brackets import install as install_bracket_fast_path
    from .markdown_depth import BLOCK_LIMIT, FLATTENED
    from .markdown_depth import install as install_depth_guard

    text, repaired = _BROKEN_QUOTES.subn(r'\1"\2"', text)
    while repaired and _BROKEN_QUOTES.search(text):
        text = _BROKEN_QUOTES.sub(r'\1"\2"', text)
    if repaired:
        ctx.diagnostics.info(
            "html-quotes-repaired", "repaired HTML attributes quoted with » (auto-typography damage)"
        )
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)
    install_depth_guard(md)
    install_bracket_fast_path(md)
    env: dict[str, Any] = {}
    tree = SyntaxTreeNode(md.parse(text, env))
    if env.get(FLATTENED):
        ctx.diagnostics.add(
            "nesting-flattened",
            f"Markdown nested deeper than {BLOCK_LIMIT} levels was flattened ({env[FLATTENED]} place(s); text kept)",
        )

    unused = [label[1:] for label, n in env.get("footnotes", {}).get("refs", {}).items() if n == -1]
    if unused:  # markdown-it drops a definition no text cites (pandoc too, with a warning)
        labels = ", ".join(f"[^{label}]" for label in unused[:5]) + (" …" if len(unused) > 5 else "")
        ctx.diagnostics.add("footnote-unused", f"left out {len(unused)} footnote(s) no text cites: {labels}")
    conv = MarkdownConverter(ctx)
    meta = Metadata()
    for node in tree.children:
        if node.type == "front_matter":
            meta = front_matter(node.content, ctx)
        elif node.type == "footnote_block":
            conv.collect_footnotes(node)
    blocks = conv.blocks([n for n in tree.children if n.type not in ("front_matter", "footnote_block")])
    _release(tree)
    if not meta.title and blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        meta = replace(meta, title=inline_text(blocks[0].inlines).strip())
        blocks = blocks[1:]
    return Document(meta, tuple(blocks))


def _release(tree: Any) -> None:
    """Break the syntax tree's parent/child cycles now: left to the cyclic garbage collector, a
    page of 100,000 bold words kept ~185 MB of dead nodes alive into the writers (1.1 GB at 200,000)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        node.children = []
        node.parent = None


_SCALARS = {
    "title": "title",
    "subtitle": "subtitle",
    "lead": "lead",
    "description": "lead",
    "summary": "lead",
    "excerpt": "lead",
    "date": "date",
    "source": "source",
    "publisher": "source",
    "lang": "language",
    "language": "language",
    "section": "section",
    "rubric": "section",
    "category": "section",
}


def front_matter(raw: str, ctx: Context) -> Metadata:
    """YAML front matter -> Metadata (bounded loader; a broken or oversized block gives a warning)."""
    from ..front_yaml import FrontMatterError, load_front_matter

    try:
        data = load_front_matter(raw)
    except FrontMatterError as exc:
        ctx.diagnostics.add("front-matter-invalid", f"{exc}; front matter ignored")
        return Metadata()
    if not isinstance(data, dict):
        return Metadata()
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, value in data.items():
        k = str(key).lower()
        if k in _SCALARS and value is not None and not fields.get(_SCALARS[k]):
            fields[_SCALARS[k]] = _scalar(value)
        elif k in ("author", "authors"):
            fields["authors"] = tuple(_items(value))
        elif k in ("keywords", "tags"):
            fields["keywords"] = tuple(dict.fromkeys(fields.get("keywords", ()) + tuple(_items(value))))
        elif value is not None and not isinstance(value, (dict, list)):
            extra.append((str(key), _scalar(value)))
    fields = {k: v for k, v in fields.items() if v}
    return Metadata(**fields, extra=tuple(sorted(extra)))


def _scalar(value: Any) -> str:
    """A front-matter value as one line of text (dates as ISO)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return " ".join(str(value).split())


def _items(value: Any) -> list[str]:
    """A list-ish front-matter value ("a, b", [a, b], [{name: a}]) as strings."""
    if isinstance(value, str):
        return (
            [v.strip() for v in re.split(r",|;", value) if v.strip()]
            if "," in value or ";" in value
            else ([value.strip()] if value.strip() else [])
        )
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_items(v.get("name", "") if isinstance(v, dict) else str(v)))
        return out
    if isinstance(value, dict):
        return _items(value.get("name", ""))
    return [] if value is None else [str(value)]
