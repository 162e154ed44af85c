"""article-convert: Cyrillic-script articles to EPUB, DOCX and PDF that look right.

The public Python API::

    from article_convert import read, convert
    doc = read("article.txt")                  # -> Document (after the default transforms)
    convert("article.txt", "article.epub")     # read, transform, write atomically
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ir import Document, Metadata

__all__ = ["Document", "Metadata", "__version__", "convert", "read"]


def __getattr__(name: str) -> Any:
    """``Document`` and ``Metadata`` on first use: ``--help`` and ``--version`` need no IR (issue 18)."""
    if name in ("Document", "Metadata"):
        from . import ir

        return getattr(ir, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read(path: str, **options: object) -> Document:
    """Read and transform one input file into a Document (options as in ConvertOptions)."""
    from .context import ConvertOptions
    from .pipeline import read_document

    return read_document(path, ConvertOptions(**options))  # type: ignore[arg-type]


def convert(path: str, output: str, **options: object) -> list[str]:
    """Convert one input file to ``output`` (format from its suffix); returns the files written."""
    from .context import ConvertOptions
    from .pipeline import convert_file

    result = convert_file(path, output=output, options=ConvertOptions(**options))  # type: ignore[arg-type]
    return [str(p) for p in result.outputs]
