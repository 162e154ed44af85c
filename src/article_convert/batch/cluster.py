"""Run batch tasks on Dask: ``--scheduler local:N`` (a LocalCluster on this machine) or ``tcp://HOST:PORT``.

Dask (``distributed``) is imported only here, only when ``--scheduler`` is given. Tasks go out in
chunks of a few dozen files (``chunks.convert_chunk``, the pool's per-file function in a loop), so
scheduler overhead stays small next to the work; each chunk's outcomes come back together and feed
the same ``on_outcome`` as the local pool (manifest, report, progress). A worker that dies is
Dask's business: the scheduler runs its chunk again on another worker (outputs are written whole, so
a second run of a file replaces complete files with complete files). A chunk that keeps killing
workers (Dask's ``KilledWorker``) is split and its files retried one by one, so only the file that
kills a worker fails. This client does the retrying, so a chunk goes to at most one worker that dies:
on a LocalCluster started here the scheduler gives up on a task at its first worker death
(``allowed_failures=0``); a ``tcp://`` scheduler is not ours to configure (it re-runs a task up to its
own ``allowed-failures``, 3 by default), so there each chunk carries a run-once guard
(``chunks.first_run``) and a re-run converts nothing and comes back as None. Either way a chunk is
split at its first worker death, a single file gets one more try, so a file that crashes its worker
costs three worker deaths, not Dask's four per try (eight with the split).
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Any

from ..errors import ArticleConvertError, UsageError
from .worker import Outcome, Task

CONNECT_TIMEOUT = 10.0
"""Seconds to reach a scheduler before giving up with one line (a wrong address fails fast)."""
PROBE_TIMEOUT = 5.0
"""Seconds for the first TCP connection to a ``tcp://`` scheduler (refused: at once)."""
CHUNK = 24
"""Files per Dask task at most (fewer for small batches, so every worker gets several tasks)."""
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}
"""Dask's own sampling (a stack profiler every 10 ms, an event-loop tick every 20 ms, psutil twice a
second) takes ~10 % of a worker's CPU from a pure-Python task; this client and a LocalCluster started
here turn it down (README: the same settings as environment variables for `dask worker`)."""
CRASHED = "a Dask worker died while converting this file each time it was tried"
SINGLE_TRIES = 2
"""Tries of a single file whose worker died (the first death of a chunk splits it without counting):
one more, so a worker killed for another reason (the machine's out-of-memory killer) does not fail an
innocent file."""
OnOutcome = Callable[[Outcome], None]
POLL_SECONDS = 2.0
"""How often a run with nothing finishing checks that its LocalCluster still has a worker to run on."""
NO_WORKER_SECONDS = 60.0
"""A LocalCluster without a single worker this long has none that can start (a restart takes seconds)."""
GUARD_CLEARS = 30.0
"""Seconds to remove a run's run-once guards from a ``tcp://`` scheduler at its end, at most."""
GONE = frozenset({"closing", "closed", "failed", "closing_gracefully"})
"""Nanny states after which it restarts no worker."""


class ClusterLost(ArticleConvertError):
    """The cluster can no longer run the batch: what had arrived is kept, the rest is not done."""


class SchedulerLost(ClusterLost):
    """The connection to the scheduler broke mid-run."""


class NoWorkers(ClusterLost):
    """Every worker of a LocalCluster started here is gone for good."""


@dataclass(frozen=True)
class SchedulerSpec:
    """Where to run: ``local`` workers in a LocalCluster here, or a scheduler's ``address``."""

    text: str
    address: str | None = None
    local: int | None = None


def parse_scheduler(text: str) -> SchedulerSpec:
    """``local:N`` or ``tcp://HOST:PORT`` (also ``tls://``, ``ws://``, ``wss://``); a usage error otherwise."""
    value = text.strip()
    if value.lower().startswith("local:"):
        count = value[6:]
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--scheduler {text}: local:N needs a worker count of at least 1, e.g. local:2")
        return SchedulerSpec(text, local=int(count))
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in ("tcp", "tls", "ws", "wss") or not rest:
        raise UsageError(f"--scheduler {text}: give tcp://HOST:PORT (a running `dask scheduler`) or local:N")
    return SchedulerSpec(text, address=value)


