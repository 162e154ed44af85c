"""The IR as JSON: for people who filter articles with their own scripts (like pandoc's -t json)."""

from __future__ import annotations

from ..context import Context
from ..ir import Document, document_to_json


class JsonWriter:
    """Writes the Document as versioned, lossless JSON."""

    name = "json"
    suffix = ".json"
    description = "article-convert IR as JSON (lossless; read back with -f json)"

    def write(self, doc: Document, ctx: Context) -> bytes:
        return document_to_json(doc).encode("utf-8")
