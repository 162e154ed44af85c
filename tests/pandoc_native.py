"""Words of pandoc's ``.native`` output (its Haskell ``show`` of the document), and ours, to compare
what pandoc and article-convert read from the same DOCX/ODT file."""

from __future__ import annotations

import dataclasses
import re

from article_convert.ir import Code, CodeBlock, Document, Figure, Image, Table, Text

_STR = re.compile(r'(?:Str|Code \([^)]*\)|CodeBlock \([^)]*\)) "((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESC = re.compile(r"\\(\d+|x[0-9a-fA-F]+|o[0-7]+|[abfnrtv\\\"'&]|\^[A-Z@\[\\\]^_]|[A-Z]{2,3})")
_NAMED = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\",
          '"': '"', "'": "'", "&": "", "NUL": "\0", "DEL": "\x7f", "SP": " ", "ESC": "\x1b"}


def _unescape(s: str) -> str:
    def sub(m: re.Match[str]) -> str:
        e = m.group(1)
        if e.isdigit():
            return chr(int(e))
        if e[0] == "x" and len(e) > 1:
            return chr(int(e[1:], 16))
        if e[0] == "o" and len(e) > 1:
            return chr(int(e[1:], 8))
        return _NAMED.get(e, "")

    return _ESC.sub(sub, s)


_META_END = re.compile(r"\}\)\s*\[")


def split_meta(text: str) -> tuple[str, str]:
    """A standalone reading's metadata part (pandoc prints its fields sorted by name, so their
    order is not the document's) and its body part."""
    if not text.startswith("Pandoc (Meta"):
        return "", text
    m = _META_END.search(text)
    return (text[: m.end() - 1], text[m.end() - 1 :]) if m else ("", text)


def native_tokens(text: str) -> list[str]:
    """The text pieces pandoc read (Str, Code and CodeBlock contents), split at white space."""
    out: list[str] = []
    for m in _STR.finditer(text):
        out.extend(_unescape(m.group(1)).split())
    return out


def markdown_tokens(text: str) -> list[str]:
    """The words of a Markdown reading (pandoc's ODT tests give some expectations as Markdown):
    parsed with our own Markdown reader so that emphasis and link markup are not words."""
    from article_convert.context import Context
    from article_convert.readers.markdown import markdown_to_document

    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # an image's words once, as its caption
    return " ".join(_pieces(markdown_to_document(text, Context()))).split()


def _pieces(doc: Document) -> list[str]:
    parts: list[str] = [doc.meta.title, doc.meta.subtitle, doc.meta.lead, " ".join(doc.meta.authors)]

    def walk(node: object) -> None:
        if isinstance(node, (Text, Code, CodeBlock)):
            parts.append(node.text)
        elif isinstance(node, Image):
            parts.append(node.alt)
        elif isinstance(node, Figure) and node.caption:  # a Markdown figure's alt text is its caption
            walk(node.caption)
            walk(node.credit)
        elif isinstance(node, Table):  # pandoc puts the caption first, wherever Word had it
            walk(node.caption)
            walk(node.rows)
        elif isinstance(node, tuple):
            for x in node:
                walk(x)
        elif dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))
        if dataclasses.is_dataclass(node) and type(node).__name__ in ("Paragraph", "Heading", "LineBreak"):
            parts.append(" ")

    walk(doc.blocks)
    return parts


def our_text(doc: Document) -> str:
    """Every piece of text in the Document in tree order (notes where they are cited, image alt
    texts, metadata first), joined without separators: pandoc and we split words differently."""
    return "".join("".join(_pieces(doc)).split())


def missing_in_order(tokens: list[str], text: str) -> list[str]:
    """Tokens not found in ``text`` in order (each searched from where the previous one ended;
    a token not found is reported and the search goes on from the same place)."""
    pos = 0
    missing = []
    for tok in tokens:
        found = text.find(tok, pos)
        if found < 0:
            missing.append(tok)
        else:
            pos = found + len(tok)
    return missing
