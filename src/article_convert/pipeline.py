"""One file: load, read -> transforms, output planning; no click in here.

The per-file conversion itself (read -> transforms -> render -> atomic write) is
``convert_one``, shared with batch and bundle; :func:`convert_file` plans the outputs of
``article-convert INPUT`` and hands over to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from . import registry
from .context import Context, ConvertOptions
from .diagnostics import Diagnostics
from .errors import ArticleConvertError, InputError, InvalidInputError, UsageError, WriteError
from .ir import Document
from .ir.guard import guard_document
from .paths import is_dir
from .plugins import Reader, Source, Writer
from .settings import Settings, resolve_settings

if TYPE_CHECKING:
    from .convert_one import Target
    from .images import ImageSource
    from .web.fetch import Fetcher
    from .web.settings import FetchSettings

MB = 1024 * 1024
MAX_INPUT_BYTES = 64 * MB
"""The largest input read (a file or standard input): more is refused, never read into memory."""


def read_limited(stream: BinaryIO, limit: int | None = None) -> bytes | None:
    """All bytes of ``stream`` if there are at most ``limit`` (default MAX_INPUT_BYTES), else None.

    Reads in chunks and stops one byte past the limit, so an endless pipe (``yes |``) costs at
    most the limit in memory.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    return None


@dataclass
class ConvertResult:
    """What one conversion produced: the Document, files written, diagnostics and timings."""

    source: str
    document: Document
    diagnostics: Diagnostics
    outputs: list[Path] = field(default_factory=list)
    stdout: bytes | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def is_url(path: str | Path) -> bool:
    """True when an input names a URL rather than a file."""
    from .web.urls import is_url as _is_url

    return isinstance(path, str) and _is_url(path)


