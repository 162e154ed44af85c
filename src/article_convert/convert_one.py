"""One input, start to end: read -> transforms -> render every format -> atomic write -> a result record.

The one per-file path of the tool: ``article-convert FILE`` (``pipeline.convert_file``), batch
workers (``batch/worker.py``, local processes or Dask tasks) and bundles (which use its reading
half, :func:`read_article`, for each article) all go through here, so they cannot drift.

Stable API (picklable arguments, plain-data result), for callers such as a Dask task::

    from article_convert.convert_one import Target, convert_one
    from article_convert.settings import resolve_settings
    settings = resolve_settings(ConvertOptions(...))          # once, up front: UsageError on a bad option
    result = convert_one("in/a.txt", [Target("epub", "out/a.epub"), Target("pdf", "out/a.pdf")], settings)
    result.written   # [Written(format, path, size, sha256), ...]

Every output is rendered before the first is written, and each is written atomically, so an
error never leaves half a file. Every error raised names the input (``error: IN: ...``); a
write error also names the output it could not write.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .digest import sha256_hex
from .errors import ArticleConvertError, UsageError, WriteError
from .paths import resolved

if TYPE_CHECKING:
    from .context import Context
    from .diagnostics import Diagnostics
    from .images import ImageSource
    from .ir import Document
    from .plugins import Source, Writer
    from .settings import Settings
    from .web.fetch import Fetcher
    from .web.settings import FetchSettings


@dataclass(frozen=True)
class Target:
    """One output: a writer's name, the file it goes to (None = the bytes are returned as ``stdout``)
    and writer options it needs on top of the settings' (``.fb2.zip``: ``zip=1``)."""

    format: str
    path: str | None
    writer_options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Written:
    """A file written: its format, path, size in bytes and SHA-256."""

    format: str
    path: str
    size: int
    sha256: str


@dataclass
class FileResult:
    """What one conversion produced: the Document, its diagnostics, files written, timings."""

    source: str
    """The input as the user named it (a path, ``-`` or a URL)."""
    document: Document
    diagnostics: Diagnostics
    written: list[Written] = field(default_factory=list)
    stdout: bytes | None = None
    """The bytes of a Target without a path (``-o -``, JSON on standard output)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Time spent reading (``read``) and rendering each format."""
    input_sha256: str = ""
    source_id: str = ""
    """For an input on fsspec storage: the store's identity of the bytes read (``storage.identity``)."""


def convert_one(path: str | Path, targets: Sequence[Target], settings: Settings, *,
                from_format: str | None = None, fetch: FetchSettings | None = None,
                clean_stale: bool = True) -> FileResult:
    """Convert the input at ``path`` (a file, ``-`` for standard input, an http(s) URL fetched with
    ``fetch``, or an fsspec storage URL such as ``s3://…``) to every target (paths or storage URLs);
    raises an ArticleConvertError naming the input when it cannot.

    ``clean_stale``: first remove temporary files a killed run left in the output folders (a batch
    does that once for its whole tree and passes False)."""
    from .pipeline import is_url, load_source

    if _on_storage(str(path)):
        from .batch.storage import RemotePath
        from .batch.stored_images import StoredImages

        source, source_id = _load_stored(str(path))
        folder = RemotePath.from_url(str(path)).parent
        result = convert_source(source, targets, settings, from_format=from_format, clean_stale=clean_stale,
                                local=False, images=StoredImages(folder.fs, folder.path))
        result.source_id = source_id or ""
        return result
    if is_url(path):
        from .web.fetch import Fetcher

        with Fetcher(fetch) as fetcher:
            return convert_source(load_source(path, fetcher), targets, settings, from_format=from_format,
                                  fetcher=fetcher, clean_stale=clean_stale)
    return convert_source(load_source(path), targets, settings, from_format=from_format, clean_stale=clean_stale)


