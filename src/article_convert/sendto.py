"""``--send-to DIR``: copy finished books into an e-reader mounted as a folder, atomically.

The folder must already exist (a mount point that is missing means the reader is not connected,
and creating it would fill the computer's disk instead). Each file is written under a temporary
name in that folder, synced and renamed, so the reader never indexes half a book. Names are made
safe for the FAT/exFAT file systems e-readers use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .atomic import write_atomic
from .errors import UsageError, WriteError

_FAT_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def check_folder(folder: str) -> Path:
    """The device folder, or a usage error when it does not exist, is no folder or is not writable."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise UsageError(f"--send-to {folder}: no such folder (is the e-reader connected and mounted?)")
    if not path.is_dir():
        raise UsageError(f"--send-to {folder}: not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--send-to {folder}: not writable")
    return path


def device_name(name: str) -> str:
    """A file name every e-reader file system accepts (FAT forbids <>:"/\\|?* and trailing dots)."""
    safe = _FAT_UNSAFE.sub("_", name).rstrip(" .")
    return safe or "book"


def send_files(paths: Iterable[Path], folder: Path) -> list[Path]:
    """Copy each file into ``folder`` atomically; the copies' paths."""
    out = []
    for path in paths:
        target = folder / device_name(path.name)
        try:
            write_atomic(target, path.read_bytes())
        except OSError as exc:
            raise WriteError(f"--send-to: cannot write {target}: {exc.strerror or exc}") from exc
        out.append(target)
    return out
