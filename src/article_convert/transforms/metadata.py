"""Apply ``-M key=value`` metadata overrides and ``--lang`` after the article parts are found."""

from __future__ import annotations

import re
from dataclasses import replace

from ..context import Context
from ..dates import date_problem
from ..errors import UsageError
from ..ir import Document, Metadata
from ..stdio import display
from ..validate import is_language_tag

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
    """Metadata with every ``key=value`` applied; unknown keys go to ``extra``."""
    extra = dict(meta.extra)
    for raw_key, value in pairs:
        key = _ALIASES.get(raw_key.lower(), raw_key.lower())
        if key in _TEXT_FIELDS:
            if key == "language" and value.strip() and not is_language_tag(value.strip()):
                raise UsageError(f"-M lang={display(value)}: not a BCP 47 language tag (e.g. ru, kk, sr-Cyrl)")
            if key == "date" and value.strip() and (problem := date_problem(value)) is not None:
                raise UsageError(f"-M date={value}: not a real date ({problem}; expected YYYY, YYYY-MM or YYYY-MM-DD)")
            meta = replace(meta, **{key: value.strip()})
        elif key in _LIST_FIELDS:
            items = tuple(v for v in _LIST_SPLIT.split(value.strip()) if v)
            meta = replace(meta, **{key: items})
        else:
            extra[raw_key] = value
    return replace(meta, extra=tuple(sorted(extra.items())))


class ApplyMetadata:
    """Overrides from the command line win over everything detected."""

    name = "metadata"
    description = "apply -M key=value overrides and --lang"
    order = 15

    def apply(self, doc: Document, ctx: Context) -> Document:
        pairs = ctx.options.metadata
        if ctx.options.lang:
            pairs = pairs + (("language", ctx.options.lang),)
        if not pairs:
            return doc
        return replace(doc, meta=apply_overrides(doc.meta, pairs))
