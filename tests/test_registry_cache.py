"""The entry-point table cached per sys.path state (issue 18): a start with nothing newly
installed does not import importlib.metadata, and a plugin installed later is still found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = ("import json, sys\n"
         "from article_convert import registry\n"
         "print(json.dumps([registry.writer_names(), 'importlib.metadata' in sys.modules]))\n")


def _install(site: Path, dist: str, writer: str) -> None:
    """A minimal installed distribution declaring one writer entry point."""
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[article_convert.writers]\n{writer} = {dist}:Writer\n",
                                           encoding="utf-8")


def _probe(site: Path, cache: Path) -> tuple[list[str], bool]:
    env = os.environ | {"PYTHONPATH": str(site), "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    names, imported = json.loads(out.stdout)
    return names, imported


def test_issue18_entry_points_cached_until_something_is_installed(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    _install(site, "acplugin_one", "one")
    names, scanned = _probe(site, cache)
    assert {"epub", "docx", "pdf", "one"} <= set(names) and scanned
    names, scanned = _probe(site, cache)
    assert "one" in names and not scanned  # from the cache: no distribution scan
    _install(site, "acplugin_two", "two")  # the folder's mtime changes
    names, scanned = _probe(site, cache)
    assert {"one", "two"} <= set(names) and scanned
    for record in (cache / "article-convert" / "entry-points").glob("*.json"):
        record.write_text("{damaged", encoding="utf-8")
    names, scanned = _probe(site, cache)
    assert {"one", "two", "epub"} <= set(names) and scanned


def test_issue18_plugin_in_the_current_folder_found_and_output_there_keeps_the_cache(tmp_path: Path) -> None:
    """``python -m``/``-c`` put the current folder on sys.path: a distribution there is found, and
    files written there (outputs) do not force a new scan."""
    cache = tmp_path / "cache"
    here = tmp_path / "here"
    here.mkdir()
    env = os.environ | {"XDG_CACHE_HOME": str(cache)}
    env.pop("PYTHONPATH", None)

    def probe() -> tuple[list[str], bool]:
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
                             cwd=here)
        names, imported = json.loads(out.stdout)
        return names, imported

    assert "local" not in probe()[0]
    _install(here, "acplugin_local", "local")
    names, scanned = probe()
    assert "local" in names and scanned
    (here / "article.epub").write_bytes(b"output")
    names, scanned = probe()
    assert "local" in names and not scanned
