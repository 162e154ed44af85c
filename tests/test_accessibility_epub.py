"""EPUB accessibility as DAISY Ace (the checker publishers use) reports it, on four books:
the seed, a Kazakh article, a bundle of 20 articles with a cover, and an article with figures.

Ace (npm ``@daisy/ace``, installed by ``npm install`` from the repo's package.json) runs its
puppeteer runner with Debian's chromium. All four books are checked in one module-scoped fixture,
two Ace processes at a time (~10 s each, most of it starting the browser).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED
from lxml import etree, html

from article_convert.cli import main

pytestmark = pytest.mark.slow

ARTICLES = (ROOT / ".." / "shared" / "articles").resolve()
KAZAKH = ARTICLES / "kk-01-kostanay-grain-export.txt"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y_PROPERTIES = {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                   "schema:accessibilityHazard", "schema:accessibilitySummary"}
FIGURES_MD = """---
title: Весна в Алматы
author: Иван Петров
lang: ru
date: 2025-04-01
---

Весна пришла в город рано: уже в марте на склонах зацвели первые тюльпаны.

![Тюльпаны на склонах Заилийского Алатау](p1.jpg "Фото: Иван Петров")

Синоптики обещают тёплую погоду до конца месяца, в горах ещё лежит снег.

![Озеро Большое Алматинское в апреле](p2.png)

Туристические тропы откроются в мае, когда просохнет земля.
"""
CAPTIONS = ["Тюльпаны на склонах Заилийского Алатау", "Озеро Большое Алматинское в апреле"]


def ace_command() -> list[str]:
    """How to run Ace's puppeteer runner here; skips (printing why) when Ace or chromium is missing."""
    ace = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
    found = str(ace) if ace.exists() else shutil.which("ace-puppeteer")
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if found is None:
        reason = "DAISY Ace is not installed (run `npm install` at the repository top)"
    elif not Path(chromium).exists():
        reason = "chromium is not installed (apt-get install chromium)"
    else:
        return [found, chromium]
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def run_ace(command: list[str], epub: Path, out: Path) -> dict[str, Any]:
    """Ace's report.json for one EPUB."""
    ace, chromium = command
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    proc = subprocess.run([ace, "--force", "--silent", "--outdir", str(out), str(epub)], check=False, env=env,
                          capture_output=True, text=True, timeout=180)
    report = out / "report.json"
    assert proc.returncode == 0 and report.exists(), f"Ace failed on {epub.name}: {proc.stderr[-2000:]}"
    return json.loads(report.read_text(encoding="utf-8"))


def _cli(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr


def _figures_article(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    folder.mkdir()
    for name, colour in (("p1.jpg", "darkred"), ("p2.png", "navy")):
        img = Image.new("RGB", (400, 250), colour)
        ImageDraw.Draw(img).ellipse((50, 50, 200, 200), fill="white")
        img.save(folder / name)
    source = folder / "article.md"
    source.write_text(FIGURES_MD, encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """name -> (EPUB, Ace report) for the four books."""
    command = ace_command()
    if not KAZAKH.exists():
        pytest.skip(f"test articles not found at {ARTICLES}")
    tmp = tmp_path_factory.mktemp("ace")
    epubs = {"seed": tmp / "seed.epub", "kazakh": tmp / "kazakh.epub", "bundle": tmp / "bundle.epub",
             "figures": tmp / "figures.epub"}
    _cli(str(SEED), "-o", str(epubs["seed"]))
    _cli(str(KAZAKH), "-o", str(epubs["kazakh"]))
    week = tmp / "week"
    week.mkdir()
    for path in sorted(ARTICLES.glob("*.txt"))[:20]:
        shutil.copy(path, week / path.name)
    _cli("bundle", str(week), "-o", str(epubs["bundle"]), "--cover", "--sort", "name")
    _cli(str(_figures_article(tmp / "fig")), "-o", str(epubs["figures"]))
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(epubs, pool.map(lambda kv: run_ace(command, kv[1], tmp / f"ace-{kv[0]}"),
                                           epubs.items()), strict=True))
    return {name: (epubs[name], reports[name]) for name in epubs}


def violations(report: dict[str, Any]) -> list[str]:
    """Every failed Ace check, of any impact: 'impact rule (document): description'."""
    out = []
    for doc in report["assertions"]:
        for check in doc.get("assertions", []):
            if check["earl:result"]["earl:outcome"] != "pass":
                test = check["earl:test"]
                out.append(f"{test['earl:impact']} {test['dct:title']} ({doc['earl:testSubject']['url']}): "
                           f"{check['earl:result']['dct:description'][:200]}")
    return out


def opf(epub: Path) -> etree._Element:
    import zipfile

    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read("EPUB/content.opf"))


def xhtml(epub: Path, name: str) -> etree._Element:
    import zipfile

    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read(f"EPUB/{name}"))


def spine_files(epub: Path) -> list[str]:
    root = opf(epub)
    href = {i.get("id"): i.get("href") for i in root.iter(f"{OPF}item")}
    return [href[ref.get("idref")] for ref in root.iter(f"{OPF}itemref")]


