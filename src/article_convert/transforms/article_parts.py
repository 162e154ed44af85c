"""Recognise the parts of an article in a flat list of paragraphs.

Shared by every reader (it runs after each of them), so the same article as .txt, .md or
.html gives the same Document. It finds, in this order:

1. the title (first paragraph, unless the reader already set one) — and an "Author / TITLE"
   opening as used by classic-literature dumps;
2. a byline ("Редакция Liter.kz", "Автор: …", "Текст: …") right under the title or lead;
3. the lead: a short paragraph under the title;
4. closing boilerplate ("Новости партнеров", "Читайте также", "Подписывайтесь…"): dropped and
   reported unless ``--keep-boilerplate``;
5. interview turns: paragraphs opened by a dash, alternating question/answer, with "?" as a
   second signal; undashed paragraphs after an answer continue it;
6. bare subheadings: short capitalised lines without final punctuation between body paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..context import Context
from ..ir import Answer, Block, Div, Document, Heading, Inline, LineBreak, Metadata, Paragraph, Question, Text
from ..ir.text import inline_text
from ..recognition import Decision, find_boilerplate

# A dash opening an interview turn: en dash, em dash, horizontal bar, minus, or hyphen + space.
TURN_DASH = re.compile(r"^\s*(?:[–—―−]\s*|-\s+)(?=\S|$)")

_BYLINE = re.compile(
    r"^(?P<label>Редакция|Редакція|Рэдакцыя|Редакциясы|Редакција|Редакцията)\s+(?P<name>\S.{0,60})$"
    r"|^(?P<label2>Автор(?:ы)?|Авторы|Текст|Автори|Аўтар|Аўтары|Автор материала|Материал подготовил[аи]?|"
    r"Подготовил[аи]?|Author)\s*[:—–]\s*(?P<name2>\S.{0,80})$"
    r"|^(?P<label3>By)\s+(?P<name3>\S.{0,80})$",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"^(?:Источник|Джерело|Крыніца|Дереккөз|Извор|Източник)\s*:\s*(?P<name>\S.{0,80})$", re.IGNORECASE)

_NAME = re.compile(r"^[А-ЯЁA-ZӘҒҚҢӨҰҮҺІЇЄҐЎЂЋЏЉЊЈ][а-яёa-zәғқңөұүһіїєґўђћџљњј'’-]+(?:\s+[А-ЯЁA-ZӘҒҚҢӨҰҮҺІЇЄҐЎ][а-яёa-zәғқңөұүһіїєґўђћџљњј'’.-]+){1,2}$")

TITLE_MAX_CHARS = 200
LEAD_MAX_CHARS = 300
BYLINE_MAX_CHARS = 80
HEADING_MAX_WORDS = 9


class ArticleParts:
    """Finds title, byline, lead, interview turns, subheadings and closing boilerplate."""

    name = "article-parts"
    description = "recognise title, lead, byline, interview Q&A, subheadings, closing boilerplate"
    order = 10

    def apply(self, doc: Document, ctx: Context) -> Document:
        meta, blocks = doc.meta, list(doc.blocks)
        meta, blocks = _take_title(meta, blocks)
        if not meta.title:
            meta = replace(meta, title=title_from_name(ctx.source_name))
        meta, blocks = _take_byline(meta, blocks, ctx)
        meta, blocks = _take_lead(meta, blocks)
        meta, blocks = _take_byline(meta, blocks, ctx)
        blocks, _ = _split_boilerplate(blocks, ctx)
        blocks = _interview(blocks, ctx)
        blocks = _subheadings(blocks)
        return Document(meta, tuple(blocks))


def _plain(block: Block) -> str | None:
    """The text of a plain single-run paragraph (no formatting), else None."""
    if isinstance(block, Paragraph) and all(isinstance(i, Text) for i in block.inlines):
        return "".join(i.text for i in block.inlines if isinstance(i, Text)).strip()
    return None


def _text(block: Block) -> str:
    """A paragraph's visible text (empty for other blocks)."""
    return inline_text(block.inlines).strip() if isinstance(block, Paragraph) else ""


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _take_title(meta: Metadata, blocks: list[Block]) -> tuple[Metadata, list[Block]]:
    if meta.title or not blocks or not isinstance(blocks[0], Paragraph):
        return meta, blocks
    first = blocks[0]
    if any(isinstance(i, LineBreak) for i in first.inlines):
        # Verse whose first line is the title ("Михаил Лермонтов" / "БОРОДИНО" / verse...).
        lines = _lines(first)
        author = lines[0] if len(lines) > 2 and _NAME.match(lines[0]) and _is_caps(lines[1]) else None
        title_idx = 1 if author else 0
        rest = _join_lines(lines[title_idx + 1 :])
        meta = replace(meta, title=lines[title_idx], authors=(author,) if author else meta.authors)
        return meta, ([Paragraph(rest, first.lang)] if rest else []) + blocks[1:]
    title = _text(first)
    if len(title) > TITLE_MAX_CHARS:
        return meta, blocks  # body text, not a title: keep it, the title comes from the file name
    if len(blocks) > 1 and _NAME.match(title) and _is_caps(_text(blocks[1])) and not meta.authors:
        return replace(meta, title=_text(blocks[1]), authors=(title,)), blocks[2:]
    return replace(meta, title=title), blocks[1:]


