"""The parts of an article, found in a Document's flat paragraphs: a pure function of the Document.

Order of work (each step logs a :class:`Decision` with the line it came from):

1. head: rubric (a short section line above the title -> ``Metadata.section``), title, then date
   lines, bylines, source lines and the lead in whatever order they stand under the title;
2. the dateline opening the first body paragraph (its date and agency; the text stays);
3. captions and credits without an image -> ``Div("caption")`` / ``Div("credit")``;
4. boilerplate: single recommendation lines anywhere, a closing tail only where all is boilerplate;
5. bylines and source lines at the end of the body ("Дайындаған: …", "Источник: …");
6. dash bullet lists, interview turns (labelled or dashed), subheadings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..ir import Block, Div, Document, Image, Inline, LineBreak, Metadata, Note, Paragraph, Text
from ..ir.text import inline_text
from ..languages import merged
from .boilerplate import find_boilerplate
from .bylines import Byline, copyright_holder, is_name, parse_byline, parse_source
from .captions import caption_kind
from .datelines import find_dateline
from .dates import date_line
from .decisions import Decision
from .interview import build_turns, plan_interview, turn_of
from .structure import bullet_lists, subheadings
from .text import ends_sentence, is_caps, plain_of, text_of

TITLE_MAX_CHARS = 200
LEAD_MAX_CHARS = 300
RUBRIC_MAX_CHARS = 40
HEAD_MAX_BLOCKS = 8
"""How many blocks under the title may hold date, byline, source and lead."""
CAPTION_ROLES = ("caption", "credit")


@dataclass
class Parts:
    """What :func:`find_parts` found: the new Document, its decisions, and what it removed."""

    document: Document
    decisions: list[Decision] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(line, reason) for every boilerplate line taken out of the body (kept in Divs or dropped)."""
    questions: int = 0
    answers: int = 0


def find_parts(doc: Document, *, keep_boilerplate: bool = False, fallback_title: str = "") -> Parts:
    """Recognise title, rubric, date, byline, lead, captions, boilerplate, interview and subheadings."""
    log: list[Decision] = []
    meta, blocks = doc.meta, list(doc.blocks)
    meta, blocks = _head(meta, blocks, log, fallback_title)
    meta = _dateline(meta, blocks, log)
    blocks = _captions(blocks, log)
    blocks, removed = _boilerplate(blocks, keep_boilerplate, log)
    meta = _source_from_copyright(meta, removed, log)
    meta, blocks = _end_lines(meta, blocks, log)
    blocks, lists = bullet_lists(blocks)
    for first in lists:
        log.append(Decision("list", first, "bullet lines after a colon or ending in «;»"))
    plan = plan_interview(blocks)
    q = a = 0
    if plan.mode:
        blocks = build_turns(blocks, plan)
        q = sum(type(b).__name__ == "Question" for b in blocks)
        a = sum(type(b).__name__ == "Answer" for b in blocks)
        log.append(Decision("interview", f"{q} questions, {a} answers", plan.evidence))
    elif plan.evidence:
        log.append(Decision("not an interview", "paragraphs opened by a dash or label", plan.evidence))
    blocks, heads = subheadings(blocks)
    for h in heads:
        log.append(Decision("subheading", h, "short bare line between paragraphs"))
    return Parts(Document(meta, tuple(blocks)), log, removed, q, a)


# --------------------------------------------------------------------------- head


def _rubric_like(text: str) -> bool:
    """A section name: one to three words, no final punctuation, in capitals or a known rubric."""
    if not text or len(text) > RUBRIC_MAX_CHARS or len(text.split()) > 3 or ends_sentence(text):
        return False
    if text.endswith((":", ",", ";")) or any(ch.isdigit() for ch in text):
        return False
    known = {r.lower() for r in merged("rubrics")}
    return is_caps(text) or text.lower() in known


def _title_like(block: Block) -> bool:
    """A headline: 15 to 200 characters, no final full stop or colon, neither a date nor a byline."""
    text = plain_of(block) or ""
    return (
        15 <= len(text) <= TITLE_MAX_CHARS
        and not text.rstrip(" »\"”)").endswith((".", ":", ";", ","))
        and date_line(text) is None
        and parse_byline(text, bare_names=True) is None
    )


