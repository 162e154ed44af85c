"""Static checks the README's test command runs too: mypy over src/ and ruff over the repository (issue 12 item 6).

The node-type dispatch of every writer and walker ends in ``ir.walk.assert_never``: mypy is what
turns a node type some ``match`` forgot into an error, so ``mypy src`` must stay clean.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_i12_6_mypy_src_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "src"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_i12_6_ruff_is_clean() -> None:
    """The rules chosen in pyproject.toml ([tool.ruff.lint]: bug-finding sets, Cyrillic letters allowed)."""
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
