"""Shared fixtures: paths to the seed and the corpus, and a helper to read documents."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_43c9a9ce68f258d4.txt"
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()

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


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


def require_corpus() -> None:
    """Skip (visibly) when ../shared/corpus is not beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
