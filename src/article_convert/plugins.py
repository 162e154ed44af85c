"""The three plugin kinds: what a reader, a transform and a writer must provide.

A plugin module must stay cheap to import: heavy libraries (reportlab, python-docx,
ebooklib) are imported inside ``read``/``write``, so ``article-convert --help`` and
``formats`` stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from .context import Context
from .ir import Document


@dataclass(frozen=True)
class Source:
    """An input: its raw bytes and where they came from (``path`` is None for stdin)."""

    data: bytes
    path: Path | None = None
    url: str | None = None
    """For a fetched page: the URL it was finally read from (after redirects); images resolve against it."""
    charset: str | None = None
    """The charset the server declared in its Content-Type header (tried before the page's own)."""
    media_type: str | None = None
    """The server's Content-Type without parameters (``text/html``)."""

    @property
    def name(self) -> str:
        """How to name this input in messages."""
        if self.url is not None:
            return self.url
        return str(self.path) if self.path is not None else "<stdin>"

    @property
    def stem(self) -> str:
        """The name outputs are called after: the file's stem, a slug of the URL, or ``article``."""
        if self.path is not None:
            return self.path.stem
        if self.url is not None:
            from .web.urls import url_stem

            return url_stem(self.url)
        return "article"


@runtime_checkable
class Reader(Protocol):
    """Turns the bytes of one input format into a Document."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def read(self, source: Source, ctx: Context) -> Document: ...


@runtime_checkable
class Transform(Protocol):
    """A pure Document -> Document step; ``order`` sorts transforms (lower runs first)."""

    name: ClassVar[str]
    description: ClassVar[str]
    order: ClassVar[int]

    def apply(self, doc: Document, ctx: Context) -> Document: ...


@runtime_checkable
class Writer(Protocol):
    """Turns a Document into the bytes of one output format."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]

    def write(self, doc: Document, ctx: Context) -> bytes: ...
