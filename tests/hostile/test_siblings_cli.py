"""Siblings of issue 9's traceback class on the command line: option values and output paths the
file system refuses to look up. Each must be one ``error:`` line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from article_convert.cli import main

ARTICLE = "Заголовок\n\nГородской совет утвердил новый план развития набережной. Работы начнутся весной.\n"


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib"])
def test_i9_encoding_that_is_not_a_text_encoding_is_a_usage_error(tmp_path: Path, codec: str) -> None:
    """``--encoding rot13`` passed codecs.lookup and raised LookupError in bytes.decode."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out = _run(tmp_path, "a.txt", "--encoding", codec, "-t", "json", "-o", "a.json")
    assert code == 2 and f"--encoding {codec!r}: not a text encoding" in out
    assert not (tmp_path / "a.json").exists()


@pytest.mark.parametrize("command", ["convert", "batch", "bundle"])
@pytest.mark.parametrize("kind", ["symlink-loop", "name-too-long"])
def test_i9_output_path_that_cannot_be_looked_up_is_one_error_line(tmp_path: Path, command: str, kind: str) -> None:
    """``-o`` naming a symlink loop (RuntimeError/OSError from Path.resolve) or a name over NAME_MAX
    (OSError from Path.is_dir/exists) gave tracebacks in convert, batch and bundle."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    if kind == "symlink-loop":
        (tmp_path / "loop1.epub").symlink_to("loop2.epub")
        (tmp_path / "loop2.epub").symlink_to("loop1.epub")
        target = "loop1.epub"
    else:
        target = "b" * 300 + ".epub"
    args = {"convert": ["src/a.txt", "-o", target],
            "batch": ["batch", "src", "-t", "epub", "-o", target],
            "bundle": ["bundle", "src", "-o", target]}[command]
    code, out = _run(tmp_path, *args)
    assert code in (1, 2), out
    assert "Traceback" not in out
    assert [line for line in out.splitlines() if line.startswith("error:")], out
