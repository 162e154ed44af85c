"""Golden IR dump of the seed: any change in what the reader and transforms produce shows up as a diff.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py``
and review the diff of ``tests/golden/seed.ir.json`` like code.
"""

from __future__ import annotations

import os

from click.testing import CliRunner
from conftest import ROOT, SEED

from article_convert.cli import main
from article_convert.ir import Answer, Question, document_from_json

GOLDEN = ROOT / "tests" / "golden" / "seed.ir.json"


def test_seed_ir_matches_golden_dump() -> None:
    result = CliRunner().invoke(main, [str(SEED), "-t", "json"])
    assert result.exit_code == 0, result.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_golden_dump_says_what_a_reader_expects() -> None:
    doc = document_from_json(GOLDEN.read_text(encoding="utf-8"))
    assert doc.meta.title.startswith("«Якорная роль» Астаны:")
    assert doc.meta.authors == ("Редакция Liter.kz",) and doc.meta.language == "ru"
    assert [type(b).__name__ for b in doc.blocks if isinstance(b, (Question, Answer))] == ["Question", "Answer"] * 6