def _distributed() -> Any:
    """The ``distributed`` package, or a usage error that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise UsageError("--scheduler needs Dask: pip install 'article-convert[dask]'") from exc
    return distributed


class DaskRun:
    """A connection to a Dask cluster (started here for ``local:N``) that converts batch tasks."""

    def __init__(self, spec: SchedulerSpec) -> None:
        dist = _distributed()
        self.dist = dist
        self.cluster: Any = None
        self.client: Any = None
        self.text = spec.text
        self.no_worker_since: float | None = None
        self.single_tries = SINGLE_TRIES
        self.guarded = spec.local is None
        """Chunks carry a run-once guard (a ``tcp://`` scheduler re-runs them on its own)."""
        self.guards: list[str] = []
        """The guards set on the scheduler this run (removed by ``close``)."""
        self.deaths: dict[tuple[str, str], int] = {}
        _silence()
        import dask

        dask.config.set(QUIET)  # this process and the LocalCluster's workers (they get this config)
        try:
            if spec.local is not None:
                # one task on a worker at a time: a worker that dies takes down only the task it ran
                # (queued ones would count as suspects too, and fail at the first death)
                dask.config.set({"distributed.scheduler.worker-saturation": 1.0})
                self.cluster = dist.LocalCluster(n_workers=spec.local, threads_per_worker=1, processes=True,
                                                 host="127.0.0.1", dashboard_address=":0",  # any free port
                                                 silence_logs=logging.CRITICAL,
                                                 scheduler_kwargs={"allowed_failures": 0})  # we retry: _collect
                self.client = dist.Client(self.cluster, timeout=CONNECT_TIMEOUT)
            else:
                _probe(spec.address or "")
                self.client = dist.Client(spec.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            what = "cannot start the local Dask cluster" if spec.local is not None else "cannot reach the Dask scheduler"
            raise ArticleConvertError(f"--scheduler {spec.text}: {what} ({_one_line(exc)})") from exc
        except Exception as exc:  # a LocalCluster whose workers fail to start (e.g. on a starved machine)
            self.close()
            raise ArticleConvertError(f"--scheduler {spec.text}: cannot start the Dask cluster "
                                      f"({type(exc).__name__}: {_one_line(exc)})") from exc

    def workers(self) -> int:
        """Threads across the cluster's workers now (at least 1: workers may join later)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # noqa: BLE001 - a scheduler that went away: the run itself will say so
            return 1

    def run(self, tasks: list[Task], formats: tuple[str, ...], on_outcome: OnOutcome) -> None:
        """Convert ``tasks`` in chunks, a bounded number in flight; each outcome goes to ``on_outcome``."""
        from .chunks import convert_chunk

        tasks, on_outcome = _anywhere(tasks, on_outcome)
        chunks = split(tasks, self.workers())
        token = uuid.uuid4().hex[:12]
        flying: dict[Any, list[Task]] = {}
        ready = threading.Event()
        counter = 0

        def submit(chunk: list[Task]) -> None:
            nonlocal counter
            counter += 1
            key = f"article-convert-{token}-{counter}"
            guard = _guard(key) if self.guarded else None
            if guard is not None:
                self.guards.append(guard)
            fut = self.client.submit(convert_chunk, chunk, formats, guard, key=key, pure=False)
            fut.add_done_callback(lambda _: ready.set())  # called in another thread, also when cancelled
            flying[fut] = chunk

        try:
            window = self._window()
            while chunks and len(flying) < window:
                submit(chunks.pop(0))
            while flying:
                for fut in self._finished(flying, ready):
                    self._collect(fut, flying.pop(fut), submit, on_outcome)
                window = self._window() if chunks else window
                while chunks and len(flying) < window:
                    submit(chunks.pop(0))
        except BaseException:
            from . import signals

            with signals.ignored():  # a second Ctrl-C must not leave a half-closed cluster
                self._harvest(flying, on_outcome)
                try:
                    self.client.cancel(list(flying), force=True)
                except Exception:  # noqa: BLE001, S110 - the scheduler is gone: nothing runs for us any more
                    pass
                self.close()
            raise

    def _finished(self, flying: dict[Any, list[Task]], ready: threading.Event) -> list[Any]:
        """The chunks that have finished (or were cancelled), in the order they went out; while none
        has, wait for one (``ready`` is set by each future's done callback) at most POLL_SECONDS at a
        time, and check that the cluster can still run them (``_check_workers``)."""
        ready.clear()  # before looking: a chunk that finishes after the look sets it again
        done = [fut for fut in flying if fut.done()]
        if not done:
            if not ready.wait(POLL_SECONDS):
                self._check_workers()
            done = [fut for fut in flying if fut.done()]
        return done

    def _result(self, fut: Any) -> list[Outcome] | None:
        """A finished chunk's outcomes. They are fetched from the worker that holds them; if it died
        meanwhile, Dask computes the chunk again, so wait for that while checking that the cluster can
        (``_check_workers``): without a worker the fetch would wait for ever."""
        while True:
            try:
                return fut.result(timeout=POLL_SECONDS)  # type: ignore[no-any-return]
            except (TimeoutError, asyncio.TimeoutError):  # the same class from Python 3.11 on
                self._check_workers()

    def _check_workers(self) -> None:
        """A LocalCluster started here that has lost every worker for good will never run anything: end
        the run with the reason instead of waiting for ever. For good means every nanny gave up (a
        restart that failed), or no worker at all for NO_WORKER_SECONDS (a nanny restarting, again and
        again, a worker process that dies as it starts). A ``tcp://`` cluster may get workers later."""
        if self.cluster is None:
            return
        nannies = list(getattr(self.cluster, "workers", {}).values())
        gone = not any(getattr(getattr(n, "status", None), "name", "") not in GONE for n in nannies)
        try:
            empty = not self.client.nthreads()
        except Exception:  # noqa: BLE001 - the scheduler itself is unreachable: the futures will say so
            empty = False
        now = time.monotonic()
        self.no_worker_since = (self.no_worker_since or now) if empty else None
        if gone or (self.no_worker_since is not None and now - self.no_worker_since >= NO_WORKER_SECONDS):
            raise NoWorkers(f"--scheduler {self.text}: every Dask worker died and none could be restarted; "
                            "run the same command again to finish")

    def _window(self) -> int:
        """Chunks in flight: enough to keep every worker busy, few enough that Ctrl-C cancels most."""
        return 3 * self.workers() + 2

    def _collect(self, fut: Any, chunk: list[Task], submit: Callable[[list[Task]], None],
                 on_outcome: OnOutcome) -> None:
        """Report a finished chunk; split one that killed its workers, fail a single file that did."""
        try:
            outcomes = self._result(fut)
        except ClusterLost:
            raise
        except CancelledError as exc:  # only this run cancels its futures, and not before it stops
            why = getattr(exc, "reason", None) or _one_line(exc)
            raise SchedulerLost(f"--scheduler: lost the connection to the Dask scheduler ({why}); run the same "
                                "command again to finish") from exc
        except self.dist.KilledWorker:
            outcomes = None
        except Exception as exc:  # noqa: BLE001 - lost scheduler, unpicklable result: each file fails with why
            outcomes = [Outcome(t.key, t.path, False, f"internal error: {type(exc).__name__}: {_one_line(exc)}")
                        for t in chunk]
        _release(fut)  # collected: the scheduler must not compute it again when the worker holding it dies
        if outcomes is None:  # its worker died (KilledWorker, or the run-once guard saw it re-run)
            self._died(chunk, submit, on_outcome)
            return
        for outcome in outcomes:
            on_outcome(outcome)

    def _died(self, chunk: list[Task], submit: Callable[[list[Task]], None], on_outcome: OnOutcome) -> None:
        """A chunk whose worker died: its files one by one; a single file tried SINGLE_TRIES times fails."""
        if len(chunk) > 1:
            for task in chunk:
                submit([task])
            return
        task = chunk[0]
        tries = self.deaths[(task.key, task.path)] = self.deaths.get((task.key, task.path), 0) + 1
        if tries < self.single_tries:
            submit([task])
            return
        on_outcome(Outcome(task.key, task.path, False, CRASHED))

    def _forget_guards(self) -> None:
        """Remove this run's run-once guards from the scheduler (it is not ours to litter). Only at the
        end: a chunk the scheduler still runs again (its result was lost with a worker) must meet its guard.
        The requests go out together (``Event.clear``'s own call, one round trip each, would add up on a
        far scheduler), at most GUARD_CLEARS seconds in all."""
        guards, self.guards = self.guards, []
        client = self.client

        async def clear_all() -> None:
            await asyncio.gather(*(client.scheduler.event_clear(name=guard) for guard in guards))

        try:
            client.sync(clear_all, callback_timeout=GUARD_CLEARS)
        except Exception:  # noqa: BLE001, S110 - the scheduler went away: nothing is left to remove
            pass

    @staticmethod
    def _harvest(flying: dict[Any, list[Task]], on_outcome: OnOutcome) -> None:
        """On interrupt, keep the outcomes that had already arrived (their files are complete)."""
        for fut in list(flying):
            if fut.status == "finished":
                try:
                    outcomes = fut.result(timeout=1)
                except Exception:  # noqa: BLE001, S112 - not ours to report any more
                    continue
                flying.pop(fut)
                for outcome in outcomes or ():  # None: a re-run the guard stopped (not converted)
                    on_outcome(outcome)

    def close(self) -> None:
        """Disconnect, and stop the workers of a LocalCluster started here (idempotent)."""
        if self.client is not None and self.guards:
            self._forget_guards()
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001, S110 - already closed or unreachable: nothing left to stop
                    pass


def _release(fut: Any) -> None:
    """Let the scheduler forget a collected chunk (errors ignored: a scheduler gone has forgotten it)."""
    try:
        fut.release()
    except Exception:  # noqa: BLE001, S110 - already released, or no scheduler any more
        pass


def _guard(key: str) -> str:
    """The name of the run-once guard (a Dask Event) of the chunk with task key ``key``."""
    return f"{key}-started"


def _anywhere(tasks: list[Task], on_outcome: OnOutcome) -> tuple[list[Task], OnOutcome]:
    """Tasks with absolute local paths (a worker runs in another folder, maybe on another machine sharing
    the files) and an ``on_outcome`` that gives each outcome back its paths as the batch named them."""
    import dataclasses
    import os

    from .storage import is_storage_url

    def far(path: str) -> str:
        return path if is_storage_url(path) else os.path.abspath(path)

    given: dict[tuple[str, str], Task] = {}
    out = []
    for task in tasks:
        moved = dataclasses.replace(task, path=far(task.path), outputs=tuple((f, far(o)) for f, o in task.outputs))
        given[(moved.key, moved.path)] = task
        out.append(moved)

    def back(outcome: Outcome) -> None:
        task = given.get((outcome.key, outcome.path))
        if task is not None:
            named = dict(task.outputs)
            outcome.path = task.path
            outcome.outputs = [(fmt, named.get(fmt, path), size, sha) for fmt, path, size, sha in outcome.outputs]
        on_outcome(outcome)

    return out, back


def split(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Chunks of at most CHUNK files, at least four per worker when there are enough files; tasks are
    dealt round-robin, so the biggest files (sorted first) land in different chunks."""
    if not tasks:
        return []
    size = max(1, min(CHUNK, math.ceil(len(tasks) / (4 * workers))))
    count = math.ceil(len(tasks) / size)
    return [tasks[i::count] for i in range(count)]


def _silence() -> None:
    """Dask's and tornado's loggers (connection retries, shutdown chatter, with tracebacks): not for a person."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in ("distributed", "tornado")]
    for name in ["distributed", "tornado", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _probe(address: str) -> None:
    """Open and close a TCP connection to a ``tcp://`` scheduler: a refused or unroutable address fails in
    at most PROBE_TIMEOUT seconds with the system's reason (Dask itself retries until its timeout)."""
    import socket
    from urllib.parse import urlsplit

    if not address.lower().startswith("tcp://"):
        return
    parts = urlsplit(address)
    try:
        port = parts.port or 8786
    except ValueError as exc:
        raise OSError(f"bad port in {address}") from exc
    with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=PROBE_TIMEOUT):
        pass


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
