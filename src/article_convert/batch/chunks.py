"""The Dask task: convert a chunk of batch tasks on a worker with the pool's own per-file function.

Runs inside a Dask worker process. It imports nothing of Dask (only ``distributed.Event`` for the
run-once guard of a ``tcp://`` run, ``first_run``), so it can be unit-tested (and is a thin wrapper: ``worker.convert_task``, and through it ``convert_one``, the per-file path every
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


def convert_chunk(tasks: list[Task], formats: tuple[str, ...], guard: str | None = None) -> list[Outcome] | None:
    """Convert ``tasks`` one after the other; every file gets its Outcome, a bad one fails alone.

    With ``guard`` (a name, on a ``tcp://`` scheduler) a chunk runs at most once: None, converting
    nothing, when an earlier run of it started on a worker that then died (``first_run``)."""
    if guard is not None and not _first_run_or_unknown(guard):
        return None
    with _LOCK:
        warm_once(formats)
        return [convert_task(task) for task in tasks]


def _first_run_or_unknown(guard: str) -> bool:
    """``first_run``, or True when the scheduler cannot be asked (the chunk is converted, and a worker
    death costs the scheduler's own ``allowed-failures`` again, as before the guard)."""
    try:
        return first_run(guard)
    except Exception:  # noqa: BLE001 - no worker client, an old scheduler: convert rather than fail the files
        return True


def first_run(guard: str) -> bool:
    """Whether this is the first time the chunk named ``guard`` starts (a Dask ``Event`` on the
    scheduler, set as it starts). A scheduler runs a chunk again after its worker died up to its own
    ``allowed-failures`` times; this lets the batch count the deaths itself, as on ``local:N``."""
    from distributed import Event  # only on a Dask worker

    event = Event(guard)
    if event.is_set():
        return False
    event.set()
    return True
