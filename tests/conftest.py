"""Shared fixtures: paths to the seed and the corpus, and a helper to read documents."""

from __future__ import annotations

import atexit
import csv
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_43c9a9ce68f258d4.txt"
SHARED = (ROOT / ".." / "shared").resolve()
"""The read-only test material beside the repository (../shared: corpus, articles, documents...)."""
CORPUS = SHARED / "corpus"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def corpus_rows() -> list[dict[str, str]]:
    """MANIFEST.tsv rows (empty when the corpus is not beside the repo)."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def corpus_files(*suffixes: str) -> list[Path]:
    """Corpus files with one of the given suffixes, sorted."""
    return sorted(CORPUS / r["file"] for r in corpus_rows() if r["file"].endswith(suffixes))


def pytest_configure(config: pytest.Config) -> None:
    """The whole session, and every process a test starts (it inherits the environment), caches into a
    fresh folder of its own, never the user's ``~/.cache/article-convert``: CLI runs from tests grew the
    user's start-up tables (regex, dataclass, entry points, fonts, hyphenation) and the results depended
    on what the user's cache held. A test of the cache itself sets its own ``XDG_CACHE_HOME``.

    The folder stays this process's XDG_CACHE_HOME to the end and is removed at exit, after the start-up
    tables' own exit handlers (registered later, so run earlier) have saved into it, not into ~/.cache."""
    folder = tempfile.mkdtemp(prefix="article-convert-test-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


def require_corpus() -> None:
    """Skip (visibly) when ../shared/corpus is not beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")


ALLOWED_SKIP = re.compile(r"not installed|not on PATH|not found at |not in \.\./shared|needs /proc")
"""What a skip reason may say: an external tool is missing ("soffice not installed", "java is not on
PATH"), or the shared test material is not beside the repository ("corpus not found at PATH").
Anything else (a module that fails to import, a recognition that changed) is a broken assumption."""


PYTHON_PACKAGE = re.compile(r"pip install|could not import|No module named")
"""A missing Python package is never an external tool: dependencies and the test extra are installed."""


def skip_allowed(reason: str) -> bool:
    """Whether a skip with this reason is for a missing external tool or missing shared material."""
    return bool(ALLOWED_SKIP.search(reason)) and not PYTHON_PACKAGE.search(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Turn a skip whose reason names no missing tool or material into a failure saying so."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and call.excinfo is not None and call.excinfo.errisinstance(pytest.skip.Exception):
        reason = str(call.excinfo.value.msg if hasattr(call.excinfo.value, "msg") else call.excinfo.value)
        if not skip_allowed(reason):
            report.outcome = "failed"
            report.longrepr = (f"skipped for a reason that is no missing external tool: {reason!r} "
                               "(a broken assumption must fail; see ALLOWED_SKIP in tests/conftest.py)")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same for a whole module skipped at collection (``pytest.importorskip`` of a dependency)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and isinstance(report.longrepr, tuple) and not skip_allowed(str(report.longrepr[2])):
        report.outcome = "failed"
        report.longrepr = f"module skipped for a reason that is no missing external tool: {report.longrepr[2]!r}"
