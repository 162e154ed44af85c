"""A short human-readable account of what was detected in one article (``--explain``)."""

from __future__ import annotations

from collections import Counter

from .diagnostics import Diagnostics
from .ir import (
    Answer,
    Block,
    BlockQuote,
    BulletList,
    Div,
    Document,
    OrderedList,
    Paragraph,
    Question,
)


def count_blocks(blocks: tuple[Block, ...], counter: Counter[str] | None = None) -> Counter[str]:
    """Counts of block kinds, paragraphs inside turns and quotes included."""
    counter = counter if counter is not None else Counter()
    for b in blocks:
        counter[type(b).__name__] += 1
        if isinstance(b, (Question, Answer, BlockQuote, Div)):
            counter.update({"Paragraph": sum(isinstance(x, Paragraph) for x in b.blocks)})
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                count_blocks(item, counter)
    return counter


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(doc: Document, diagnostics: Diagnostics, source: str) -> str:
    """The report printed by ``--explain``."""
    m = doc.meta
    c = count_blocks(doc.blocks)
    rows: list[tuple[str, str]] = []
    for d in diagnostics.by_code("encoding"):
        rows.append(("encoding", d.message.removeprefix("decoded as ")))
    rows.append(("title", _short(m.title) or "— (none found)"))
    if m.subtitle:
        rows.append(("subtitle", _short(m.subtitle)))
    rows.append(("lead", _short(m.lead) or "— (none found)"))
    byline = ", ".join(m.authors) or "—"
    if m.source and m.source not in byline:
        byline += f" (source: {m.source})"
    rows.append(("byline", byline))
    if m.date:
        rows.append(("date", m.date))
    if m.section:
        rows.append(("rubric", m.section))
    lang_notes = [d.message for d in diagnostics.by_code("language")]
    rows.append(("language", m.language + (f" — {lang_notes[0]}" if lang_notes else "")))
    rows.append(
        ("body", (f"{c['Paragraph']} paragraphs, {c['Heading']} subheadings, {c['BlockQuote']} quotes, "
                  f"{c['Figure']} figures"))
    )
    if c["Question"] or c["Answer"]:
        rows.append(("interview", f"{c['Question']} questions, {c['Answer']} answers"))
    else:
        rows.append(("interview", "no"))
    dropped = diagnostics.by_code("boilerplate-dropped") + diagnostics.by_code("boilerplate-kept")
    rows.append(("boilerplate", dropped[0].message if dropped else "none"))
    for d in diagnostics.by_code("recognised"):
        rows.append(("decision", d.message))
    others = [d for d in diagnostics.items if d.code not in {"encoding", "language", "interview", "recognised",
                                                              "boilerplate-dropped", "boilerplate-kept"}]
    for d in others:
        rows.append((d.severity, f"[{d.code}] {d.message}"))
    width = max(len(k) for k, _ in rows)
    return "\n".join([source] + [f"  {k.ljust(width)}  {v}" for k, v in rows]) + "\n"
