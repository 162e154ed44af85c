"""The Dask task: convert a chunk of batch tasks on a worker with the pool's own per-file function.

Runs inside a Dask worker process. It imports nothing of Dask, so it can be unit-tested (and is
a thin wrapper: ``worker.convert_task``, and through it ``convert_one``, the per-file path every
command shares, does the conversion, as in the local pool). The writers
warm up once per worker process (fonts, hyphenation and caches loaded by the first call), and one
lock makes a worker with several threads convert one file at a time: the conversion is pure Python
(the GIL allows no more) and its caches are not meant to be shared between threads.
"""

from __future__ import annotations

import threading

from .worker import Outcome, Task, convert_task, warm_up

_LOCK = threading.Lock()
_WARM: set[tuple[str, ...]] = set()


def warm_once(formats: tuple[str, ...]) -> None:
    """Load each writer's fonts and caches the first time this process sees ``formats`` (the collector
    keeps its default threshold, as in batch's own workers: see ``startup``)."""
    if formats not in _WARM:
        warm_up(formats)
        _WARM.add(formats)


def convert_chunk(tasks: list[Task], formats: tuple[str, ...]) -> list[Outcome]:
    """Convert ``tasks`` one after the other; every file gets its Outcome, a bad one fails alone."""
    with _LOCK:
        warm_once(formats)
        return [convert_task(task) for task in tasks]
