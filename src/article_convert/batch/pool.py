"""Run tasks in-process or in worker processes, streaming outcomes back as they complete.

A worker that dies (segfault, ``os._exit``, out-of-memory kill) breaks a
``ProcessPoolExecutor``. Each worker names the task it is running in a mark file, so the task of a
dead worker fails at once (its temporary file removed); the other tasks that were in flight are
retried one at a time in a fresh pool (where a crash can be blamed on one task), and the rest continue.
Workers watch their parent and exit when it is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..atomic import remove_stale_temp_files
from . import signals
from .worker import (
    Outcome,
    Task,
    convert_task,
    init_pool_worker,
    init_worker,
    mark_path,
    marked_call,
    run_task,
)

OnOutcome = Callable[[Outcome], None]
CRASHED = "the worker process died while converting this file (crash or killed)"


def _context() -> Any:
    """``fork`` on Linux (workers start instantly and share the parent's imports), else the default."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class WorkerPool:
    """A ProcessPoolExecutor that can be replaced after a crash and stopped at once on a signal."""

    def __init__(self, jobs: int, formats: tuple[str, ...], fn: Callable[[Task], Outcome] = run_task,
                 initializer: Callable[..., None] = init_worker) -> None:
        self.jobs, self.formats, self.fn, self.initializer = jobs, formats, fn, initializer
        self.marks = tempfile.mkdtemp(prefix="article-convert-workers-")
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=init_pool_worker,
                                   initargs=(self.initializer, self.formats, os.getpid(), self.marks))

    def submit(self, task: Task) -> Future[Outcome]:
        """Queue one task."""
        return self.executor.submit(marked_call, self.fn, task)

    def restart(self) -> dict[tuple[str, str], tuple[str, int]]:
        """Replace a broken executor with a fresh one; the tasks its dead workers were running, with how
        each worker died (a worker stopped by the executor itself, SIGTERM, is not counted)."""
        procs = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        killed: dict[tuple[str, str], tuple[str, int]] = {}
        for proc in procs:
            proc.join(timeout=10)
            how = _death(proc.exitcode)
            mark = mark_path(self.marks, proc.pid) if proc.pid else None
            if mark is None or not mark.exists():
                continue
            try:
                key, _, path = mark.read_text(encoding="utf-8", errors="surrogateescape").partition("\0")
                mark.unlink()
            except OSError:
                continue
            if how:
                killed[(key, path)] = (how, proc.pid)
        self.executor = self._new()
        return killed

    def isolated(self, task: Task) -> Outcome:
        """Run one task alone, so a crash can be blamed on it."""
        try:
            return self.submit(task).result()
        except BrokenProcessPool:
            death = self.restart().get((task.key, task.path))
            if death:
                remove_partial(task, death[1])
            return Outcome(task.key, task.path, False, f"{CRASHED}: {death[0]}" if death else CRASHED)

    def kill(self) -> None:
        """Stop every worker now: SIGTERM (they remove their temporary files), then SIGKILL stragglers."""
        procs = list(getattr(self.executor, "_processes", {}).values())
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        self.executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.marks, ignore_errors=True)

    def close(self) -> None:
        """Normal end: let workers exit."""
        self.executor.shutdown(wait=True)
        shutil.rmtree(self.marks, ignore_errors=True)


def _death(exitcode: int | None) -> str:
    """How a worker died, or "" when it was alive, ended normally or was stopped with SIGTERM by us."""
    if exitcode is None or exitcode in (0, 128 + signal.SIGTERM, signal.SIGTERM, -signal.SIGTERM):
        return ""
    if exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}" if -exitcode in signal.valid_signals() else \
            f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def remove_partial(task: Task, pid: int) -> None:
    """Remove the temporary files the killed worker ``pid`` left in the task's output folders."""
    from pathlib import Path

    for folder in dict.fromkeys(Path(out).parent for _, out in task.outputs):
        remove_stale_temp_files(folder, pid=pid)


def run_in_process(tasks: Iterable[Task], on_outcome: OnOutcome) -> None:
    """``--jobs 1``: convert one after the other in this process (easy to debug)."""
    for task in tasks:
        on_outcome(convert_task(task))


def run_in_pool(tasks: Iterable[Task], pool: WorkerPool, on_outcome: OnOutcome) -> None:
    """Keep at most two tasks per worker in flight and report each outcome as it arrives."""
    queue = deque(tasks)
    flying: dict[Future[Outcome], Task] = {}
    limit = 2 * pool.jobs
    try:
        while queue or flying:
            while queue and len(flying) < limit:
                try:
                    fut = pool.submit(queue[0])
                except BrokenProcessPool:  # a worker died since the last look: its task is among those in flight
                    if not flying:  # (or it was idle): nothing to blame, start afresh
                        pool.restart()
                        continue
                    break
                flying[fut] = queue.popleft()
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            suspects = []
            for fut in done:
                task = flying.pop(fut)
                try:
                    on_outcome(fut.result())
                except BrokenProcessPool:
                    suspects.append(task)
            if suspects:
                suspects += list(flying.values())
                flying.clear()
                killed = pool.restart()
                for task in suspects:
                    death = killed.get((task.key, task.path))
                    if death:  # this task's own worker died: fail it, don't run it again
                        remove_partial(task, death[1])
                        on_outcome(Outcome(task.key, task.path, False, f"{CRASHED}: {death[0]}"))
                    else:
                        on_outcome(pool.isolated(task))
    except BaseException:
        with signals.ignored():  # a second Ctrl-C must not leave workers running
            _harvest(flying, on_outcome)
            pool.kill()
        raise
    pool.close()


def _harvest(flying: dict[Future[Outcome], Task], on_outcome: OnOutcome) -> None:
    """On interrupt, keep the outcomes that had already arrived (their files are complete)."""
    for fut in flying:
        if fut.done() and not fut.cancelled() and fut.exception() is None:
            on_outcome(fut.result())