@pytest.mark.parametrize("name", ["seed", "kazakh", "bundle", "figures"])
def test_ace_reports_no_violation_of_any_impact(books: dict[str, tuple[Path, dict[str, Any]]], name: str) -> None:
    """Regression (issue 13): Ace found epub-lang (no xml:lang on the OPF <package>) in every book."""
    epub, report = books[name]
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    declared = report["earl:testSubject"]["metadata"]["dc:language"]
    assert opf(epub).get(XML_LANG) == (declared if isinstance(declared, str) else declared[0])


@pytest.mark.parametrize("name", ["seed", "kazakh", "bundle", "figures"])
def test_accessibility_metadata_agrees_with_ace(books: dict[str, tuple[Path, dict[str, Any]]], name: str) -> None:
    _, report = books[name]
    seen = report["a11y-metadata"]
    assert set(seen["present"]) >= A11Y_PROPERTIES and seen["empty"] == []
    meta = report["earl:testSubject"]["metadata"]
    images = report["data"].get("images", [])
    modes = meta["schema:accessMode"]
    modes = [modes] if isinstance(modes, str) else modes
    features = meta["schema:accessibilityFeature"]
    assert bool(images) == ("visual" in modes)
    assert bool(images) == ("alternativeText" in features)  # every image Ace found has alt text
    assert all(img["alt"].strip() for img in images)
    assert meta["schema:accessibilityHazard"] == "none"
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(features)


def test_figure_alt_text_is_the_caption(books: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    _, report = books["figures"]
    images = report["data"]["images"]
    assert [" ".join(img["alt"].split()) for img in images] == CAPTIONS  # no-break spaces from typography
    assert all(" ".join(img["figcaption"].split()).startswith(" ".join(img["alt"].split())) for img in images)


def test_languages_per_part_agree_with_ace(books: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    """Ace reads dc:language from the OPF; each content document carries its own article's language."""
    epub, report = books["kazakh"]
    assert report["earl:testSubject"]["metadata"]["dc:language"] == "kk"
    assert xhtml(epub, "article.xhtml").get("lang") == "kk"
    epub, report = books["bundle"]
    declared = report["earl:testSubject"]["metadata"]["dc:language"]
    declared = [declared] if isinstance(declared, str) else declared
    by_file = {}
    for name in spine_files(epub):
        page = xhtml(epub, name)
        assert page.get("lang") == page.get(XML_LANG)
        by_file[name] = page.get("lang")
    from article_convert.pipeline import read_document

    sources = sorted(ARTICLES.glob("*.txt"))[:20]  # a0001.xhtml is the first in name order (--sort name)
    alone = [read_document(path).meta.language for path in sources]  # each article converted alone
    article_langs = {name: lang for name, lang in by_file.items() if name.startswith("a0")}
    assert [article_langs[f"a{n:04d}.xhtml"] for n in range(1, 21)] == alone
    assert len(set(alone)) >= 5  # a multilingual bundle
    assert set(declared) == set(alone) | {declared[0]} and declared[0] == opf(epub).get(XML_LANG)


def test_reading_order_and_toc_agree_with_ace(books: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    """Ace visits the content documents in spine order, and its TOC outline is our nav, in book order."""
    epub, report = books["bundle"]
    visited = [a["earl:testSubject"]["url"] for a in report["assertions"]]
    content = [u for u in visited if u.endswith(".xhtml") and not u.startswith("/")]
    assert content == spine_files(epub)
    assert content[:3] == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml"]  # the book's title page before the TOC
    toc = [" ".join(li.xpath("string(.)").split()) for li in html.fromstring(report["outlines"]["toc"]).xpath("./li")]
    nav = xhtml(epub, "nav.xhtml")
    ours = [" ".join("".join(a.itertext()).split())
            for a in nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a",
                               namespaces={"x": XHTML[1:-1], "epub": EPUB_NS[1:-1]})]
    assert len(ours) == 20 and all(t.startswith(o.split(" — ")[0]) for t, o in zip(toc, ours, strict=True))
    targets = [a.get("href") for a in nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a",
                                                namespaces={"x": XHTML[1:-1], "epub": EPUB_NS[1:-1]})]
    assert targets == [f"a{n:04d}.xhtml" for n in range(1, 21)]


def test_landmarks_point_at_cover_and_body(books: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    for name in ("bundle", "seed"):
        epub, _ = books[name]
        nav = xhtml(epub, "nav.xhtml")
        marks = {a.get(f"{EPUB_NS}type"): a.get("href")
                 for a in nav.xpath("//x:nav[@epub:type='landmarks']//x:a",
                                    namespaces={"x": XHTML[1:-1], "epub": EPUB_NS[1:-1]})}
        body = next(n for n in spine_files(epub) if n not in ("cover.xhtml", "titlepage.xhtml", "nav.xhtml"))
        assert marks.get("bodymatter") == body
        assert ("cover" in marks) == (name == "bundle")
