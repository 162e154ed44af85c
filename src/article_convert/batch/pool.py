"""Run tasks in-process or in worker processes, streaming outcomes back as they complete.

A worker that dies (segfault, ``os._exit``, out-of-memory kill) breaks a
``ProcessPoolExecutor``; the tasks it may have been running are then retried one at a time in a
fresh pool, so the one that kills its worker is reported as failed and the rest continue.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import signals
from .worker import Outcome, Task, convert_task, init_worker, run_task

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
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=self.initializer,
                                   initargs=(self.formats,))

    def submit(self, task: Task) -> Future[Outcome]:
        """Queue one task."""
        return self.executor.submit(self.fn, task)

    def restart(self) -> None:
        """Replace a broken executor with a fresh one."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def isolated(self, task: Task) -> Outcome:
        """Run one task alone, so a crash can be blamed on it."""
        try:
            return self.submit(task).result()
        except BrokenProcessPool:
            self.restart()
            return Outcome(task.key, task.path, False, CRASHED)

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

    def close(self) -> None:
        """Normal end: let workers exit."""
        self.executor.shutdown(wait=True)


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
                task = queue.popleft()
                flying[pool.submit(task)] = task
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
                pool.restart()
                for task in suspects:
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
