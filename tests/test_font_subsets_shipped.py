"""Font subsets made at build time and shipped in the package (issue 18): a new user's first DOCX
(empty cache) runs no subsetter, and the shipped files match the bundled fonts exactly."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from conftest import SEED
from fontTools.ttLib import TTFont

from article_convert import fontsubset


def test_issue18_shipped_subsets_are_up_to_date_with_fonts() -> None:
    """Every (face, block set) has its file, named by the key of today's font bytes, and no stale
    file is left; each holds exactly the asked code points. Rebuild: python -m article_convert.fontsubset"""
    wanted = {fontsubset.subset_name(path, cps) + ".z": (path, cps) for path, cps in fontsubset.shipped_requests()}
    present = {p.name for p in fontsubset.SHIPPED_DIR.glob("*.ttf.z")}
    assert present == set(wanted), "stale shipped subsets: run python -m article_convert.fontsubset"
    for name, (path, cps) in wanted.items():
        font = TTFont(io.BytesIO(zlib.decompress((fontsubset.SHIPPED_DIR / name).read_bytes())))
        assert set(font.getBestCmap()) == set(cps), name
        assert font["name"].getDebugName(1) == TTFont(path, lazy=True)["name"].getDebugName(1)


def test_issue18_first_docx_with_empty_cache_runs_no_subsetter(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command (the seed to DOCX) with an empty per-user cache: every face comes
    from the shipped subsets, and nothing is written to the font cache."""
    from click.testing import CliRunner

    from article_convert.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fontsubset.subset.cache_clear()
    monkeypatch.setattr(fontsubset, "make_subset", lambda *a: pytest.fail(f"subset made at run time: {a[0]}"))
    result = CliRunner().invoke(main, [str(SEED), "-t", "docx", "-o", str(tmp_path / "out") + "/", "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / (SEED.stem + ".docx")).stat().st_size > 50_000  # fonts inside
    assert not list((tmp_path / "cache").glob("article-convert/fonts/*.ttf"))
    fontsubset.subset.cache_clear()


def test_issue18_a_damaged_shipped_subset_falls_back_to_the_subsetter(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path, cps = fontsubset.shipped_requests()[0]
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / (fontsubset.subset_name(path, cps) + ".z")).write_bytes(b"not deflate")
    monkeypatch.setattr(fontsubset, "SHIPPED_DIR", shipped)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fontsubset, "make_subset", lambda p, c: b"made")
    fontsubset.subset.cache_clear()
    assert fontsubset.subset(path, cps) == b"made"
    fontsubset.subset.cache_clear()