def _take_title(meta: Metadata, blocks: list[Block], log: list[Decision]) -> tuple[Metadata, list[Block]]:
    """The first paragraph is the title (a verse's first line, or "Author / TITLE" in classics)."""
    if meta.title or not blocks or not isinstance(blocks[0], Paragraph):
        return meta, blocks
    first = blocks[0]
    if any(isinstance(i, LineBreak) for i in first.inlines):
        lines = _lines(first)
        author = lines[0] if len(lines) > 2 and is_name(lines[0]) and is_caps(lines[1]) else None
        title_idx = 1 if author else 0
        rest = _join_lines(lines[title_idx + 1 :])
        meta = replace(meta, title=lines[title_idx], authors=(author,) if author else meta.authors)
        log.append(Decision("title", lines[title_idx], "first line of the first stanza"))
        return meta, ([Paragraph(rest, first.lang)] if rest else []) + blocks[1:]
    title = text_of(first)
    if len(title) > TITLE_MAX_CHARS:
        log.append(Decision("no title", title, f"first paragraph longer than {TITLE_MAX_CHARS} characters"))
        return meta, blocks
    if len(blocks) > 1 and is_name(title) and is_caps(text_of(blocks[1])) and not meta.authors:
        log.append(Decision("title", text_of(blocks[1]), f"capitals under the author's name «{title}»"))
        return replace(meta, title=text_of(blocks[1]), authors=(title,)), blocks[2:]
    log.append(Decision("title", title, "first line"))
    kept = _title_leftovers(first.inlines)
    return replace(meta, title=title), ([Paragraph(kept, first.lang)] if kept else []) + blocks[1:]


def _title_leftovers(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Footnotes and pictures of a paragraph that became the title (a string): kept in the body,
    never dropped (a Word title often carries a footnote on the author)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Note, Image)):
            out.append(node)
        elif hasattr(node, "children"):
            out.extend(_title_leftovers(node.children))
    return tuple(out)


def _lines(p: Paragraph) -> list[str]:
    lines: list[str] = []
    cur: list[Inline] = []
    for node in p.inlines:
        if isinstance(node, LineBreak):
            lines.append(inline_text(cur).strip())
            cur = []
        else:
            cur.append(node)
    lines.append(inline_text(cur).strip())
    return lines