def load_source(path: str | Path, fetcher: Fetcher | None = None) -> Source:
    """The bytes of an input file (or of a URL, through ``fetcher``), or an InputError that says what is wrong."""
    if is_url(path):
        from .web.fetch import Fetcher as _Fetcher
        from .web.source import fetch_source

        if fetcher is None:
            with _Fetcher() as own:
                return fetch_source(str(path), own)
        return fetch_source(str(path), fetcher)
    p = Path(path)
    if str(path) == "-":
        import sys

        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError("standard input is closed", "-")
        data = read_limited(stdin)
        if data is None:
            raise InputError(f"standard input is too large (more than {MAX_INPUT_BYTES // MB} MB; the limit is "
                             f"{MAX_INPUT_BYTES // MB} MB)", "-")
        return Source(data, None)
    if not p.exists():
        raise InputError("no such file", str(path))
    if p.is_dir():
        raise InputError("is a directory (use `article-convert batch` for folders)", str(path))
    if not p.is_file():
        raise InputError("not a regular file", str(path))
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"too large ({size // MB} MB; the limit is {MAX_INPUT_BYTES // MB} MB)", str(path))
        with p.open("rb") as fh:
            data = read_limited(fh)  # the size may lie (a growing file, /proc): read at most the limit
        if data is None:
            raise InputError(f"too large (more than {MAX_INPUT_BYTES // MB} MB; the limit is "
                             f"{MAX_INPUT_BYTES // MB} MB)", str(path))
        return Source(data, p)
    except PermissionError as exc:
        raise InputError("permission denied", str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from exc


def choose_reader(source: Source, from_format: str | None) -> Reader:
    """The reader named by ``-f``, else the one claiming the file's extension, else plain text."""
    if from_format:
        return registry.get_reader(from_format)
    if source.url is not None:
        from .web.source import reader_name_for
        from .web.urls import url_suffix

        name = reader_name_for(source)
        if name is not None:
            return registry.get_reader(name)
        return registry.reader_for_path("page" + (url_suffix(source.url) or ".txt"))
    reader = registry.reader_for_path(source.path.name if source.path else "stdin.txt")
    return _by_content(source, reader) if reader.name == "text" else reader


def _by_content(source: Source, reader: Reader) -> Reader:
    """For plain text (no extension claimed, .txt, standard input): a page or IR JSON by its first
    bytes goes to its own reader, RTF to LibreOffice; an FB2 book is refused instead of read with its tags."""
    from .markup_sniff import markup_kind

    kind = markup_kind(source.data)
    if kind in ("html", "json"):
        return registry.get_reader(kind)
    if kind == "rtf" and "legacy-office" in registry.reader_names():
        return registry.get_reader("legacy-office")
    if kind == "fb2":  # other XML (an RSS file of the corpus) stays text, as it always was
        raise InvalidInputError("a FictionBook (FB2) book, not plain text: no reader reads it "
                                "(give -f text to read it as text)")
    return reader


def make_context(source: Source, settings: Settings | ConvertOptions, fetcher: Fetcher | None = None) -> Context:
    """A fresh Context for one input file with these settings (raw options are resolved first); a
    fetched page has no folder, its images come through ``fetcher``."""
    if isinstance(settings, ConvertOptions):
        settings = resolve_settings(settings)
    images: ImageSource | None = None
    if source.url is not None and fetcher is not None:
        from .web.images import WebImages
        from .web.source import page_base

        images = WebImages(fetcher, page_base(source))
    return Context(
        options=settings.options,
        settings=settings,
        diagnostics=Diagnostics(strict=settings.strict),
        base_dir=None if source.url is not None else source.path.parent.resolve() if source.path else Path.cwd(),
        source_name=source.name,
        images=images,
    )


def transform(doc: Document, ctx: Context) -> Document:
    """Run every installed transform in order."""
    for t in registry.transforms():
        doc = t.apply(doc, ctx)
    return doc


def read_source(source: Source, ctx: Context, from_format: str | None = None) -> Document:
    """Parse and transform one input; errors name the input file."""
    try:
        reader = choose_reader(source, from_format)
        doc = guard_document(reader.read(source, ctx), ctx.diagnostics)
        if source.url is not None or reader.name == "html":
            from .web.links import with_page_address

            doc = with_page_address(doc, source)
        doc = guard_document(transform(doc, ctx), ctx.diagnostics)
        from .ir.links import report_unlinkable

        report_unlinkable(doc, ctx.diagnostics)
        return doc
    except ArticleConvertError as exc:
        exc.with_path(source.name)
        raise


def read_document(
    path: str | Path, options: ConvertOptions | None = None, from_format: str | None = None
) -> Document:
    """Read and transform one input file into a Document (the options are checked before it is read)."""
    settings = resolve_settings(options or ConvertOptions())
    source = load_source(path)
    return read_source(source, make_context(source, settings), from_format)


def render(doc: Document, writer: Writer, ctx: Context) -> bytes:
    """Run a writer; any unexpected exception becomes a WriteError naming the format."""
    try:
        return writer.write(doc, ctx)
    except ArticleConvertError:
        raise
    except Exception as exc:  # a writer bug or a library refusing the content
        raise WriteError(f"the {writer.name} writer failed: {type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class OutputPlan:
    """Which writer writes where; ``path`` None means standard output; ``writer_options`` are added
    to the conversion's for this output (``.fb2.zip`` is FB2 with the ``zip`` writer option)."""

    writer: Writer
    path: Path | None
    writer_options: tuple[tuple[str, str], ...] = ()

    def target(self) -> Target:
        """This plan as a ``convert_one`` Target."""
        from .convert_one import Target

        return Target(self.writer.name, None if self.path is None else str(self.path), self.writer_options)


def output_suffix(writer: Writer, options: ConvertOptions) -> str:
    """The file suffix for a writer's output under these options (``.fb2.zip`` for zipped FB2):
    a writer with a ``suffix_for(options)`` method decides, else its fixed ``suffix``."""
    suffix_for = getattr(writer, "suffix_for", None)
    return str(suffix_for(options)) if callable(suffix_for) else writer.suffix


def plan_outputs(
    source: Source, formats: list[str], output: str | None, *, stdout_ok: bool = True,
    options: ConvertOptions | None = None,
) -> list[OutputPlan]:
    """Decide the output files from ``-t`` and ``-o`` (see the CLI help for the rules)."""
    stem = source.stem
    options = options or ConvertOptions()
    writers = [registry.get_writer(f) for f in formats]
    if output == "-":
        if len(writers) != 1:
            raise UsageError("-o - (standard output) takes exactly one format")
        return [OutputPlan(writers[0], None)]
    if output and not (output.endswith(("/", "\\")) or is_dir(output)):
        out = Path(output)
        if len(writers) > 1:
            raise UsageError(f"-o {output}: several formats need a folder (end it with /)")
        if not writers or out.name.lower().endswith(".fb2.zip"):
            writer, extra = writer_for_output(out)
            if writers and writers[0].name != writer.name:
                raise UsageError(f"-o {output}: the suffix says {writer.name}, -t says {writers[0].name}")
            return [OutputPlan(writer, out, extra)]
        want = output_suffix(writers[0], options)
        if want != writers[0].suffix and not out.name.lower().endswith(want):
            raise UsageError(f"-o {output}: these writer options make a {want} file; name it so")
        return [OutputPlan(writers[0], out)]
    if not writers:
        raise UsageError("no output format: give -t FORMAT(S) or -o FILE with a known suffix")
    folder = Path(output) if output else Path.cwd()
    if not output and stdout_ok and len(writers) == 1 and writers[0].name == "json":
        return [OutputPlan(writers[0], None)]
    return [OutputPlan(w, folder / (stem + output_suffix(w, options))) for w in writers]


def writer_for_output(output: Path, *, has_t: bool = True) -> tuple[Writer, tuple[tuple[str, str], ...]]:
    """The writer for an output file's suffix, and the writer options it needs for it:
    ``.fb2.zip`` is FB2 with the ``zip`` writer option (the inner file named after the outer).
    ``has_t``: the command takes -t, so the error may suggest it (bundle has none)."""
    name = output.name.lower()
    if name.endswith(".fb2.zip"):
        return registry.get_writer("fb2"), (("zip", "1"), ("zip-name", output.name[: -len(".zip")]))
    if not output.suffix:
        raise UsageError(f"-o {output}: no suffix to tell the format by (add one{' or give -t' if has_t else ', e.g. .epub'})")
    return registry.writer_for_suffix(output.suffix), ()


def convert_file(
    path: str | Path,
    *,
    output: str | None = None,
    formats: list[str] | None = None,
    options: ConvertOptions | None = None,
    from_format: str | None = None,
    fetch: FetchSettings | None = None,
) -> ConvertResult:
    """Read, transform and write one input (a file, ``-`` or a URL) through ``convert_one``; every option
    is checked before the input is read, every output rendered before any is written. A URL is
    fetched with ``fetch`` settings; its images are fetched while the writers run."""
    options = options or ConvertOptions()
    settings = resolve_settings(options)
    if is_url(path):
        from .web.fetch import Fetcher

        with Fetcher(fetch) as fetcher:
            return _convert(load_source(path, fetcher), output, formats, options, settings, from_format, fetcher)
    return _convert(load_source(path), output, formats, options, settings, from_format, None)


def _convert(source: Source, output: str | None, formats: list[str] | None, options: ConvertOptions,
             settings: Settings, from_format: str | None, fetcher: Fetcher | None) -> ConvertResult:
    from .convert_one import convert_source

    plans = plan_outputs(source, formats or [], output, options=options)
    done = convert_source(source, [plan.target() for plan in plans], settings, from_format=from_format,
                          fetcher=fetcher)
    return ConvertResult(done.source, done.document, done.diagnostics, [Path(w.path) for w in done.written],
                         done.stdout, done.seconds)
