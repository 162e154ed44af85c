"""SIGINT/SIGTERM as an exception (Interrupted), so `finally` blocks and temporary-file cleanup run."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived in the parent; ``args[0]`` is the signal number."""


_CLEANUP: set[str] = set()
"""Temporary files being written: removed by the signal handler itself, wherever the signal lands."""


def register_cleanup(path: str) -> None:
    """Remove ``path`` if SIGINT/SIGTERM arrives; call *before* the file is created, so no window exists."""
    _CLEANUP.add(path)


def unregister_cleanup(path: str) -> None:
    """``path`` was renamed into place or removed: nothing to clean up any more."""
    _CLEANUP.discard(path)


def remove_registered() -> None:
    """Remove every registered temporary file (missing ones are fine: idempotent)."""
    for path in list(_CLEANUP):
        try:
            os.unlink(path)
        except OSError:
            pass
        _CLEANUP.discard(path)


def _raise(signum: int, frame: Any) -> None:
    remove_registered()  # first: the exception may surface where no `except` can clean up any more
    raise Interrupted(signum)


@contextmanager
def handlers(handler: Any) -> Iterator[None]:
    """Install ``handler`` for SIGINT and SIGTERM (main thread only) and restore the old ones after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def blocked() -> Iterator[None]:
    """Within: SIGINT/SIGTERM are held (not lost) for this thread, so a short critical step completes.

    A signal that arrived meanwhile is handled when the block ends, which may raise (``Interrupted``)
    out of the ``with`` statement, never from inside it. Where ``pthread_sigmask`` is missing, a no-op.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def raising() -> Any:
    """Within: SIGINT/SIGTERM raise Interrupted."""
    return handlers(_raise)


def ignored() -> Any:
    """Within: SIGINT/SIGTERM are ignored (cleanup must finish)."""
    return handlers(signal.SIG_IGN)