def title_from_name(source_name: str) -> str:
    """A readable title from a file name ("my_article-2024.txt" -> "my article 2024")."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_name.replace("\\", "/").rsplit("/", 1)[-1])
    return re.sub(r"[_\s]+", " ", stem).strip() or "Untitled"


def _lines(p: Paragraph) -> list[str]:
    """A verse paragraph split at its line breaks."""
    lines, cur = [], []
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


def _take_byline(meta: Metadata, blocks: list[Block], ctx: Context) -> tuple[Metadata, list[Block]]:
    """A byline or source line at the top of the body becomes metadata."""
    if not blocks:
        return meta, blocks
    text = _plain(blocks[0])
    if text is None or len(text) > BYLINE_MAX_CHARS:
        return meta, blocks
    m = _BYLINE.match(text)
    if m and m.group("label"):
        name = m.group("name").strip()
        authors = meta.authors or (text,)
        return replace(meta, authors=authors, source=meta.source or name), blocks[1:]
    if m:
        named = m.group("name2") or m.group("name3")
        names = tuple(n.strip() for n in re.split(r",|\sи\s|\sі\s|\sand\s", named) if n.strip())
        return replace(meta, authors=meta.authors or names), blocks[1:]
    s = _SOURCE.match(text)
    if s:
        return replace(meta, source=meta.source or s.group("name").strip()), blocks[1:]
    return meta, blocks


def _take_lead(meta: Metadata, blocks: list[Block]) -> tuple[Metadata, list[Block]]:
    """A short, complete sentence or two under the title, followed by the body, is the lead."""
    if meta.lead or len(blocks) < 3:
        return meta, blocks
    text = _plain(blocks[0])
    if (
        text
        and len(text) <= LEAD_MAX_CHARS
        and text.rstrip("»\"”)").endswith((".", "!", "?", "…"))
        and not TURN_DASH.match(text)
        and len(text.split()) >= 4
    ):
        return replace(meta, lead=text), blocks[1:]
    return meta, blocks


def _split_boilerplate(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Block]]:
    """The body without boilerplate: mid-body recommendations as single lines, and the closing tail
    only where everything from the cut to the end is boilerplate-like (see ``recognition.boilerplate``).

    Every removed line is reported; with ``--keep-boilerplate`` each stays where it was, inside a
    ``Div("boilerplate")`` so writers can set it apart. Returns (body, []) — the second item is kept
    for callers of the old signature.
    """
    found = find_boilerplate(blocks, transparent=lambda b: not isinstance(b, Paragraph))
    if not found:
        return blocks, []
    keep = ctx.options.keep_boilerplate
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if i not in found:
            out.append(block)
            continue
        text = _text(block) or type(block).__name__
        ctx.diagnostics.info("recognised", str(Decision("boilerplate", text, found[i])))
        if keep:
            if out and isinstance(out[-1], Div) and out[-1].role == "boilerplate" and i - 1 in found:
                out[-1] = Div("boilerplate", out[-1].blocks + (block,))
            else:
                out.append(Div("boilerplate", (block,)))
    dropped = [_text(blocks[i]) or type(blocks[i]).__name__ for i in found]
    summary = " | ".join(dropped)
    if keep:
        ctx.diagnostics.info("boilerplate-kept", f"kept {len(dropped)} boilerplate line(s): {summary}")
    else:
        ctx.diagnostics.info(
            "boilerplate-dropped",
            f"dropped {len(dropped)} boilerplate line(s): {summary} (keep with --keep-boilerplate)",
        )
    return out, []


def _strip_dash(p: Paragraph) -> Paragraph:
    """The paragraph without its opening turn dash."""
    first = p.inlines[0]
    assert isinstance(first, Text)
    rest = TURN_DASH.sub("", first.text, count=1)
    return Paragraph(((Text(rest),) if rest else ()) + p.inlines[1:], p.lang)


def _dash_text(block: Block) -> str | None:
    """The text of a paragraph opened by a turn dash (in its first text run), else None."""
    if isinstance(block, Paragraph) and block.inlines and isinstance(block.inlines[0], Text):
        first = block.inlines[0].text
        if TURN_DASH.match(first) and not any(isinstance(i, LineBreak) for i in block.inlines):
            text = TURN_DASH.sub("", _text(block), count=1).strip()
            # the dash may stand alone in its run, before a bold or italic question
            return text if text and (TURN_DASH.sub("", first, count=1) or len(block.inlines) > 1) else None
    return None


def _ends_question(text: str) -> bool:
    return text.rstrip(" »\"”“)’.…").endswith("?") or text.rstrip().endswith(("?»", "?”", '?"', "?)"))


def looks_like_interview(blocks: list[Block]) -> bool:
    """Dash paragraphs that read as Q&A (long answers, questions ending in "?") rather than
    fiction dialogue (short lines with "— сказал он" attributions)."""
    turns = [t for t in (_dash_text(b) for b in blocks) if t is not None]
    if len(turns) < 4:
        return False
    questions = sum(1 for t in turns if _ends_question(t))
    attributed = sum(1 for t in turns if re.search(r"[,!?…]\s*[—–]\s*\w", t))
    mean_len = sum(len(t) for t in turns) / len(turns)
    return questions >= 2 and mean_len >= 120 and attributed <= 0.25 * len(turns)


def _interview(blocks: list[Block], ctx: Context) -> list[Block]:
    """Group dash paragraphs (and their undashed continuations) into Question/Answer turns."""
    if not looks_like_interview(blocks):
        return blocks
    out: list[Block] = []
    turn: list[Block] = []
    role: type[Question | Answer] | None = None

    held: list[Block] = []  # kept boilerplate met inside a turn: set after it, never inside

    def flush() -> None:
        if role is not None and turn:
            out.append(role(tuple(turn)))
        out.extend(held)
        held.clear()

    for block in blocks:
        if isinstance(block, Div) and block.role == "boilerplate":
            (held if role is not None else out).append(block)
            continue
        text = _dash_text(block)
        if text is not None and isinstance(block, Paragraph):
            expected = Answer if role is Question else Question
            if expected is Question and not _ends_question(text) and len(text) > 400:
                expected = Answer  # a long undashed-question paragraph is a second answer paragraph
            if expected is Answer and role is Answer:
                turn.append(_strip_dash(block))  # answer continues in a new dashed paragraph
                continue
            flush()
            role, turn = expected, [_strip_dash(block)]
        elif role is Answer or role is Question:
            turn.append(block)
        else:
            out.append(block)
    flush()
    questions = sum(isinstance(b, Question) for b in out)
    answers = sum(isinstance(b, Answer) for b in out)
    ctx.diagnostics.info("interview", f"interview: {questions} questions, {answers} answers")
    return out


# "ГЛАВА XIII.", "Часть 2", "Розділ IV" — numbered chapter lines (Roman numerals may mix scripts).
_CHAPTER = re.compile(
    r"^(?:глава|часть|розділ|частина|раздзел|бөлім|тарау|поглавље|глава|част|книга|том)\s+"
    r"(?:[IVXLCХІІХ]+|\d+)\.?$",
    re.IGNORECASE,
)


def _is_subheading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS
        and len(text) <= 80
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":", "!", "?", "…", "-", "–", "—"))
        and "," not in text
        and not TURN_DASH.match(text)
        and any(c.isalpha() for c in text)
    )


def _subheadings(blocks: list[Block]) -> list[Block]:
    """Short bare lines between full paragraphs become level-2 headings."""
    out = list(blocks)
    for i in range(1, len(blocks) - 1):
        text = _plain(blocks[i])
        prev, nxt = _text(blocks[i - 1]), _text(blocks[i + 1])
        if text and (
            _CHAPTER.match(text)
            or (
                _is_subheading(text)
                and prev.endswith((".", "!", "?", "…", "»", '"', "”", ")"))
                and len(nxt) >= 150
            )
        ):
            out[i] = Heading(2, (Text(text),))
    return out
