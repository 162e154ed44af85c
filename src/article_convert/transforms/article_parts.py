"""Recognise the parts of an article in a flat list of paragraphs.

Shared by every reader (it runs after each of them), so the same article as .txt, .md or
.html gives the same Document. The work is done by :func:`recognition.find_parts`, a pure
function of the Document (readers may call it or its recognisers directly); this transform
feeds it the options and reports every decision, with the line it came from, for ``--explain``.
"""

from __future__ import annotations

import re

from ..context import Context
from ..ir import Document
from ..recognition.interview import TURN_DASH, looks_like_interview
from ..recognition.parts import find_parts

__all__ = ["TURN_DASH", "ArticleParts", "looks_like_interview", "title_from_name"]

PROSE_WORDS = 25
"""A removed line this long may be prose: it is reported as a warning (an error with ``--strict``)."""


class ArticleParts:
    """Finds rubric, title, date, byline, lead, captions, interview turns, subheadings and boilerplate."""

    name = "article-parts"
    description = "recognise title, rubric, date, byline, lead, captions, interview Q&A, subheadings, boilerplate"
    order = 10

    def apply(self, doc: Document, ctx: Context) -> Document:
        keep = ctx.settings.keep_boilerplate
        parts = find_parts(doc, keep_boilerplate=keep, fallback_title=title_from_name(ctx.source_name))
        for decision in parts.decisions:
            ctx.diagnostics.info("recognised", str(decision))
        if parts.removed:
            if keep:
                summary = " | ".join(line for line, _ in parts.removed)
                ctx.diagnostics.info("boilerplate-kept", f"kept {len(parts.removed)} boilerplate line(s): {summary}")
            else:  # text taken out of the article: a warning, so --strict refuses it
                ctx.diagnostics.add("boilerplate-dropped", dropped_message(parts.removed))
        for line, why in parts.removed:
            if len(line.split()) >= PROSE_WORDS:  # the rules should never let prose go: say so loudly if they do
                ctx.diagnostics.add(
                    "boilerplate-prose",
                    f"removed a long line as boilerplate ({why}): {line[:80]}… (keep with --keep-boilerplate)",
                )
        if parts.questions or parts.answers:
            ctx.diagnostics.info("interview", f"interview: {parts.questions} questions, {parts.answers} answers")
        return parts.document


def dropped_message(removed: list[tuple[str, str]]) -> str:
    """One line for all boilerplate removed from a document: blocks, words, kinds, the first quoted."""
    words = sum(len(line.split()) for line, _ in removed)
    kinds: dict[str, int] = {}
    for _, why in removed:
        kinds[why] = kinds.get(why, 0) + 1
    first = removed[0][0] if len(removed[0][0]) <= 80 else removed[0][0][:79] + "…"
    how = ", ".join(f"{why}: {n}" for why, n in kinds.items())
    return (f"dropped {len(removed)} boilerplate block(s), {words} word(s) ({how}), the first: «{first}»; "
            "--keep-boilerplate keeps them")


def title_from_name(source_name: str) -> str:
    """A readable title from a file name ("my_article-2024.txt" -> "my article 2024")."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_name.replace("\\", "/").rsplit("/", 1)[-1])
    return re.sub(r"[_\s]+", " ", stem).strip() or "Untitled"
