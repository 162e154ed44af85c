"""A wheel built from the repo, installed into a fresh virtualenv, carries the fonts and converts the seed."""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
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


def _venv_seeing_our_dependencies(venv: Path, *, with_pip: bool = True) -> Path:
    """A fresh venv whose own site-packages comes first and which also sees this environment's packages.

    `venv --system-site-packages` is not enough: run from inside a virtualenv it exposes the *base*
    interpreter's packages, not the parent venv's, so the child could not import click & co.
    A .pth file in the child lists the parent's site directories after the child's own (plain path
    lines: the parent's .pth files, e.g. our editable install, are not processed), so
    article_convert itself can only come from the wheel installed into the child.
    """
    subprocess.run([sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(venv)], check=True)
    py = venv / "bin" / "python"
    child_site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    parent_sites = [*site.getsitepackages(), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    if site.ENABLE_USER_SITE:
        parent_sites.append(site.getusersitepackages())
    lines = list(dict.fromkeys(p for p in parent_sites if Path(p).is_dir()))
    (Path(child_site) / "_parent_env_site.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return py


def test_i9_28_wheel_venv_sees_parent_dependencies_not_our_source(tmp_path: Path) -> None:
    """i9 #28: the child venv imports this environment's dependencies but not our editable install."""
    py = _venv_seeing_our_dependencies(tmp_path / "venv", with_pip=False)
    out = subprocess.run(
        [str(py), "-c", ("import click, lxml, reportlab; import importlib.util as u; "
                         "s = u.find_spec('article_convert'); print(s is None or s.origin is None)")],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )
    assert out.stdout.strip() == "True", out.stdout


@pytest.mark.slow
def test_wheel_in_fresh_venv_converts_seed_with_bundled_fonts(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    py = _venv_seeing_our_dependencies(venv)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    where = subprocess.run(
        [str(py), "-c", ("import article_convert, article_convert.fonts as f; print(article_convert.__file__); "
                         "print(f.fonts_dir())")],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.split()
    assert all(w.startswith(str(venv)) for w in where), f"article_convert resolved outside the wheel install: {where}"
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
