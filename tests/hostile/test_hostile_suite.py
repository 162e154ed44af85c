"""The hostile-input suite (issue 9): generated bombs and damaged files through the real CLI.

Each case runs ``python -m article_convert`` in a child process limited to 1 GB of address
space (``resource.setrlimit``) and a wall-clock timeout, so a regression cannot take the
machine down: it fails the test instead. Every case must end in one of two ways:
- converted (exit 0), with the case's marker words in the JSON output (no silent loss); if
  anything was repaired, flattened or removed there is a ``warning:`` and ``--strict`` fails;
- refused (exit 1) with ``error: FILE: ...`` lines and no output file.
Never a traceback.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from article_convert.cli import main

from .cases import Case, cases

MEMORY_LIMIT = 1 << 30
"""Bytes of address space a conversion may use (1 GB)."""

TIME_LIMIT = 10.0
"""Seconds one hostile input may take to read and write as JSON."""

PER_EXTRA_FORMAT = 6.0
"""Further seconds allowed for each other format written in the same run (PDF, DOCX...)."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process under the memory limit; TimeoutExpired fails the test."""
    return _bounded([sys.executable, "-m", "article_convert", *args], cwd, timeout)


def _bounded(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """``command`` under RLIMIT_AS = MEMORY_LIMIT; killed (TimeoutExpired) after ``timeout`` seconds."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory, env=env,
        check=False,
    )


def test_hostile_bounds_stop_a_run_that_exceeds_them(tmp_path: Path) -> None:
    """The bounds are real, not advisory: a child asking for 2 GB gets MemoryError (which the suite
    treats as a failure), and a child still running at the timeout is killed, not waited for."""
    big = _bounded([sys.executable, "-c", "b = bytearray(2 << 30)"], tmp_path, 60)
    assert big.returncode != 0 and "MemoryError" in big.stderr, big.stderr[-500:]
    pid_file = tmp_path / "pid"
    sleeper = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    with pytest.raises(subprocess.TimeoutExpired):
        _bounded([sys.executable, "-c", sleeper], tmp_path, 3)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped by subprocess.run
        os.kill(pid, 0)


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
        strict = CliRunner().invoke(main, [str(src), "-t", "json", "-o", str(tmp_path / "strict.json"), "--strict"])
        assert strict.exit_code == 1, strict.stderr
        assert "Traceback" not in strict.stderr and not (tmp_path / "strict.json").exists()
