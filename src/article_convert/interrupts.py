"""SIGINT/SIGTERM as an exception (Interrupted), so `finally` blocks and temporary-file cleanup run."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived in the parent; ``args[0]`` is the signal number."""


def _raise(signum: int, frame: Any) -> None:
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


def raising() -> Any:
    """Within: SIGINT/SIGTERM raise Interrupted."""
    return handlers(_raise)


def ignored() -> Any:
    """Within: SIGINT/SIGTERM are ignored (cleanup must finish)."""
    return handlers(signal.SIG_IGN)
