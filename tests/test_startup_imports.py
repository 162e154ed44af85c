"""What a start imports (issue 18): `--help`, `--version`, `formats` and `-t json` load none of the
heavy libraries (PDF, Office, EPUB, web, fonts, images) nor scan installed distributions. Checked
through ``sys.modules`` of a real process, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

HEAVY = ("reportlab", "docx", "ebooklib", "pikepdf", "trafilatura", "httpx", "lxml", "fontTools", "PIL",
         "pyphen", "importlib.metadata", "urllib.request", "ssl", "http.client",
         "multiprocessing", "concurrent.futures",  # the batch runner's: a single conversion asks batch.storage only
         "statistics",  # fractions, decimal and random with it (~3 ms): the plain-text reader's median is its own
         "hashlib")  # OpenSSL (~4-6 ms): the start-up path hashes through article_convert.digest
# Not needed to convert a local text file to EPUB, DOCX and PDF either (issue 18): scanning installed
# distributions, mail/HTTP parsing, the web fetcher, the HTML/Office readers' libraries, other commands.
NOT_FOR_A_CONVERSION = ("importlib.metadata", "email", "http.client", "urllib.request", "ssl", "statistics",
                        "trafilatura", "httpx", "fontTools", "multiprocessing", "concurrent.futures",
                        "article_convert.web.fetch", "article_convert.batch.runner", "article_convert.bundle",
                        "article_convert.check", "article_convert.feeds")

PROBE = (
    "import json, os, runpy, sys\n"
    "sys.argv = ['article-convert', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('article_convert', run_name='__main__')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "else:\n"
    "    code = 0\n"
    "with open(os.environ['AC_MODULES_OUT'], 'w') as f:\n"
    "    json.dump({'code': code, 'modules': sorted(sys.modules)}, f)\n"
)


def _loaded(args: list[str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    env = os.environ | {"AC_MODULES_OUT": str(out), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):  # the first run fills the per-user caches (entry points); the second is measured
        subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, check=True,
                       cwd=tmp_path)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["code"] in (0, None), result["code"]
    return set(result["modules"])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["formats"], ["convert", "--help"],
                                  [str(SEED), "-t", "json", "-o", "seed.json"]],
                         ids=["help", "version", "formats", "convert-help", "to-json"])
def test_issue18_light_commands_import_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    loaded = _loaded(args, tmp_path)
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not heavy, f"{' '.join(args)} imports {heavy}"
    if args[-1] in ("--help", "--version"):
        assert "article_convert.ir" not in loaded  # the document model is not needed to print help


def test_issue18_probe_sees_heavy_imports_of_a_pdf(tmp_path: Path) -> None:
    """The probe itself works: a PDF conversion does load reportlab."""
    loaded = _loaded([str(SEED), "-t", "pdf", "-o", "seed.pdf"], tmp_path)
    assert "reportlab" in loaded and (tmp_path / "seed.pdf").stat().st_size > 10_000


def test_issue18_a_conversion_imports_only_what_it_uses(tmp_path: Path) -> None:
    """The seed to EPUB, DOCX and PDF in one process: none of the modules it has no use for, and
    EbookLib never asks ``mimetypes`` to read the system's type tables (our pages state their type)."""
    probe = PROBE.replace("'modules': sorted(sys.modules)",
                          "'modules': sorted(sys.modules), 'mimetypes': getattr(sys.modules.get('mimetypes'), 'inited', None)")
    out = tmp_path / "modules.json"
    env = os.environ | {"AC_MODULES_OUT": str(out), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [str(SEED), "-t", "epub,docx,pdf", "-o", f"{tmp_path}/"]
    for _ in range(2):  # the first run fills the per-user caches; the second is measured
        subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, check=True, cwd=tmp_path)
    result = json.loads(out.read_text(encoding="utf-8"))
    loaded = set(result["modules"])
    assert {"reportlab", "docx", "ebooklib"} <= loaded  # the probe sees the writers' libraries
    unneeded = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in NOT_FOR_A_CONVERSION))
    assert not unneeded, f"a three-format conversion imports {unneeded}"
    assert result["mimetypes"] is not True
    assert all((tmp_path / f"{SEED.stem}.{ext}").stat().st_size > 1000 for ext in ("epub", "docx", "pdf"))
