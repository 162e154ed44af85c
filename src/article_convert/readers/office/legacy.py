"""Legacy word-processor files (.doc, .rtf, .wps) -> DOCX through LibreOffice headless -> Document.

Each conversion runs ``soffice`` in a private temporary folder with its own user profile
(``-env:UserInstallation``), so parallel batch workers never share (and lock) one profile, and
with a timeout. Without LibreOffice the reader fails with one line saying what to install: an RTF
is never read as plain text, control words and all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ...context import Context
from ...errors import InputError
from ...ir import Document
from ...plugins import Source

TIMEOUT_SECONDS = 120
INSTALL_HINT = (
    "reading .doc/.rtf/.wps needs LibreOffice: install it (Debian/Ubuntu: apt-get install "
    "libreoffice-writer-nogui; macOS: brew install --cask libreoffice) so that `soffice` is on the PATH"
)


def soffice() -> str | None:
    """The LibreOffice executable, if installed (``SOFFICE`` in the environment wins)."""
    env = os.environ.get("SOFFICE")
    if env:
        return env if shutil.which(env) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The input converted to DOCX by LibreOffice headless (InputError when it cannot be)."""
    exe = soffice()
    if exe is None:
        raise InputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="article-convert-lo-") as tmp:
        folder = Path(tmp)
        src = folder / f"input{suffix}"
        src.write_bytes(data)
        out = folder / "out"
        cmd = [
            exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src),
        ]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        except OSError as exc:
            raise InputError(f"cannot run LibreOffice ({exc.strerror or exc})") from exc
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _stop(proc)
            raise InputError(f"LibreOffice did not convert the document within {timeout:.0f} s") from exc
        except BaseException:
            _stop(proc)  # Ctrl-C or SIGTERM of a batch worker: no soffice left behind
            raise
        result = out / "input.docx"
        if not result.is_file():
            said = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            why = said[-1][:200] if said else f"exit code {proc.returncode}"
            raise InputError(f"not a readable {suffix.lstrip('.').upper()} document (LibreOffice: {why})")
        return result.read_bytes()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's whole process group (the launcher starts soffice.bin as a child)."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def read_legacy(source: Source, ctx: Context) -> Document:
    """Convert with LibreOffice, then read the DOCX it made."""
    from .docx_reader import read_docx

    suffix = source.path.suffix.lower() if source.path else ""
    if suffix not in (".doc", ".rtf", ".wps", ".dot"):  # RTF in a .txt or on stdin: LibreOffice goes by the name
        suffix = _sniff_suffix(source.data)
    docx = convert_to_docx(source.data, suffix)
    ctx.diagnostics.info("legacy-converted", f"converted from {suffix} to DOCX by LibreOffice")
    return read_docx(docx, ctx)


def _sniff_suffix(data: bytes) -> str:
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    return ".doc"
