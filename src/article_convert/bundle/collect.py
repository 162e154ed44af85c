"""Finding and reading the articles of a bundle: each input gets its own Context, failures are kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..context import ConvertOptions
from ..diagnostics import Diagnostics
from ..errors import ArticleConvertError, UsageError
from ..ir import Document
from .rebase import rebase_images


@dataclass(frozen=True)
class Found:
    """An input file: where it is, its path below its SRC folder, and the folder that names its section."""

    path: Path
    rel: PurePosixPath
    folder: str
    """The first sub-folder below SRC, else the SRC folder's own name ("" for files given directly)."""
    order: int


@dataclass(frozen=True)
class Loaded:
    """An input read into a Document (images rebased onto ``base_dir``) with its own diagnostics."""

    found: Found
    doc: Document
    base_dir: Path
    diagnostics: Diagnostics


@dataclass
class Failure:
    """An input that could not be read, and why."""

    name: str
    message: str


@dataclass
class Collected:
    """Everything read, everything that failed."""

    loaded: list[Loaded] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def find_inputs(sources: Sequence[str | Path]) -> list[Found]:
    """Inputs below SRC folders (every extension a reader claims) and SRC files, in a stable order."""
    from .. import registry
    from ..batch.discover import Filters, discover

    filters = Filters(extensions=frozenset(registry.claimed_extensions()))
    out: list[Found] = []
    seen: set[Path] = set()
    for src in sources:
        root = Path(src)
        if not root.exists():
            raise UsageError(f"{src}: no such file or folder")
        own = root.resolve().name if root.is_dir() else ""
        for item in discover([root], filters):
            key = item.path.resolve()
            if key in seen:
                continue
            seen.add(key)
            folder = item.rel.parts[0] if len(item.rel.parts) > 1 else own
            out.append(Found(item.path, item.rel, folder, len(out)))
    return out


def read_all(found: Sequence[Found], options: ConvertOptions, from_format: str | None = None,
             progress: Callable[[Found, str | None], None] | None = None) -> Collected:
    """Read every input with the pipeline; a failing input is recorded, the others go on."""
    from ..pipeline import load_source, make_context, read_source

    result = Collected()
    for item in found:
        try:
            source = load_source(item.path)
            ctx = make_context(source, options)
            doc = read_source(source, ctx, from_format)
        except ArticleConvertError as exc:
            exc.with_path(str(item.path))
            result.failures.append(Failure(str(item.path), str(exc)))
            if progress:
                progress(item, str(exc))
            continue
        base = ctx.base_dir or item.path.parent.resolve()
        result.loaded.append(Loaded(item, doc, base, ctx.diagnostics))
        if progress:
            progress(item, None)
    return result


def common_base(loaded: Sequence[Loaded]) -> Path:
    """The deepest folder holding every article's folder (where the bundle's images resolve)."""
    import os

    if not loaded:
        return Path.cwd()
    return Path(os.path.commonpath([str(item.base_dir) for item in loaded]))


def rebased(item: Loaded, base: Path) -> Document:
    """The article's Document with image paths made relative to ``base`` (unsafe ones neutralised)."""
    prefix = item.base_dir.relative_to(base).as_posix()
    blocks = rebase_images(item.doc.blocks, "" if prefix == "." else prefix, item.diagnostics)
    return replace(item.doc, blocks=blocks)
