"""Finding and reading the articles of a bundle: each input gets its own Context, failures are kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostics
from ..errors import ArticleConvertError, UsageError
from ..ir import Document
from ..settings import Settings
from .rebase import rebase_images

if TYPE_CHECKING:
    from ..web.fetch import Fetcher


@dataclass(frozen=True)
class Found:
    """An input file: where it is, its path below its SRC folder, and the folder that names its section."""

    path: Path
    rel: PurePosixPath
    folder: str
    """The first sub-folder below SRC, else the SRC folder's own name ("" for files given directly)."""
    order: int
    url: str | None = None
    """For a URL input: the URL (``path`` is then only a name derived from it)."""

    @property
    def name(self) -> str:
        """How the input is named in messages."""
        return self.url or str(self.path)


@dataclass(frozen=True)
class Loaded:
    """An input read into a Document (images rebased onto ``base_dir``) with its own diagnostics."""

    found: Found
    doc: Document
    base_dir: Path | None
    """The input's folder; None for a fetched page (its images are absolute URLs)."""
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


def find_inputs(sources: Sequence[str | Path], *, follow_symlinks: bool = False, skip: Sequence[Path] = (),
                notes: list[str] | None = None) -> list[Found]:
    """Inputs below SRC folders (every extension a reader claims) and SRC files, in a stable order.

    ``skip``: resolved paths never taken (the bundle's own output); ``notes`` gets the symbolic
    links skipped because they lead out of their SRC folder (unless ``follow_symlinks``).
    """
    from .. import registry
    from ..batch.discover import Filters, discover
    from ..web.urls import is_url, url_stem

    filters = Filters(extensions=frozenset(registry.claimed_extensions()), skip=frozenset(skip),
                      follow_symlinks=follow_symlinks)
    out: list[Found] = []
    seen: set[Path] = set()
    urls: set[str] = set()
    for src in sources:
        if isinstance(src, str) and is_url(src):
            if src not in urls:
                urls.add(src)
                name = url_stem(src)
                out.append(Found(Path(name), PurePosixPath(name), "", len(out), url=src))
            continue
        root = Path(src)
        if not root.exists():
            raise UsageError(f"{src}: no such file or folder")
        own = root.resolve().name if root.is_dir() else ""
        for item in discover([root], filters, notes):
            key = item.path.resolve()
            if key in seen:
                continue
            seen.add(key)
            folder = item.rel.parts[0] if len(item.rel.parts) > 1 else own
            out.append(Found(item.path, item.rel, folder, len(out)))
    return out


def read_all(found: Sequence[Found], settings: Settings, from_format: str | None = None,
             progress: Callable[[Found, str | None], None] | None = None, fetcher: Fetcher | None = None) -> Collected:
    """Read every input with ``convert_one.read_article``, the per-file path every command shares (URLs
    through ``fetcher``); a failing input is recorded, the others go on. ``settings`` are the articles'
    (``Settings.for_articles``: each keeps its own language)."""
    from ..convert_one import read_article
    from ..pipeline import load_source

    result = Collected()
    for item in found:
        try:
            if item.url is not None and fetcher is None:
                raise UsageError("URL inputs need a fetcher")
            source = load_source(item.url, fetcher) if item.url is not None else load_source(item.path)
            doc, ctx = read_article(source, settings, from_format, fetcher)
        except Exception as exc:  # noqa: BLE001 - any failure of one input leaves it out, as promised
            if isinstance(exc, ArticleConvertError):
                message = str(exc.with_path(item.name))
            else:
                kind = "out of memory" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
                message = f"{item.name}: internal error: {kind}"
            result.failures.append(Failure(item.name, message))
            if progress:
                progress(item, message)
            continue
        base = None if item.url is not None else ctx.base_dir or item.path.parent.resolve()
        result.loaded.append(Loaded(item, doc, base, ctx.diagnostics))
        if progress:
            progress(item, None)
    return result


def common_base(loaded: Sequence[Loaded]) -> Path:
    """The deepest folder holding every article's folder (where the bundle's images resolve)."""
    import os

    folders = [str(item.base_dir) for item in loaded if item.base_dir is not None]
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def rebased(item: Loaded, base: Path) -> Document:
    """The article's Document with image paths made relative to ``base`` (unsafe ones neutralised)."""
    if item.base_dir is None:
        return item.doc  # a fetched page: its images are absolute URLs already
    prefix = item.base_dir.relative_to(base).as_posix()
    blocks = rebase_images(item.doc.blocks, "" if prefix == "." else prefix, item.diagnostics)
    return replace(item.doc, blocks=blocks)
