"""Apply ``-M key=value`` metadata overrides and ``--lang`` after the article parts are found."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..context import Context
from ..ir import Document, Metadata

_LIST_SPLIT = re.compile(r"\s*[;,]\s*")
_ALIASES = {
    "author": "authors",
    "language": "language",
    "lang": "language",
    "description": "lead",
    "abstract": "lead",
    "publisher": "source",
    "tags": "keywords",
    "id": "identifier",
    "rubric": "section",
    "category": "section",
}
_TEXT_FIELDS = ("title", "subtitle", "lead", "date", "source", "language", "identifier", "section")
_LIST_FIELDS = ("authors", "keywords")


def apply_overrides(meta: Metadata, pairs: tuple[tuple[str, str], ...]) -> Metadata:
    """Metadata with every ``key=value`` applied; unknown keys go to ``extra``. The values were
    checked when the settings were resolved (``settings.resolve_settings``)."""
    extra = dict(meta.extra)
    for raw_key, value in pairs:
        key = _ALIASES.get(raw_key.lower(), raw_key.lower())
        if key in _TEXT_FIELDS:
            changes: dict[str, Any] = {key: value.strip()}
            meta = replace(meta, **changes)
        elif key in _LIST_FIELDS:
            changes = {key: tuple(v for v in _LIST_SPLIT.split(value.strip()) if v)}
            meta = replace(meta, **changes)
        else:
            extra[raw_key] = value
    return replace(meta, extra=tuple(sorted(extra.items())))


class ApplyMetadata:
    """Overrides from the command line win over everything detected."""

    name = "metadata"
    description = "apply -M key=value overrides and --lang"
    order = 15

    def apply(self, doc: Document, ctx: Context) -> Document:
        pairs = ctx.settings.metadata
        if ctx.settings.language:
            pairs = pairs + (("language", ctx.settings.language),)
        if not pairs:
            return doc
        return replace(doc, meta=apply_overrides(doc.meta, pairs))
