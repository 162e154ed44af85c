"""The incremental batch decides by the resolved settings, not by how the options were spelled."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEED
from pypdf import PdfReader
from test_batch import run

from article_convert.batch.manifest import settings_fingerprint
from article_convert.context import ConvertOptions
from article_convert.settings import resolve_settings

MM = 72 / 25.4


def page_mm(pdf: Path) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def test_equivalent_spellings_do_not_rebuild_and_a_real_change_does(tmp_path: Path) -> None:
    """Regression: the fingerprint hashed the raw options, so `--paper a4` then `--profile a4` (the same
    page) rebuilt every file once."""
    src, out, rep = tmp_path / "src", tmp_path / "out", tmp_path / "report.json"
    src.mkdir()
    (src / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    def batch(*options: str) -> tuple[str, str]:
        """Run once; the input's status and why, from the report."""
        code, stdout, stderr = run("batch", str(src), "-o", str(out), "-t", "pdf", "--jobs", "1", "--report", str(rep),
                                   *options)
        assert code == 0, stdout + stderr
        record = json.loads(rep.read_text(encoding="utf-8"))["inputs"][0]
        return record["status"], record["why"]

    assert batch("--paper", "a4") == ("converted", "new")
    assert page_mm(out / "a.pdf") == (210, 297)
    assert batch("--profile", "a4") == ("skipped", "up to date")  # the same page, spelled another way
    assert batch() == ("skipped", "up to date")  # a4 is the default
    assert batch("--profile", "kindle", "--paper", "a4") == ("converted", "options changed")  # a real change
    assert page_mm(out / "a.pdf") == (90, 122)
    assert batch("--profile", "kindle", "--paper", "a5") == ("skipped", "up to date")  # --paper yields to --profile
    assert batch("--paper", "a5") == ("converted", "options changed")
    assert page_mm(out / "a.pdf") == (148, 210)
    assert batch("--profile", "a5", "--lang", "ru") == ("converted", "options changed")  # the language is forced now
    assert batch("--paper", "a5", "--lang", "ru") == ("skipped", "up to date")


def test_fingerprint_follows_resolved_values() -> None:
    def fp(**kw: object) -> str:
        return settings_fingerprint(resolve_settings(ConvertOptions(**kw)), None)  # type: ignore[arg-type]

    assert fp(paper="a4") == fp(profile="a4") == fp() == fp(paper="A4")
    assert fp(lang="ru_RU") == fp(lang="ru-RU") != fp(lang="ru")
    assert fp(encoding="CP1251") == fp(encoding="windows-1251") != fp(encoding="koi8-r")
    assert fp(profile="kindle") != fp(profile="kobo")  # the same page, other reader quirks
    assert fp(profile="pocketbook") != fp(profile="ereader-6in")  # the same page and cover, FB2 natively
    assert fp(typography=False) != fp() != fp(metadata=(("title", "Другой"),))
    assert settings_fingerprint(resolve_settings(ConvertOptions()), "md") != fp()
