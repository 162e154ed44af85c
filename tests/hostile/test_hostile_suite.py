"""The hostile-input suite (issue 9): generated bombs and damaged files through the real CLI.

Each case runs ``python -m article_convert`` in a child process limited to 1 GB of address
space and to its time bound in CPU seconds (``resource.setrlimit``), so a regression cannot take the
machine down: it fails the test instead. CPU time, not wall time, is what the bound measures: the
same run takes three times as long by the clock on a machine busy with other work, and the suite
must not fail for that (a wall-clock guard of ``WALL_FACTOR`` times the bound still stops a child
that hangs without computing). Every case must end in one of two ways:
- converted (exit 0), with the case's marker words in the JSON output (no silent loss); if
  anything was repaired, flattened or removed there is a ``warning:`` and ``--strict`` fails
  (that run bounded the same way);
- refused (exit 1) with ``error: FILE: ...`` lines and no output file.
Never a traceback.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .cases import Case, cases

MEMORY_LIMIT = 1 << 30
"""Bytes of address space a conversion may use (1 GB)."""

TIME_LIMIT = 10.0
"""Seconds one hostile input may take to read and write as JSON."""

PER_EXTRA_FORMAT = 6.0
"""Further seconds allowed for each other format written in the same run (PDF, DOCX...)."""


WALL_FACTOR = 4.0
"""The wall-clock guard, in multiples of the CPU bound (a child blocked on nothing is still stopped)."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process under the memory limit; TimeoutExpired fails the test."""
    return _bounded([sys.executable, "-m", "article_convert", *args], cwd, timeout)


def _bounded(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """``command`` under RLIMIT_AS = MEMORY_LIMIT and ``timeout`` CPU seconds (then killed by SIGXCPU:
    TimeoutExpired, as after ``WALL_FACTOR * timeout`` seconds of wall time)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cpu = math.ceil(timeout)

    def limits() -> None:
        _limit_memory()
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    proc = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=WALL_FACTOR * timeout, preexec_fn=limits,
        env=env, check=False,
    )
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise subprocess.TimeoutExpired(command, timeout, proc.stdout, proc.stderr)
    return proc


def test_hostile_bounds_stop_a_run_that_exceeds_them(tmp_path: Path) -> None:
    """The bounds are real, not advisory: a child asking for 2 GB gets MemoryError (which the suite
    treats as a failure), and a child still running at the timeout is killed, not waited for."""
    big = _bounded([sys.executable, "-c", "b = bytearray(2 << 30)"], tmp_path, 60)
    assert big.returncode != 0 and "MemoryError" in big.stderr, big.stderr[-500:]
    pid_file = tmp_path / "pid"
    sleeper = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    with pytest.raises(subprocess.TimeoutExpired):
        _bounded([sys.executable, "-c", sleeper], tmp_path, 1)  # waits: stopped by the wall-clock guard
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped by subprocess.run
        os.kill(pid, 0)
    with pytest.raises(subprocess.TimeoutExpired):  # computes: stopped by its CPU bound
        _bounded([sys.executable, "-c", "while True: pass"], tmp_path, 2)


@pytest.mark.slow
@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    src = tmp_path / case.name
    src.write_bytes(case.data)
    out = tmp_path / "out"
    timeout = TIME_LIMIT + PER_EXTRA_FORMAT * (len(case.formats) - 1)
    try:
        proc = run_bounded([case.name, "-t", ",".join(case.formats), "-o", "out/", *case.extra_args], tmp_path, timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: still running after {timeout:.0f} s")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "MemoryError" not in proc.stderr, f"{case.id}: needed more than 1 GB"
    if case.outcome == "error":
        assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
        errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
        assert errors and all(case.name in line for line in errors), proc.stderr
        assert not out.exists() or not any(out.iterdir()), "a refused input left output behind"
        return
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    stem = Path(case.name).stem
    for fmt in case.formats:
        assert (out / f"{stem}.{fmt}").stat().st_size > 0, fmt
    text = json.dumps(json.loads((out / f"{stem}.json").read_text(encoding="utf-8")), ensure_ascii=False)
    missing = [w for w in case.keep if w not in text]
    assert not missing, f"{case.id}: lost {missing}"
    if case.warns:
        assert "warning:" in proc.stderr, f"{case.id}: a repair without a warning"
        try:  # bounded too: a regression in the strict path must not take the machine down either
            strict = run_bounded([case.name, "-t", "json", "-o", "strict.json", "--strict"], tmp_path, TIME_LIMIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{case.id}: --strict still running after {TIME_LIMIT:.0f} s")
        assert strict.returncode == 1, strict.stderr[-2000:]
        assert "Traceback" not in strict.stderr and "MemoryError" not in strict.stderr
        assert not (tmp_path / "strict.json").exists()


def _office_bomb(kind: str) -> bytes:
    """A Word or OpenDocument file whose main part is a zip bomb (200 MB of spaces, ~200 KB zipped)
    or an entity "billion laughs"; made here, in a second, nothing stored."""
    import io
    import zipfile

    laughs = ('<!DOCTYPE d [<!ENTITY a "lollollollollollollollollollol">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
              + "]>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if kind.startswith("odt"):
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            main = "content.xml"
            body = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
                    "<text:p>{}</text:p></office:text></office:body></office:document-content>")
        else:
            z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                       'officedocument.wordprocessingml.document.main+xml"/></Types>')
            z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                       'officeDocument" Target="word/document.xml"/></Relationships>')
            main = "word/document.xml"
            body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                    "<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>")
        if kind.endswith("zip-bomb"):
            with z.open(main, "w", force_zip64=True) as fh:
                fh.write(body.split("{}")[0].encode())
                chunk = b" " * (1 << 20)
                for _ in range(200):
                    fh.write(chunk)
                fh.write(body.split("{}")[1].encode())
        else:
            z.writestr(main, '<?xml version="1.0"?>' + laughs.replace("<!DOCTYPE d", "<!DOCTYPE " + body[1:].split()[0])
                       + body.format("Текст &i;"))
    return buf.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["docx-zip-bomb", "docx-entity-bomb", "odt-zip-bomb", "odt-entity-bomb"])
def test_hostile_office_bomb(kind: str, tmp_path: Path) -> None:
    """Word/ODT bombs as input (issue 9 items 10/12's class for the office readers): refused with one
    clean line, in bounded memory and time, nothing written."""
    name = f"bomb.{kind.split('-')[0]}"
    (tmp_path / name).write_bytes(_office_bomb(kind))
    try:
        proc = run_bounded([name, "-t", "json,docx", "-o", "out/"], tmp_path, TIME_LIMIT + PER_EXTRA_FORMAT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind}: still running after {TIME_LIMIT + PER_EXTRA_FORMAT:.0f} s")
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors and all(name in line for line in errors), proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