def convert_source(source: Source, targets: Sequence[Target], settings: Settings, *,
                   from_format: str | None = None, fetcher: Fetcher | None = None,
                   clean_stale: bool = True, local: bool = True, images: ImageSource | None = None) -> FileResult:
    """Convert an input already loaded (its images through ``fetcher`` when it is a fetched page, or
    through ``images``; ``local`` False: it came from storage, no local folder beside it is read)."""
    from . import registry

    if local:
        _refuse_overwrite(source, targets)
    writers = [(t, registry.get_writer(t.format)) for t in targets]
    t0 = time.perf_counter()
    doc, ctx = read_article(source, settings, from_format, fetcher, local=local, images=images)
    result = FileResult(source.name, doc, ctx.diagnostics, seconds={"read": time.perf_counter() - t0},
                        input_sha256=sha256_hex(source.data))
    rendered: list[tuple[Target, bytes]] = []
    for target, writer in writers:
        t0 = time.perf_counter()
        rendered.append((target, render_target(doc, writer, ctx, target, source.name)))
        result.seconds[writer.name] = time.perf_counter() - t0
    write_outputs(rendered, source.name, result, clean_stale)
    return result


def read_article(source: Source, settings: Settings, from_format: str | None = None,
                 fetcher: Fetcher | None = None, *, local: bool = True,
                 images: ImageSource | None = None) -> tuple[Document, Context]:
    """Read and transform one input into a Document, with the Context it was read in (its diagnostics,
    its folder; none when not ``local``: an input on storage has its images through ``images``);
    errors name the input. Bundles read each article with this."""
    from .pipeline import make_context, read_source

    ctx = make_context(source, settings, fetcher)
    if not local:
        ctx.base_dir = None
    if images is not None:
        ctx.images = images
    return read_source(source, ctx, from_format), ctx


def _load_stored(url: str) -> tuple[Source, str | None]:
    """An input on fsspec storage as a Source named like a file, with the store's identity of its bytes."""
    from .batch.storage import read_identified
    from .pipeline import MAX_INPUT_BYTES
    from .plugins import Source

    data, source_id = read_identified(url, MAX_INPUT_BYTES)
    return Source(data, Path(url.rsplit("/", 1)[-1])), source_id


def render_target(doc: Document, writer: Writer, ctx: Context, target: Target, name: str) -> bytes:
    """One writer's bytes for ``doc``; an error names the input ``name``."""
    from dataclasses import replace

    from .pipeline import render

    if target.writer_options:
        settings = ctx.settings.with_writer_options(target.writer_options)
        ctx = replace(ctx, settings=settings, options=settings.options)
    try:
        return render(doc, writer, ctx)
    except ArticleConvertError as exc:
        raise exc.with_path(name) from None


def write_outputs(rendered: Sequence[tuple[Target, bytes]], name: str, result: FileResult,
                  clean_stale: bool = True) -> None:
    """Write each rendered output completely or not at all (``write_atomic``; a storage URL through
    ``batch.storage``); a Target without a path goes to ``result.stdout``. Stale temporary files a
    killed run left in the local output folders are removed first."""
    from .atomic import remove_stale_temp_files, write_atomic

    local = [Path(t.path) for t, _ in rendered if t.path is not None and not _on_storage(t.path)]
    for folder in dict.fromkeys(p.parent for p in local) if clean_stale else ():
        remove_stale_temp_files(folder)  # left by an earlier run that was killed (SIGKILL, power loss)
    for target, data in rendered:
        if target.path is None:
            result.stdout = data
            continue
        try:
            if _on_storage(target.path):
                from .batch.storage import write_output

                write_output(target.path, data)
            else:
                write_atomic(Path(target.path), data)
        except OSError as exc:
            raise WriteError(f"cannot write {target.path}: {exc.strerror or exc}", name) from exc
        result.written.append(Written(target.format, target.path, len(data), sha256_hex(data)))


def _on_storage(path: str) -> bool:
    """True for an fsspec URL (``s3://…``); plain paths never import the batch package to tell."""
    if "://" not in path:
        return False
    from .batch.storage import is_storage_url

    return is_storage_url(path)


def _refuse_overwrite(source: Source, targets: Sequence[Target]) -> None:
    """A UsageError when an output would replace the input it is made from."""
    if source.path is None:
        return
    real = resolved(source.path)
    for t in targets:
        if t.path is not None and resolved(Path(t.path)) == real:
            raise UsageError(f"the output {t.path} would overwrite the input", source.name)

