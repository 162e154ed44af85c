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


def _limit_rows() -> list[tuple[str, str, list[str]]]:
    """(what, limit cell, constants) for every row of the README's input-limits table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### Input limits", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != 4 or cells[0] in ("what", "---") or set(cells[0]) <= set("-"):
            continue
        names = [n.strip().strip("`") for n in cells[3].split(" / ")]
        full = [names[0]] + [names[0].rsplit(".", 1)[0] + "." + n if "." not in n else n for n in names[1:]]
        rows.append((cells[0], cells[1], full))
    return rows


def _constant(dotted: str) -> float:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: object = importlib.import_module("article_convert." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return float(obj)  # type: ignore[arg-type]
    raise AssertionError(f"no such constant: {dotted}")


_UNITS = {"MB": 1 / 2**20, "KB": 1 / 1024, "GB": 1 / 2**30, "%": 100.0, "min": 1 / 60}


def test_i9_readme_input_limits_match_the_code() -> None:
    """The README's input-limits table states exactly what the code enforces (issue 9)."""
    rows = _limit_rows()
    assert len(rows) >= 20, rows
    for what, limit, names in rows:
        numbers = re.findall(r"(\d+(?:\.\d+)?)\s*(MB|KB|GB|%|min|s|px)?", limit)
        assert len(numbers) >= len(names), (what, limit)
        for (number, unit), name in zip(numbers, names, strict=False):  # a limit may give more numbers
            assert float(number) == _constant(name) * _UNITS.get(unit, 1.0), (what, limit, name)
