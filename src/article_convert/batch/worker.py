"""Convert one batch task; runs in a worker process (or in-process with --jobs 1).

Everything crossing the process boundary is plain picklable data (the Task carries the
settings resolved once by the batch). The conversion itself is ``convert_one``, the per-file
path ``convert`` and ``bundle`` share: every format rendered before any file is written, each
written completely or not at all.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import Settings
from ..web.settings import FetchSettings


@dataclass(frozen=True)
class Task:
    """One input to convert: where it is, where each format goes (absolute paths), the settings
    resolved once for the whole batch."""

    key: str
    path: str
    outputs: tuple[tuple[str, str], ...]
    settings: Settings
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
    source_id: str = ""
    """For an input on storage: the store's identity of the bytes converted (kept in the manifest)."""


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


def warm_up_document() -> Any:
    """A small valid Document touching what most articles have: title block, a question with its
    answer, a paragraph with emphasis, Cyrillic letters beyond Russian."""
    from ..ir import Answer, Document, Emph, Metadata, Paragraph, Question, Text

    return Document(
        Metadata(title="Прогрев", lead="Короткий лид.", language="ru", authors=("Тест",), date="2000-01-01"),
        (Question((Paragraph((Text("Вопрос?"),)),)),
         Answer((Paragraph((Text("Съешь же ещё этих мягких "), Emph((Text("булок"),)), Text(". Қазақ ә ғ қ ң."))),)),
         Paragraph((Text("Съешь же ещё этих мягких французских булок, да выпей чаю."),))),
    )


def warm_up(formats: tuple[str, ...]) -> dict[str, str]:
    """Import each writer and render a small valid Document, so fonts and caches load once per process.

    Returns the writers that failed and why (empty when all rendered): a writer that fails here
    fails on the first file too, where its error is reported; the warm-up only must not stop the pool.
    """
    from datetime import datetime, timezone

    from .. import registry
    from ..context import Context

    doc = warm_up_document()
    failed: dict[str, str] = {}
    for fmt in formats:
        try:
            ctx = Context(now=datetime(2000, 1, 1, tzinfo=timezone.utc))
            registry.get_writer(fmt).write(doc, ctx)
        except Exception as exc:  # noqa: BLE001 - a broken writer is reported per file later, with its reason
            failed[fmt] = f"{type(exc).__name__}: {exc}"
    return failed


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
    """The task through ``convert_one``, the per-file path every command shares."""
    from ..convert_one import Target, convert_one

    targets = [Target(fmt, out) for fmt, out in task.outputs]
    done = convert_one(task.path, targets, task.settings, from_format=task.from_format, fetch=task.fetch,
                       clean_stale=False)  # the batch cleaned its output tree once, before starting
    diags = [{"severity": d.severity, "code": d.code, "message": d.message} for d in done.diagnostics.items]
    return Outcome(task.key, task.path, True, sha256=done.input_sha256,
                   outputs=[(w.format, w.path, w.size, w.sha256) for w in done.written], seconds=done.seconds,
                   diagnostics=diags, language=done.document.meta.language, title=done.document.meta.title,
                   source_id=done.source_id)
