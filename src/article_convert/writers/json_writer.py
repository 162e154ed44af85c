"""The IR as JSON: for people who filter articles with their own scripts (like pandoc's -t json)."""

from __future__ import annotations

from ..context import Context
from ..ir import Document
from ..ir.json_codec import write_document_json


class JsonWriter:
    """Writes the Document as versioned, lossless JSON."""

    name = "json"
    suffix = ".json"
    description = "article-convert IR as JSON (lossless; read back with -f json)"

    def write(self, doc: Document, ctx: Context) -> bytes:
        """The bytes of ``document_to_json(doc)``, encoded piece by piece as they are written: the whole
        text's millions of small strings held ~230 MB at once for a page of 200,000 links (issue 9)."""
        chunks: list[bytes] = []
        write_document_json(doc, lambda text: chunks.append(text.encode("utf-8")))
        return b"".join(chunks)
