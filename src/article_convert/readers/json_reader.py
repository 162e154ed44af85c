"""Reads the IR JSON written by ``-t json`` back into a Document, with clear validation errors."""

from __future__ import annotations

from ..context import Context
from ..errors import InputError
from ..ir import Document, document_from_json
from ..plugins import Source


class JsonReader:
    """The article-convert IR as JSON (``-f json``)."""

    name = "json"
    extensions = (".json",)
    description = "article-convert IR JSON (as written by -t json)"

    def read(self, source: Source, ctx: Context) -> Document:
        try:
            text = source.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"IR JSON must be UTF-8 (bad byte at offset {exc.start})") from exc
        return document_from_json(text)
