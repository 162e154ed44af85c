"""Printing that survives hostile names and closed pipes.

File names on Linux are bytes; Python hands those that are not UTF-8 over as lone surrogates
(``\\udcff``), which a UTF-8 stream refuses or prints unreadably. :func:`display` turns any text into
one printable line: undecodable bytes as ``\\xff``, control characters as ``\\x01``/``\\n``.

When standard output is closed or its reader went away (``| head -1``), :func:`stdout_gone`
points file descriptor 1 at ``/dev/null`` once and says so on standard error, so the program can
go on (or end) without a ``BrokenPipeError`` traceback at exit.
"""

from __future__ import annotations

import os
import re
import sys

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape_control(m: re.Match[str]) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
        f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def display(text: object) -> str:
    """``text`` as one printable line: undecodable file-name bytes as ``\\xff``, controls escaped."""
    s = str(text)
    if _SURROGATE.search(s):
        try:
            s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate not from a file name (e.g. a JSON "\\ud800")
            s = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    return _CONTROL.sub(_escape_control, s)


def has_bad_text(text: str) -> bool:
    """True when ``text`` holds lone surrogates (bytes that were not UTF-8) and cannot be written as UTF-8."""
    return _SURROGATE.search(text) is not None


_gone = False


def stdout_gone(note: str = "") -> None:
    """Standard output is closed or broken: silence it for the rest of the run and say so once."""
    global _gone
    if _gone:
        return
    _gone = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    if note:
        try:
            print(f"warning: standard output closed; {note}", file=sys.stderr, flush=True)
        except (OSError, ValueError, AttributeError):
            pass


def is_gone() -> bool:
    """True once :func:`stdout_gone` has run."""
    return _gone


def write_stdout_bytes(data: bytes) -> bool:
    """Write bytes to standard output; False when it is closed or broken (nothing raised)."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None or _gone:
        return False
    try:
        out.write(data)
        out.flush()
    except (BrokenPipeError, ValueError):
        stdout_gone()
        return False
    except OSError:
        stdout_gone()
        return False
    return True


def print_line(text: str, *, err: bool = False) -> None:
    """Print one line to stdout (or stderr); a broken stdout is silenced instead of raising."""
    stream = sys.stderr if err else sys.stdout
    if stream is None or (not err and _gone):
        return
    try:
        try:
            print(text, file=stream, flush=True)
        except UnicodeEncodeError:
            print(display(text), file=stream, flush=True)
    except BrokenPipeError:
        if not err:
            stdout_gone("progress is no longer shown; converting continues")
    except (OSError, ValueError):
        pass


def json_bytes(data: object, *, indent: int | None = 1, sort_keys: bool = False) -> bytes:
    """``data`` as UTF-8 JSON; strings holding undecodable file-name bytes (lone surrogates) are
    written as ``\\udcff`` escapes, which JSON allows and ``json.loads`` turns back into the same name."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
