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
from .coalesce import INLINE_NODE_BUDGET, MAX_LINE_BREAKS, coalesce_document
from .depth import _CONTAINERS, MAX_DEPTH, field_names, limit_depth
from .lists import MAX_LIST_START, MIN_LIST_START, clamp_list_start
from .nodes import INLINE_TYPES, NODE_TYPES, Article, Document, Metadata, OrderedList, Text, ThematicBreak
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


_NODE_CLASSES = frozenset(NODE_TYPES)
_CONTAINER_CLASSES = frozenset(_CONTAINERS)
_INLINE_CLASSES = frozenset(INLINE_TYPES)
_SCALARS = frozenset({int, float, bool, type(None)})


@dataclasses.dataclass
class Survey:
    """What one linear walk found out about a Document, so that the repairs that are not needed
    (nearly always all of them) cost nothing: the rebuilding walks ran per node on every input."""

    depth: int = 0
    inlines: int = 0
    breaks: int = 0
    """Thematic breaks: like tiny inline elements, a flood of them costs per node (``<hr>`` x 200,000)."""
    bad_chars: bool = False
    bad_start: bool = False
    unknown: bool = False


_KINDS: dict[type, tuple[bool, bool, tuple[str, ...]]] = {}
"""Node class -> (is a container, is an inline, its field names): one lookup per node."""


def _kind(cls: type) -> tuple[bool, bool, tuple[str, ...]] | None:
    """What :func:`survey` needs to know of a node class, None for a value that is not a node."""
    kind = _KINDS.get(cls)
    if kind is None and cls in _NODE_CLASSES:
        kind = _KINDS[cls] = (cls in _CONTAINER_CLASSES, cls in _INLINE_CLASSES, field_names(cls))
    return kind


def survey(doc: Document) -> Survey:
    """Container depth, inline node count, and whether any string or list start needs a repair
    (iterative: any depth is safe; an unknown value is noted for the strict walk to report).

    Strings and Text children are taken where they are met, not pushed and popped as values of
    their own: the walk runs twice per document over every node (a page of 200,000 links is
    600,000 inline nodes)."""
    found = Survey()
    strings: list[str] = []
    add = strings.append
    deepest = inlines = breaks = 0
    stack: list[tuple[Any, int]] = [(doc, 0)]
    pop, push = stack.pop, stack.append
    scalars = _SCALARS
    while stack:
        value, depth = pop()
        cls = type(value)
        if cls is tuple:
            for item in value:
                item_cls = type(item)
                if item_cls is Text:
                    add(item.text)
                    inlines += 1
                elif item_cls is str:
                    add(item)
                elif item_cls is tuple or item_cls not in scalars:
                    push((item, depth))
            continue
        if cls is Text:
            add(value.text)
            inlines += 1
            continue
        if cls is str:
            add(value)
            continue
        if cls in scalars:
            continue
        kind = _kind(cls)
        if kind is None:
            found.unknown = True
            continue
        container, inline, names = kind
        if container:
            depth += 1
            if depth > deepest:
                deepest = depth
        if inline:
            inlines += 1
        elif cls is ThematicBreak:
            breaks += 1
        if cls is OrderedList and not MIN_LIST_START <= value.start <= MAX_LIST_START:
            found.bad_start = True
        for name in names:
            item = getattr(value, name)
            item_cls = type(item)
            if item_cls is str:
                add(item)
            elif item_cls is tuple or item_cls not in scalars:
                push((item, depth))
    found.depth, found.inlines, found.breaks = deepest, inlines, breaks
    found.bad_chars = _BAD_CHARS.search("".join(strings)) is not None
    return found


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


def _coalesce(doc: Document, before: int, diagnostics: Diagnostics) -> Document:
    """``doc`` with runs of tiny inline elements merged (over the budget only), said as info."""
    merged, removed, breaks = coalesce_document(doc)
    after = before - removed
    if removed:
        shortened = (f"; {breaks:,} line or thematic breaks dropped from runs of them (more than "
                     f"{MAX_LINE_BREAKS} line breaks, more than one thematic break, in a row)") if breaks else ""
        diagnostics.info(
            "inlines-merged",
            f"{before:,} inline elements (over {INLINE_NODE_BUDGET:,}): adjacent ones of the same kind merged "
            f"into {after:,}{shortened}; no text removed",
        )
    return merged


def guard_document(doc: Document, diagnostics: Diagnostics) -> Document:
    """``doc`` made safe for every transform and writer (see the module docstring); repairs are warned."""
    found = survey(doc)
    if found.unknown or found.depth > MAX_DEPTH:
        try:
            doc, flattened = limit_depth(doc)
        except UnknownNodeError as exc:  # a plugin reader or transform built a Document with a non-node
            raise ArticleConvertError(f"the document model is broken: {exc}") from None
        if flattened:
            diagnostics.add(
                "nesting-flattened",
                f"content nested deeper than {MAX_DEPTH} levels was flattened ({flattened} container(s); text kept)",
            )
    if found.unknown or found.bad_chars or found.bad_start:
        scrubber = _Scrubber(diagnostics)
        doc = scrubber.value(doc)
        if scrubber.repaired:
            diagnostics.add(
                "invalid-characters-repaired",
                f"repaired {scrubber.repaired} lone surrogate(s) or control character(s) in the text or metadata",
            )
    if found.inlines + found.breaks > INLINE_NODE_BUDGET:
        doc = _coalesce(doc, found.inlines + found.breaks, diagnostics)
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
