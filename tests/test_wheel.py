"""A wheel built from the repo, installed into a fresh virtualenv, carries the fonts and converts the seed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED

FONT_FILES = [
    f"Noto{family}-{style}.ttf" for family in ("Serif", "Sans") for style in ("Regular", "Bold", "Italic", "BoldItalic")
] + ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "OFL-1.1-Noto.txt", "LICENSE-DejaVu.txt"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (whl,) = out.glob("article_convert-*.whl")
    return whl


def test_wheel_contains_fonts_and_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in FONT_FILES:
        assert f"article_convert/fonts/{name}" in names, name
    assert any(n.endswith("licenses/LICENSE") for n in names)


@pytest.mark.slow
def test_wheel_in_fresh_venv_converts_seed_with_bundled_fonts(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # Dependencies come from this environment; article_convert itself only from the wheel.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    where = subprocess.run(
        [str(py), "-c", "import article_convert.fonts as f; print(f.fonts_dir())"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()
    assert str(venv) in where, f"fonts resolved outside the wheel install: {where}"
    out = tmp_path / "out"
    subprocess.run(
        [str(venv / "bin" / "article-convert"), str(SEED), "-t", "epub,docx,pdf", "-o", f"{out}/"],
        check=True, cwd=tmp_path,
    )
    stem = SEED.stem
    for suffix in (".epub", ".docx", ".pdf"):
        assert (out / f"{stem}{suffix}").stat().st_size > 1000
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(out / f"{stem}.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSerif" in f for f in fonts) and any("NotoSans" in f for f in fonts), fonts
