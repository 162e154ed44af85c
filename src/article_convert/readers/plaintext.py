"""Plain text -> Document: paragraphs in order, nothing lost, nothing merged.

The reader only finds paragraphs (and verse lines); recognising the title, lead, byline,
interview turns and boilerplate is the shared ``article-parts`` transform's job, so the
same article as .txt, .md or .html gives the same Document.

Paragraph rules, decided per blank-line-separated block:
- verse (many short lines) stays one paragraph with hard line breaks;
- hard-wrapped prose (lines cut near a fixed width, or continuing in lower case) is re-flowed,
  with indented lines starting new paragraphs (old lib.ru style);
- otherwise each line is its own paragraph (news sites export one paragraph per line).
"""

from __future__ import annotations

import re

from ..context import Context
from ..decoding import decode_bytes
from ..ir import Document, Inline, LineBreak, Metadata, Paragraph, Text
from ..plugins import Source

_SPACES = re.compile(r"[ \t\u2000-\u200a\u3000]{2,}|[\t\u2000-\u200a\u3000]")
"""Runs that :func:`clean_line` turns into one space (a single space matches nothing: re.sub then
copies a long line in one piece instead of building a list of two pieces per word)."""
_SENTENCE_END = tuple(".!?…:;»\"”“)')")
_BSNLP_ID = re.compile(r"^[a-z]{2}-[\w-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https?://\S+$")


class PlainTextReader:
    """Plain text in any Cyrillic encoding; paragraphs separated by blank lines or one per line."""

    name = "text"
    extensions = (".txt", ".text")
    description = "plain text (UTF-8/16, Windows-1251, KOI8-R/U, CP866, ... detected)"

    def read(self, source: Source, ctx: Context) -> Document:
        decoded = decode_bytes(source.data, encoding=ctx.settings.encoding, diagnostics=ctx.diagnostics)
        ctx.diagnostics.info(
            "encoding", f"decoded as {decoded.encoding} (confidence {decoded.confidence:.2f})"
        )
        lines = decoded.text.split("\n")
        meta, lines = _corpus_header(lines)
        blocks = tuple(Paragraph(inlines) for inlines in split_paragraphs(lines))
        return Document(meta, blocks)


def _corpus_header(lines: list[str]) -> tuple[Metadata, list[str]]:
    """Recognise the 4-line header of BSNLP-style news dumps (id, language, date, URL)."""
    head = [ln.strip() for ln in lines[:4]]
    if (
        len(head) == 4
        and _BSNLP_ID.match(head[0])
        and re.fullmatch(r"[a-z]{2}", head[1])
        and _ISO_DATE.match(head[2])
        and _URL.match(head[3])
    ):
        meta = Metadata(date=head[2], language=head[1], extra=(("url", head[3]),))
        return meta, lines[4:]
    return Metadata(), lines


def clean_line(line: str) -> str:
    """Collapse runs of spaces and tabs (never no-break spaces) and trim the ends."""
    return _SPACES.sub(" ", line).strip()


def split_paragraphs(lines: list[str]) -> list[tuple[Inline, ...]]:
    """Group raw lines into paragraphs' inline content."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    width = _wrap_width(blocks)
    out: list[tuple[Inline, ...]] = []
    for block in blocks:
        if _is_verse(block):
            out.append(_verse(block))
        else:
            out.extend((Text(text),) for text in _prose(block, width))
    return out


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The column prose was hard-wrapped at, or None when lines are not wrapped."""
    lengths = [len(clean_line(ln)) for b in blocks for ln in b[:-1]]
    if len(lengths) < 3:
        return None
    p90 = sorted(lengths)[int(len(lengths) * 0.9) - 1]
    if not 40 <= p90 <= 140:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * p90)
    return p90 if near >= 0.5 * len(lengths) else None


def _median(values: list[int]) -> float:
    """``statistics.median`` (the middle value, or the mean of the two middle ones) without importing
    ``statistics``, which loads ``fractions``, ``decimal`` and ``random`` (~3 ms of every start; issue 18)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _is_verse(block: list[str]) -> bool:
    """Many short lines of similar length that start with a capital or a dash: a poem."""
    if len(block) < 4:
        return False
    lengths = [len(clean_line(ln)) for ln in block]
    if max(lengths) > 70 or _median(lengths) > 55:
        return False
    starts = sum(1 for ln in block if clean_line(ln)[:1].isupper() or clean_line(ln)[:1] in "—–-«\"")
    return starts >= 0.8 * len(block)


def _verse(block: list[str]) -> tuple[Inline, ...]:
    inlines: list[Inline] = []
    for i, line in enumerate(block):
        if i:
            inlines.append(LineBreak())
        inlines.append(Text(clean_line(line)))
    return tuple(inlines)


def _continues(tail: str, length: int, raw_next: str, width: int | None) -> bool:
    """Whether ``raw_next`` continues the paragraph of ``length`` characters ending with ``tail``."""
    nxt = raw_next.lstrip()
    if raw_next[:1] in (" ", "\t") and len(raw_next) - len(nxt) >= 2:
        return False  # an indented line opens a paragraph
    if not nxt or nxt[0] in "—–-•*" or not length:
        return False
    ends_sentence = tail.endswith(_SENTENCE_END)
    if nxt[0].islower() and not ends_sentence:
        return True
    return width is not None and length >= 0.75 * width and not ends_sentence


def _prose(block: list[str], width: int | None) -> list[str]:
    """Prose paragraphs from one block: wrapped lines re-flowed, others one per line.

    A paragraph is collected as a list of pieces and joined once (adding each line to a growing
    string copied it every time: quadratic for a hard-wrapped file that is one long paragraph)."""
    paragraphs: list[list[str]] = []
    tail, length = "", 0  # the last two characters and the length of the paragraph being built
    for raw in block:
        line = clean_line(raw)
        if paragraphs and _continues(tail, length, raw, width):
            joiner = "" if tail.endswith("-") and tail[-2:-1].isalpha() and line[:1].islower() else " "
            paragraphs[-1] += (joiner, line)
            length += len(joiner) + len(line)
            tail = (tail + joiner + line)[-2:]
        else:
            paragraphs.append([line])
            tail, length = line[-2:], len(line)
    return ["".join(pieces) for pieces in paragraphs]
