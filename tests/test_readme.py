"""README.md starts with the two set-up commands, and CI runs the second one word for word."""

from __future__ import annotations

import re

from conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme, flags=re.DOTALL)


def test_readme_begins_with_install_and_test_commands() -> None:
    first, second = _commands()[:2]
    assert "pip install" in first and "seeds/000_43c9a9ce68f258d4.txt" in first and "epub,docx,pdf" in first
    assert "pip install" in second and "pytest" in second


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = _commands()[1]
    assert command in [line.strip() for line in ci.splitlines()], f"{command!r} not in .ci/run"
