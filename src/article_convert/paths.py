"""Path checks that never raise for a path the file system refuses to look up.

``Path.resolve`` raises RuntimeError or OSError for a symlink loop, and ``Path.is_dir`` or
``Path.exists`` OSError for a name longer than NAME_MAX: for a path given on the command line
those were tracebacks. Such a path is simply not a folder, and using it gives the one-line error.
"""

from __future__ import annotations

import os
from pathlib import Path


def resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when it cannot be resolved."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def is_dir(path: str | Path) -> bool:
    """``Path.is_dir()``, False where the path cannot be looked up at all."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def lookup_problem(path: Path) -> str | None:
    """Why ``path`` cannot be looked up (a symlink loop, a name too long…), or None (it exists or is missing)."""
    try:
        path.stat()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    return None