def _join_lines(lines: list[str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for i, line in enumerate(lines):
        if i:
            out.append(LineBreak())
        out.append(Text(line))
    return tuple(out)


def _apply_byline(meta: Metadata, b: Byline) -> Metadata:
    if not meta.authors and b.authors:
        meta = replace(meta, authors=b.authors)
    if not meta.source and b.source:
        meta = replace(meta, source=b.source)
    return meta


def _named_in(names: tuple[str, ...], meta: Metadata) -> bool:
    """Whether a name already stands in the title or lead: then it names the subject, not the author."""
    head = f"{meta.title} {meta.lead}".lower()
    return any(n.lower() in head for n in names)


def _lead_like(block: Block, blocks_after: int) -> bool:
    """A short, complete sentence or two, followed by the body: the standfirst."""
    text = plain_of(block)
    return bool(
        text
        and blocks_after >= 2
        and len(text) <= LEAD_MAX_CHARS
        and ends_sentence(text)
        and len(re.findall(r"[^\W\d_]+", text)) >= 4
        and turn_of(block) is None
        and find_dateline(text) is None
        and caption_kind(text) is None
    )


def _head(meta: Metadata, blocks: list[Block], log: list[Decision], fallback_title: str
          ) -> tuple[Metadata, list[Block]]:
    """Rubric and title, then date lines, bylines, source lines and the lead under them."""
    if not meta.title and len(blocks) > 2:
        first = plain_of(blocks[0])
        if first and _rubric_like(first) and _title_like(blocks[1]) and not meta.section:
            meta = replace(meta, section=first)
            log.append(Decision("rubric", first, "short section line above the title"))
            blocks = blocks[1:]
    meta, blocks = _take_title(meta, blocks, log)
    if not meta.title and fallback_title:
        meta = replace(meta, title=fallback_title)
        log.append(Decision("title", fallback_title, "from the file name"))
    out: list[Block] = []
    i = 0
    lead_seen = bool(meta.lead)
    while i < len(blocks) and i < HEAD_MAX_BLOCKS:
        block = blocks[i]
        text = plain_of(block)
        if text is None:
            break
        iso = date_line(text)
        if iso:
            if not meta.date:
                meta = replace(meta, date=iso)
            log.append(Decision("date", text, iso))
            i += 1
            continue
        b = parse_byline(text, bare_names=True)
        if b and b.kind == "names" and _named_in(b.authors, meta):
            b = None  # the person the article is about ("Скончался академик Виталий Костомаров")
        if b:
            meta = _apply_byline(meta, b)
            log.append(Decision("byline", text, f"{b.kind}: " + ", ".join(b.authors) + (f"; source {b.source}" if b.source else "")))
            i += 1
            continue
        src = parse_source(text)
        if src:
            meta = meta if meta.source else replace(meta, source=src)
            log.append(Decision("source", text, src))
            i += 1
            continue
        if caption_kind(text):
            out.append(block)  # a credit under the title stays (it becomes a credit block later)
            i += 1
            continue
        if not lead_seen and _lead_like(block, len(blocks) - i - 1):
            meta = replace(meta, lead=text)
            lead_seen = True
            log.append(Decision("lead", text, "short complete sentences under the title"))
            i += 1
            continue
        break
    return meta, out + blocks[i:]


# --------------------------------------------------------------------------- body


def _dateline(meta: Metadata, blocks: list[Block], log: list[Decision]) -> Metadata:
    """Date and agency from a dateline opening the first body paragraph (the text stays)."""
    for block in blocks[:2]:
        text = plain_of(block)
        if not text:
            continue
        d = find_dateline(text)
        if d is None:
            continue
        why = []
        if d.date and not d.date.startswith("--") and not meta.date:
            meta = replace(meta, date=d.date)
            why.append(f"date {d.date}")
        if d.agency and not meta.source:
            meta = replace(meta, source=d.agency)
            why.append(f"source {d.agency}")
        log.append(Decision("dateline", d.text, ", ".join(why) or "kept in the text"))
        break
    return meta


def _captions(blocks: list[Block], log: list[Decision]) -> list[Block]:
    """Caption and credit lines become Div("caption"/"credit") blocks."""
    out: list[Block] = []
    for block in blocks:
        text = plain_of(block)
        kind = caption_kind(text) if text else None
        if kind:
            out.append(Div(kind, (block,)))
            log.append(Decision(kind, text or "", "photo label"))
        else:
            out.append(block)
    return out


def _boilerplate(blocks: list[Block], keep: bool, log: list[Decision]
                 ) -> tuple[list[Block], list[tuple[str, str]]]:
    """Remove (or, with ``keep``, mark in place) every boilerplate line."""
    found = find_boilerplate(blocks, transparent=lambda b: not isinstance(b, Paragraph))
    out: list[Block] = []
    removed: list[tuple[str, str]] = []
    for i, block in enumerate(blocks):
        if i not in found:
            out.append(block)
            continue
        text = text_of(block) or type(block).__name__
        removed.append((text, found[i]))
        log.append(Decision("boilerplate", text, found[i]))
        if keep:
            prev = out[-1] if out else None
            if isinstance(prev, Div) and prev.role == "boilerplate" and i - 1 in found:
                out[-1] = Div("boilerplate", prev.blocks + (block,))
            else:
                out.append(Div("boilerplate", (block,)))
    return out, removed


def _source_from_copyright(meta: Metadata, removed: list[tuple[str, str]], log: list[Decision]) -> Metadata:
    """The outlet of a closing © line is the source when nothing else named one."""
    if meta.source:
        return meta
    for line, _ in removed:
        holder = copyright_holder(line)
        if holder:
            log.append(Decision("source", line, f"{holder} (© line)"))
            return replace(meta, source=holder)
    return meta


def _end_lines(meta: Metadata, blocks: list[Block], log: list[Decision]) -> tuple[Metadata, list[Block]]:
    """Bylines and source lines among the last paragraphs of the body (captions passed over)."""
    seen = 0
    i = len(blocks) - 1
    while i >= 0 and seen < 3:
        block = blocks[i]
        if not isinstance(block, Paragraph):
            i -= 1
            continue
        seen += 1
        text = plain_of(block) or ""
        src = parse_source(text)
        b = None if src else parse_byline(text, bare_names=not meta.authors)
        if b and b.kind == "names" and _named_in(b.authors, meta):
            b = None
        if src:
            meta = meta if meta.source else replace(meta, source=src)
            log.append(Decision("source", text, f"{src} (end of the body)"))
        elif b and (not meta.authors or (b.source and not meta.source and b.kind != "names")):
            meta = _apply_byline(meta, b)
            log.append(Decision("byline", text, f"{b.kind} at the end: " + ", ".join(b.authors)
                                + (f"; source {b.source}" if b.source else "")))
        else:
            break
        del blocks[i]
        i -= 1
    return meta, blocks

