"""The shared safety net every Document passes after its reader and after the transforms.

Readers differ, but some hazards are the same for all of them and are handled here once:
- nesting deeper than :data:`~.depth.MAX_DEPTH` is flattened (text kept), so no recursive
  walker in a transform or writer can raise RecursionError;
- strings with lone surrogates (``"\\ud800"`` escapes in JSON/YAML, undecodable command-line
  bytes) or XML-illegal control characters are repaired (U+FFFD / removed), as XML writers
  and UTF-8 encoding refuse them;
- an ordered list's start is kept within the range every writer accepts;
- a date that is not a real date (``2025-02-30``) is moved out of ``date`` into ``extra``;
- a paragraph longer than :data:`~.split.MAX_PARAGRAPH_CHARS` is split into bounded ones (at
  sentence ends where possible), so no later stage pays for a megabyte-long paragraph.
Each repair is a warning (``--strict`` makes it an error): nothing is changed silently.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..dates import date_problem, normalise_date
from ..diagnostics import Diagnostics
from ..errors import ArticleConvertError
from .depth import MAX_DEPTH, field_names, limit_depth
from .lists import clamp_list_start
from .nodes import Article, Document, Metadata, OrderedList
from .split import MAX_PARAGRAPH_CHARS, SplitReport, split_long_paragraphs
from .walk import UnknownNodeError

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_string(text: str) -> tuple[str, int]:
    """``text`` with surrogate pairs joined, lone surrogates as U+FFFD and control characters removed."""
    if not _BAD_CHARS.search(text):
        return text, 0
    fixed, changed = text, 0
    if _SURROGATE.search(fixed):
        # escaped pairs ("\ud83d\ude00" from YAML) become the character; lone halves U+FFFD
        fixed = fixed.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        changed = fixed.count("\ufffd") - text.count("\ufffd")
    controls = len(_BAD_CHARS.findall(fixed))
    return (_BAD_CHARS.sub("", fixed) if controls else fixed), changed + controls


class _Scrubber:
    """Rebuilds nodes whose strings need :func:`clean_string` and ordered lists whose start is
    out of range (depth already bounded)."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.repaired = 0
        self.diagnostics = diagnostics

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            fixed, n = clean_string(value)
            self.repaired += n
            return fixed
        if isinstance(value, tuple):
            items = tuple(self.value(v) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        names = field_names(type(value))
        if names:
            changes = {}
            for name in names:
                old = getattr(value, name)
                if old is None or isinstance(old, (int, float)):
                    continue
                new = self.value(old)
                if new is not old:
                    changes[name] = new
            if isinstance(value, OrderedList):
                start = clamp_list_start(value.start, self.diagnostics)
                if start != value.start:
                    changes["start"] = start
            return dataclasses.replace(value, **changes) if changes else value
        return value


def _check_date(meta: Metadata, diagnostics: Diagnostics) -> Metadata:
    """``meta`` with an impossible date moved to ``extra["date"]`` (warned), a valid one normalised."""
    if not meta.date:
        return meta
    problem = date_problem(meta.date)
    if problem is None:
        fixed = normalise_date(meta.date)
        return meta if fixed == meta.date else dataclasses.replace(meta, date=fixed)
    diagnostics.add("date-invalid", f"the date {meta.date!r} is not a real date ({problem}); not used as the date")
    extra = dict(meta.extra)
    extra.setdefault("date", meta.date)
    return dataclasses.replace(meta, date="", extra=tuple(sorted(extra.items())))


def _split_message(report: SplitReport) -> str:
    """One line saying how many over-long paragraphs were split, into how many, and where."""
    how = "at sentence ends"
    if report.by_word or report.hard:
        how += f" ({report.by_word} cut(s) at a space without a sentence end"
        how += f", {report.hard} inside a run of characters without a space)" if report.hard else ")"
    return (f"{report.split} paragraph(s) longer than {MAX_PARAGRAPH_CHARS:,} characters split into "
            f"{report.pieces} paragraphs {how}; no text removed")


def guard_document(doc: Document, diagnostics: Diagnostics) -> Document:
    """``doc`` made safe for every transform and writer (see the module docstring); repairs are warned."""
    try:
        doc, flattened = limit_depth(doc)
    except UnknownNodeError as exc:  # a plugin reader or transform built a Document with a non-node
        raise ArticleConvertError(f"the document model is broken: {exc}") from None
    if flattened:
        diagnostics.add(
            "nesting-flattened",
            f"content nested deeper than {MAX_DEPTH} levels was flattened ({flattened} container(s); text kept)",
        )
    scrubber = _Scrubber(diagnostics)
    doc = scrubber.value(doc)
    if scrubber.repaired:
        diagnostics.add(
            "invalid-characters-repaired",
            f"repaired {scrubber.repaired} lone surrogate(s) or control character(s) in the text or metadata",
        )
    blocks, report = split_long_paragraphs(doc.blocks)
    if report.split:
        doc = dataclasses.replace(doc, blocks=blocks)
        diagnostics.add("paragraph-split", _split_message(report))
    doc = dataclasses.replace(doc, meta=_check_date(doc.meta, diagnostics))
    if any(isinstance(b, Article) for b in doc.blocks):
        doc = dataclasses.replace(doc, blocks=tuple(
            dataclasses.replace(b, meta=_check_date(b.meta, diagnostics)) if isinstance(b, Article) else b
            for b in doc.blocks
        ))
    return doc
