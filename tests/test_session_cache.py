"""The test session never writes into the user's own cache (``~/.cache/article-convert``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SEED


def test_cli_started_by_a_test_caches_in_the_session_folder_not_the_users(tmp_path: Path) -> None:
    """Regression: a CLI process a test starts inherited no XDG_CACHE_HOME and wrote its start-up tables
    into the user's ~/.cache/article-convert (growing them at every test run, and making tests depend on
    them). The session has a fresh folder of its own, which such a process inherits: with HOME pointing
    at an empty folder, the conversion leaves nothing there and its tables are in the session's folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = os.environ | {"HOME": str(home)}
    proc = subprocess.run([sys.executable, "-m", "article_convert", str(SEED), "-t", "json", "-o", str(tmp_path / "a.json")],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert list(home.rglob("*")) == []  # nothing under $HOME/.cache
    session = Path(os.environ.get("XDG_CACHE_HOME", ""))
    assert session.is_absolute() and session.name.startswith("article-convert-test-cache-"), session
    assert Path.home() / ".cache" not in (session, *session.parents)
    assert any((session / "article-convert" / "regex").iterdir())  # the start-up table went here
