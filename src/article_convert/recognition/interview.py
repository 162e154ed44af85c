"""Interviews: the decision weighs several signals, then turns become Question/Answer nodes.

A paragraph may open a turn with a dash ("— ", "– ", "- "), with a label ("Вопрос:", "— Корр.:",
"Тілші:", "Журналіст:", "Кор.:"), with initials ("Д.М.:") or with a speaker's name ("Дана
Жұмабаева:") that opens at least two paragraphs. The article is an interview when

* labelled: the interviewer's label opens ≥ 2 turns and answers (labelled or dashed) follow them; or
* dashed: at least two question/answer pairs — a dash turn that asks ("?", no "— сказал он"
  attribution) answered by a dash turn that is neither a question nor attributed — and few turns
  carry attributions (feature dialogue, dash-opened quotes and dash lists are not interviews).

Labelled turns keep their label as the node's ``speaker``; the label is taken out of the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from itertools import pairwise

from ..ir import (
    Answer,
    Block,
    Div,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Note,
    Paragraph,
    Question,
    Span,
    Strong,
    Text,
)
from ..ir.text import inline_text
from ..languages import merged
from .bylines import LOW, UP
from .text import ends_sentence, text_of

TURN_DASH = re.compile(r"^\s*(?:[–—―−]\s*|-\s+)(?=\S|$)")
_ATTRIBUTION = re.compile(rf"[,!?…]\s*[—–-]\s*[{LOW}]")
_INITIALS = rf"[{UP}][{LOW}]?\.\s?(?:[{UP}][{LOW}]?\.\s?){{0,2}}"
_NAME_PART = rf"[{UP}][{LOW}'’]+(?:-[{UP}]?[{LOW}'’]+)*"
_NAME_LABEL = rf"{_NAME_PART}(?:\s+{_NAME_PART}){{0,2}}(?:\s+[IVX]{{1,4}})?"  # "Кэрри-Энн Мосс", "Абдул-Матин II"
MIN_PAIRS = 2
MIN_ANSWER_CHARS = 50
MIN_PAIR_SHARE = 0.5
"""In an interview most dash turns are a question or its answer; in a story most are not."""
"""Interview answers say something; fiction dialogue answers "— Чаво?", "— Знамо, было."."""


@dataclass(frozen=True, slots=True)
class Turn:
    """What opens a paragraph: a dash and/or a label, and the text after them."""

    dash: bool
    label: str
    rest: str


_LABEL = re.compile(r"^(?P<label>[^:\n]{1,40}?)\s*:\s+(?P<rest>\S.*)$", re.DOTALL)


@functools.cache
def _speaker_regex() -> re.Pattern[str]:
    """Initials ("Д.М.") or a name of one to three capitalised words ("Дана Жұмабаева")."""
    return re.compile(rf"^(?:{_INITIALS}|{_NAME_LABEL})$")


def _label_of(body: str) -> tuple[str, str] | None:
    """(label, rest) when ``body`` opens with a speaker or interview label and a colon, else None."""
    m = _LABEL.match(body) if ":" in body else None  # a label ends at a colon: most lines have none
    if not m:
        return None
    label = m.group("label").strip()
    interviewer, answer = _vocab_sets()
    if label.lower() in interviewer or label.lower() in answer or _speaker_regex().match(label):
        return label, m.group("rest").strip()
    return None


@functools.cache
def _vocab_sets() -> tuple[frozenset[str], frozenset[str]]:
    return (frozenset(w.lower() for w in merged("interviewer_labels")),
            frozenset(w.lower() for w in merged("answer_labels")))


def turn_of(block: Block) -> Turn | None:
    """The turn markers of a paragraph, or None when it opens with neither dash nor label.

    Dash and label may be plain or formatted ("**Тілші:** …", "<b>— Корр.:</b> …")."""
    if not isinstance(block, Paragraph) or not block.inlines:
        return None
    if any(isinstance(i, LineBreak) for i in block.inlines):
        return None  # verse or dialogue set line by line
    text = text_of(block)
    dash = bool(TURN_DASH.match(text))
    body = TURN_DASH.sub("", text, count=1).strip() if dash else text
    found = _label_of(body)
    if found:
        return Turn(dash, found[0], found[1])
    if dash:
        return Turn(True, "", body) if body else None
    return None


def asks(text: str) -> bool:
    """A question: ends with "?" (closing quotes and dots ignored)."""
    t = text.rstrip(" »\"”“)’.…")
    return t.endswith("?") or text.rstrip().endswith(("?»", "?”", '?"', "?)"))


def attributed(text: str) -> bool:
    """Dialogue or a quote with an attribution ("…, — сказал он", "…? — спрашивает Галина")."""
    return bool(_ATTRIBUTION.search(text))


@dataclass(frozen=True)
class InterviewPlan:
    """The decision and what it rests on: speaker labels (interviewer first) and the evidence."""

    mode: str  # "labelled", "dashed" or "" (not an interview)
    interviewer: str = ""
    answerers: frozenset[str] = frozenset()
    evidence: str = ""
    labels: frozenset[str] = frozenset()
    """Labels that open at least two paragraphs: only these are speaker labels."""


def normalise(turn: Turn | None, labels: frozenset[str], text: str) -> Turn | None:
    """A turn whose label is not a speaker label: the label is plain text (or no turn at all)."""
    if turn is None or not turn.label or turn.label in labels:
        return turn
    if not turn.dash:
        return None
    return Turn(True, "", TURN_DASH.sub("", text, count=1).strip())


def plan_interview(blocks: list[Block]) -> InterviewPlan:
    """Decide whether ``blocks`` hold an interview, and how its turns are marked."""
    turns = [(i, t) for i, b in enumerate(blocks) if (t := turn_of(b)) is not None]
    if not turns:
        return InterviewPlan("")
    labels: dict[str, int] = {}
    for _, t in turns:
        if t.label:
            labels[t.label] = labels.get(t.label, 0) + 1
    interviewer_vocab, _ = _vocab_sets()
    # a label counts when it is interview vocabulary or opens at least two paragraphs
    real = {lab: n for lab, n in labels.items() if n >= 2}
    known = frozenset(real)
    turns = [(i, nt) for i, t in turns if (nt := normalise(t, known, text_of(blocks[i]))) is not None]
    if real:
        ordered = [t.label for _, t in turns if t.label in real]
        interviewer = next((lab for lab in ordered if lab.lower() in interviewer_vocab), "")
        unlabelled_dash = sum(1 for _, t in turns if t.dash and not t.label)
        dash_then_label = sum(1 for (_, t), (_, nxt) in pairwise(turns)
                              if t.dash and not t.label and nxt.label)
        if not interviewer and dash_then_label < MIN_PAIRS:
            interviewer = ordered[0]  # no dashed questions before the labelled answers: the first label asks
        if not interviewer:  # dashed questions: any speaker's name after one opens an answer
            known = frozenset(labels)
        answerers = frozenset(lab for lab in known if lab != interviewer)
        if interviewer:
            q = real[interviewer]
            a = sum(real[lab] for lab in answerers) + unlabelled_dash
        else:  # unlabelled dash questions, answers labelled with the speakers' names
            q, a = dash_then_label, sum(labels.values())
        if q >= MIN_PAIRS and a >= MIN_PAIRS:
            why = (f"label «{interviewer}» opens {q} turns" if interviewer else f"{q} dash questions") + f"; {a} answers"
            if answerers:
                why += " labelled " + ", ".join(f"«{x}»" for x in sorted(answerers))
            return InterviewPlan("labelled", interviewer, answerers, why, known)
    dashed = [t for _, t in turns if t.dash and not t.label]
    answered = [
        nxt for t, nxt in pairwise(dashed)
        if asks(t.rest) and not attributed(t.rest) and not asks(nxt.rest) and not attributed(nxt.rest)
    ]
    pairs = len(answered)
    if pairs and sum(len(t.rest) for t in answered) / pairs < MIN_ANSWER_CHARS:
        return InterviewPlan("", evidence=f"{pairs} dash question/answer pairs, but answers of "
                                          f"{sum(len(t.rest) for t in answered) // pairs} characters: dialogue")
    with_attribution = sum(1 for t in dashed if attributed(t.rest))
    if pairs >= MIN_PAIRS and 2 * pairs < MIN_PAIR_SHARE * len(dashed):
        return InterviewPlan("", evidence=f"{pairs} dash question/answer pairs among {len(dashed)} dash turns: "
                                          "dialogue")
    if pairs >= MIN_PAIRS and with_attribution <= 0.25 * len(dashed):
        return InterviewPlan("dashed", evidence=f"{pairs} dash question/answer pairs, "
                                                f"{with_attribution} of {len(dashed)} dash turns attributed",
                             labels=frozenset())
    return InterviewPlan("", evidence=f"{pairs} dash question/answer pairs, {with_attribution} attributed")


def _stripped(block: Paragraph, turn: Turn) -> Paragraph:
    """The paragraph without its dash and label (the formatting after them kept)."""
    full = inline_text(block.inlines)
    cut = len(full) - len(full.lstrip())
    if turn.dash:
        m = TURN_DASH.match(full)
        cut = m.end() if m else cut
    if turn.label:
        m = re.compile(rf"\s*{re.escape(turn.label)}\s*:\s*").match(full, cut)
        cut = m.end() if m else cut
    inlines = drop_chars(block.inlines, cut)
    return Paragraph(inlines, block.lang) if inlines is not None else block


def drop_chars(inlines: tuple[Inline, ...], n: int) -> tuple[Inline, ...] | None:
    """``inlines`` without their first ``n`` visible characters (emptied nodes removed), or None when
    the cut would run through a node that is not plain or simply formatted text."""
    out: list[Inline] = []
    for k, node in enumerate(inlines):
        if n <= 0:
            out.extend(inlines[k:])
            break
        if isinstance(node, Text):
            if len(node.text) <= n:
                n -= len(node.text)
                continue
            out.append(Text(node.text[n:].lstrip() if not out else node.text[n:]))
            n = 0
        elif isinstance(node, (Image, Note)) and not inline_text((node,)):
            out.append(node)  # no visible characters: kept where it is
        elif isinstance(node, (Strong, Emph, Span)):
            size = len(inline_text(node.children))
            if size <= n:
                n -= size
                continue
            inner = drop_chars(node.children, n)
            if inner is None:
                return None
            out.append(replace(node, children=inner))
            n = 0
        else:
            return None
    first = next((k for k, node in enumerate(out) if not isinstance(node, (Image, Note))), None)
    if first is not None and isinstance(out[first], Text):
        head = out[first]
        assert isinstance(head, Text)
        if head.text.lstrip():
            out[first] = Text(head.text.lstrip())
        else:
            out.pop(first)
    return tuple(out)


def _heading_like(block: Block, nxt: Block | None) -> bool:
    """A short bare line standing before the next question: a subheading, not part of an answer."""
    text = text_of(block)
    if not text or len(text) > 80 or len(text.split()) > 9 or text.endswith((".", ",", ";", ":", "…")):
        return False
    return nxt is not None and turn_of(nxt) is not None and text[0].isupper()


def build_turns(blocks: list[Block], plan: InterviewPlan) -> list[Block]:
    """Group paragraphs into Question/Answer nodes following ``plan``."""
    out: list[Block] = []
    turn: list[Block] = []
    role: type[Question | Answer] | None = None
    speaker: str | None = None
    held: list[Block] = []  # kept boilerplate met inside a turn: set after it, never inside

    def flush() -> None:
        nonlocal turn
        if role is not None and turn:
            out.append(role(tuple(turn), speaker))
        turn = []
        out.extend(held)
        held.clear()

    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Div) and block.role == "boilerplate":
            (held if role is not None else out).append(block)
            continue
        t = normalise(turn_of(block), plan.labels, text_of(block))
        if t is not None and isinstance(block, Paragraph):
            kind, who = _classify(t, plan, role)
            if kind is Answer and role is Answer and who == speaker and not t.label:
                turn.append(_stripped(block, t))  # an answer continues in a new dashed paragraph
                continue
            else:
                flush()
                role, speaker, turn = kind, who, [_stripped(block, t)]
                continue
        if role is not None and not isinstance(block, Heading) and not _heading_like(block, nxt):
            turn.append(block)
        else:
            flush()
            role, speaker = None, None
            out.append(block)
    flush()
    return out


def _classify(t: Turn, plan: InterviewPlan, role: type[Question | Answer] | None
              ) -> tuple[type[Question | Answer], str | None]:
    """Whether a turn is a question or an answer, and its speaker label."""
    if plan.mode == "labelled":
        if t.label and t.label == plan.interviewer:
            return Question, t.label
        if t.label in plan.answerers:
            return Answer, t.label
        if not plan.interviewer:  # dashed questions; an unlabelled dash after a question answers it
            return (Answer if role is Question else Question), None
        return Answer, None  # dashed answers after labelled questions
    expected = Answer if role is Question else Question
    if expected is Question and not asks(t.rest) and len(t.rest) > 400:
        expected = Answer  # a long undashed-question paragraph is a second answer paragraph
    return expected, None


def looks_like_interview(blocks: list[Block]) -> bool:
    """Whether ``blocks`` read as an interview (see :func:`plan_interview`)."""
    return bool(plan_interview(blocks).mode)


def ends_like_sentence(text: str) -> bool:
    """Re-exported for callers that decide headings next to turns."""
    return ends_sentence(text)
