"""Convert one batch task; runs in a worker process (or in-process with --jobs 1).

Everything crossing the process boundary is plain picklable data. A worker renders every
format before writing any file and writes each with ``write_atomic``, so a file on disk is
always complete.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import ConvertOptions
from ..web.settings import FetchSettings


@dataclass(frozen=True)
class Task:
    """One input to convert: where it is and where each format goes (absolute paths)."""

    key: str
    path: str
    outputs: tuple[tuple[str, str], ...]
    options: ConvertOptions
    from_format: str | None = None
    fetch: FetchSettings | None = None
    """For a URL input: how to fetch it."""


@dataclass
class Outcome:
    """What became of one task; ``outputs`` holds (format, path, bytes, sha256) of written files."""

    key: str
    path: str
    ok: bool
    reason: str = ""
    sha256: str = ""
    outputs: list[tuple[str, str, int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    diagnostics: list[dict[str, str]] = field(default_factory=list)
    language: str = ""
    title: str = ""


class Stop(SystemExit):
    """Raised in a worker by SIGTERM so temporary files are removed on the way out (exits quietly)."""


def _stop(signum: int, frame: Any) -> None:
    from ..interrupts import remove_registered

    remove_registered()  # the .part being written, wherever the signal lands
    raise Stop(signum)


def init_worker(formats: tuple[str, ...]) -> None:
    """Worker initializer: leave Ctrl-C to the parent, make SIGTERM clean up, warm the writers once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    try:
        warm_up(formats)
    except Stop as exc:
        os._exit(128 + int(exc.args[0]))


def warm_up(formats: tuple[str, ...]) -> None:
    """Import each writer and render a tiny Document, so fonts and caches load once per process."""
    from datetime import datetime, timezone

    from .. import registry
    from ..context import Context
    from ..ir import Document, Metadata, Paragraph, Question, Text

    doc = Document(Metadata(title="Прогрев", language="ru", authors=("Тест",)),
                   (Question((Text("Вопрос?"),)), Paragraph((Text("Съешь же ещё этих мягких булок."),))))
    for fmt in formats:
        try:
            ctx = Context(now=datetime(2000, 1, 1, tzinfo=timezone.utc))
            registry.get_writer(fmt).write(doc, ctx)
        except Exception:  # noqa: BLE001, S112 - a broken writer is reported per file later, with its reason
            continue


_marks_dir: str | None = None
PARENT_POLL_SECONDS = 0.5


def init_pool_worker(initializer: Any, formats: tuple[str, ...], parent_pid: int, marks_dir: str) -> None:
    """Pool initializer: remember where to mark the current task, watch the parent, then ``initializer``."""
    global _marks_dir
    _marks_dir = marks_dir
    watch_parent(parent_pid)
    initializer(formats)


def watch_parent(parent_pid: int) -> None:
    """Exit when the batch process is gone (SIGKILL leaves workers blocked on their pipe forever).

    A daemon thread polls ``getppid``: once the worker is an orphan it sends itself SIGTERM (the
    handler removes temporary files) and, should the main thread be stuck in C code, exits hard
    a few seconds later.
    """
    import threading

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def mark_path(marks_dir: str, pid: int) -> Path:
    """The file in which worker ``pid`` names the task it is running (read by the parent after a crash)."""
    return Path(marks_dir) / str(pid)


def marked_call(fn: Any, task: Task) -> Outcome:
    """Run ``fn(task)`` with the task named in this worker's mark file, so a parent that sees this
    process die knows which file killed it; SIGTERM exits at once (temporary files removed)."""
    mark = mark_path(_marks_dir, os.getpid()) if _marks_dir else None
    if mark is not None:
        mark.write_text(f"{task.key}\0{task.path}", encoding="utf-8", errors="surrogateescape")
    try:
        return fn(task)  # type: ignore[no-any-return]
    except Stop as exc:
        _unmark(mark)
        os._exit(128 + int(exc.args[0]))
    finally:
        _unmark(mark)


def _unmark(mark: Path | None) -> None:
    if mark is not None:
        try:
            mark.unlink()
        except OSError:
            pass


def run_task(task: Task) -> Outcome:
    """The pool entry point: convert, and on SIGTERM exit at once (temporary files already removed)."""
    try:
        return convert_task(task)
    except Stop as exc:
        os._exit(128 + int(exc.args[0]))


def convert_task(task: Task) -> Outcome:
    """Read, transform, render every format, then write them atomically; failures become Outcomes."""
    from ..errors import ArticleConvertError

    try:
        return _convert(task)
    except ArticleConvertError as exc:
        return Outcome(task.key, task.path, False, exc.message)
    except MemoryError:
        return Outcome(task.key, task.path, False, "out of memory")
    except Exception as exc:  # noqa: BLE001 - isolate the batch from any bug in a reader or writer
        return Outcome(task.key, task.path, False, f"internal error: {type(exc).__name__}: {exc}")


def _convert(task: Task) -> Outcome:
    from ..errors import UsageError
    from ..pipeline import is_url, load_source
    from .storage import is_storage_url

    if is_storage_url(task.path):
        return _convert_source(task, _load_stored(task.path), None)
    if is_url(task.path):
        from ..web.fetch import Fetcher

        with Fetcher(task.fetch) as fetcher:
            return _convert_source(task, load_source(task.path, fetcher), fetcher)
    source = load_source(task.path)
    src_real = Path(task.path).resolve()
    if any(Path(out).resolve() == src_real for _, out in task.outputs):
        raise UsageError("an output would overwrite this input")
    return _convert_source(task, source, None)


def _load_stored(url: str) -> Any:
    """An input on fsspec storage as a Source named like a file (images beside it are not read)."""
    from ..pipeline import MAX_INPUT_BYTES
    from ..plugins import Source
    from .storage import read_input

    return Source(read_input(url, MAX_INPUT_BYTES), Path(url.rsplit("/", 1)[-1]))


def _convert_source(task: Task, source: Any, fetcher: Any) -> Outcome:
    from .. import registry
    from ..errors import WriteError
    from ..pipeline import make_context, read_source, render
    from .storage import is_storage_url, write_output

    ctx = make_context(source, task.options, fetcher)
    if is_storage_url(task.path):
        ctx.base_dir = None  # no local folder beside an input on storage: its relative images are not read
    t0 = time.perf_counter()
    doc = read_source(source, ctx, task.from_format)
    seconds = {"read": time.perf_counter() - t0}
    rendered: list[tuple[str, str, bytes]] = []
    for fmt, out in task.outputs:
        t0 = time.perf_counter()
        rendered.append((fmt, out, render(doc, registry.get_writer(fmt), ctx)))
        seconds[fmt] = time.perf_counter() - t0
    written = []
    for fmt, out, data in rendered:
        try:
            write_output(out, data)
        except OSError as exc:
            raise WriteError(f"cannot write {out}: {exc.strerror or exc}") from exc
        written.append((fmt, out, len(data), hashlib.sha256(data).hexdigest()))
    diags = [{"severity": d.severity, "code": d.code, "message": d.message} for d in ctx.diagnostics.items]
    return Outcome(task.key, task.path, True, sha256=hashlib.sha256(source.data).hexdigest(), outputs=written,
                   seconds=seconds, diagnostics=diags, language=doc.meta.language, title=doc.meta.title)
