"""Write files so that a reader never sees half of one, and never replace what is not a file.

What is at the output path decides how it is written:

- nothing, or a regular file: a temporary file in the same folder, then ``os.replace``;
- a symbolic link: written *through* the link, atomically, to the regular file it points to (the
  link stays a link, as with ``cp``); a link that points nowhere is refused;
- a character device (``/dev/null``, a terminal), a FIFO, ``/dev/stdout``/``/dev/fd/N``: the bytes
  are streamed into it, which is what writing there means (nothing is ever renamed over it);
- a folder, block device or socket: refused with an ``OSError`` that says so.

Temporary files are named ``.article-convert-PID-XXXXXXXX.part``; :func:`remove_stale_temp_files`
removes those that an earlier, killed run left behind.
"""

from __future__ import annotations

import errno
import os
import random
import re
import stat
import string
import time
from pathlib import Path
from typing import BinaryIO

from .interrupts import blocked, register_cleanup, unregister_cleanup

TEMP_PREFIX = ".article-convert-"
TEMP_SUFFIX = ".part"
STALE_AFTER_SECONDS = 15 * 60
"""A temporary file untouched this long belongs to a dead run: writing one takes seconds at most."""

_TEMP_NAME = re.compile(r"^\.article-convert-(?:(\d+)-)?[A-Za-z0-9_]{8}\.part$")
_NAME_CHARS = string.ascii_lowercase + string.digits + "_"
_FD_ALIASES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (see the module docstring for what each kind of path gets).

    On any failure (signals included) the temporary file is removed and the previous ``path``
    (if any) is untouched.
    """
    target = output_target(path)
    if target is None:
        _stream(path, data)
        return
    _replace(target, data)


def output_target(path: Path) -> Path | None:
    """The regular file to replace for ``path``, or None when the bytes must be streamed into it.

    Raises ``OSError`` for what cannot be written at all (folder, block device, socket, a
    symbolic link that points nowhere).
    """
    text = os.path.abspath(path)
    if text.startswith(_FD_ALIASES) and os.path.exists(text):
        return None  # /dev/stdout, /dev/fd/1, /proc/self/fd/1: the caller's own descriptor
    try:
        st = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        if os.path.islink(path):
            raise OSError(errno.ENOENT, "a symbolic link to a missing file (not written through)", str(path)) from None
        return path
    if stat.S_ISREG(st.st_mode):
        return Path(os.path.realpath(path)) if os.path.islink(path) else path
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        raise OSError(errno.EISDIR, "is a folder", str(path))
    kind = "a block device" if stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "special"
    raise OSError(errno.EINVAL, f"not a regular file ({kind}); refusing to write there", str(path))


def _stream(path: Path, data: bytes) -> None:
    """Write into a character device or FIFO as it is: never create, truncate or rename anything."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            os.ftruncate(fd, 0)  # /dev/stdout redirected to a file: start it afresh, like `>`
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _replace(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename over ``path`` (a regular file or nothing).

    No signal can leave the temporary file behind: its name is registered for cleanup by the signal
    handler (``interrupts.register_cleanup``) before the file is created (O_EXCL), creation and
    rename run with SIGINT/SIGTERM blocked, and cleanup is idempotent and finishes even when a
    signal handler raises inside it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o644
    tmp: str | None = None
    try:
        with blocked():  # a pending signal is raised when this block ends, inside the `try`
            fh = None
            for _ in range(100):
                tmp = _temp_name(path.parent)
                register_cleanup(tmp)  # before the file exists: a signal handler removes it from now on
                fh = _create_new(tmp)
                if fh is not None:
                    break
                unregister_cleanup(tmp)  # that name was someone else's: never remove it
                tmp = None
            if fh is None:
                raise OSError(errno.EEXIST, "no free name for a temporary file", str(path.parent))
        assert tmp is not None  # the file just created
        with fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # the slow step (a hanging disk): signals stay deliverable here
        os.chmod(tmp, mode)
        with blocked():
            os.replace(tmp, path)
            unregister_cleanup(tmp)  # renamed (a handler running just before this finds nothing to remove)
            tmp = None
    except BaseException:
        if tmp is not None:
            _discard(tmp)
        raise


def _temp_name(folder: Path) -> str:
    """A fresh temporary-file name in ``folder`` (``.article-convert-PID-XXXXXXXX.part``)."""
    return os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{''.join(random.choices(_NAME_CHARS, k=8))}{TEMP_SUFFIX}")


def _create_new(name: str) -> BinaryIO | None:
    """Create ``name`` exclusively (O_EXCL, mode 0600) and open it for writing; None if it exists."""
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        return None
    return os.fdopen(fd, "wb")


def _discard(tmp: str) -> None:
    """Remove ``tmp`` (already gone is fine), even if a signal handler raises meanwhile; re-raise that after."""
    unregister_cleanup(tmp)
    caught: BaseException | None = None
    for _ in range(1000):  # each round that fails needs a new signal: bounded in practice and here
        try:
            with blocked():
                try:
                    os.unlink(tmp)
                except FileNotFoundError:
                    pass
                except OSError:
                    break  # cannot remove (permissions changed, folder gone): nothing more to do
            break
        except BaseException as exc:  # noqa: BLE001 - a signal handler's exception: re-raised below
            caught = caught or exc
    if caught is not None:
        raise caught


def is_temp_name(name: str) -> bool:
    """True for the name of one of our temporary files."""
    return _TEMP_NAME.match(name) is not None


def temp_owner_pid(name: str) -> int | None:
    """The process id a temporary file's name carries (None for names of older versions)."""
    m = _TEMP_NAME.match(name)
    return int(m.group(1)) if m and m.group(1) else None


def remove_stale_temp_files(folder: Path, *, older_than: float = STALE_AFTER_SECONDS, pid: int | None = None,
                            recursive: bool = False) -> list[Path]:
    """Remove our temporary files that a killed run left in ``folder``; return what was removed.

    Safe by construction: only names of our own pattern, only regular files owned by this user,
    and only those untouched for ``older_than`` seconds, or (``pid``) written by that dead process.
    """
    removed: list[Path] = []
    now = time.time()
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    walker = os.walk(folder) if recursive else [(str(folder), [], _names(folder))]
    for here, _, names in walker:
        for name in names:
            if not is_temp_name(name) or (pid is not None and temp_owner_pid(name) != pid):
                continue
            path = Path(here) / name
            try:
                st = os.lstat(path)
                if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
                    continue
                if pid is None and now - st.st_mtime < older_than:
                    continue
                path.unlink()
                removed.append(path)
            except OSError:
                continue
    return removed


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
