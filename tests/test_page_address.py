"""A saved web page keeps where it came from: its declared address is recorded and printed, its
relative links resolve against it (or its ``<base href>``), and links that lead nowhere in a book
are kept as text in every format and reported once, never failing ``--strict``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from docx import Document as open_docx
from lxml import etree

from article_convert.cli import main

ADDRESS = "https://vesti-region.example.kz/news/2026/11/selo-voda"

PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>В селе Жанаарка провели водопровод — Вести региона</title>
{head}
</head><body>
<header><nav><a href="/">Главная</a> <a href="/news/">Новости</a></nav></header>
<article>
<h1>В селе Жанаарка провели водопровод</h1>
<p>Впервые за сорок лет жители села получили воду в дома. Работы шли с весны, рассказали в
<a href="/akimat/">акимате района</a>; подробности — в <a href="../10/plan">плане работ</a>.</p>
<p>Трубы проложили на глубине двух метров, чтобы зимой вода не замерзала. Подрядчик обещает
закончить вторую очередь к лету, <a href="#map">карта участков</a> опубликована ниже.</p>
<p>Жители говорят, что раньше возили воду бочками из соседнего посёлка, за двадцать километров,
и платили за каждую бочку отдельно. Теперь в каждом доме есть кран.</p>
</article>
<footer>© Вести региона</footer>
</body></html>
"""


def _convert(tmp_path: Path, head: str, fmt: str, *extra: str) -> tuple[Path, str]:
    src = tmp_path / "page.html"
    src.write_text(PAGE.format(head=head), encoding="utf-8")
    out = tmp_path / f"page.{fmt}"
    result = CliRunner().invoke(main, [str(src), "-t", fmt, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out, result.output


def _epub_hrefs_and_text(path: Path) -> tuple[list[str], str]:
    hrefs: list[str] = []
    text = ""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml"):
                root = etree.fromstring(z.read(name))
                hrefs += [a.get("href") for a in root.iter("{*}a")]
                text += " ".join(root.itertext())
    return hrefs, " ".join(text.split())


def test_saved_page_resolves_relative_links_against_its_canonical_address(tmp_path: Path) -> None:
    out, _ = _convert(tmp_path, f'<link rel="canonical" href="{ADDRESS}">', "json")
    doc = json.loads(out.read_text(encoding="utf-8"))["document"]
    assert ["url", ADDRESS] in doc["meta"]["extra"]
    urls = [m for m in json.dumps(doc, ensure_ascii=False).split('"url": "')[1:]]
    targets = [u.split('"', 1)[0] for u in urls]
    assert "https://vesti-region.example.kz/akimat/" in targets
    assert "https://vesti-region.example.kz/news/2026/10/plan" in targets

    epub, _ = _convert(tmp_path, f'<meta property="og:url" content="{ADDRESS}">', "epub")
    hrefs, text = _epub_hrefs_and_text(epub)
    assert "https://vesti-region.example.kz/akimat/" in hrefs
    assert ADDRESS in text  # printed with the title, where the source address goes
    assert "карта участков" in text  # the anchor's text stays, without a link


def test_base_href_decides_over_the_declared_address(tmp_path: Path) -> None:
    head = f'<base href="https://mirror.example.org/archive/"><link rel="canonical" href="{ADDRESS}">'
    out, _ = _convert(tmp_path, head, "docx")
    document = open_docx(str(out))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert "https://mirror.example.org/akimat/" in targets
    assert "https://mirror.example.org/10/plan" in targets


def test_page_without_an_address_keeps_relative_links_as_text_reported_once(tmp_path: Path) -> None:
    epub, _ = _convert(tmp_path, "", "epub", "--strict")  # not a warning: --strict passes
    hrefs, text = _epub_hrefs_and_text(epub)
    assert "/akimat/" not in hrefs and "../10/plan" not in hrefs
    assert "акимате района" in text and "плане работ" in text and "карта участков" in text

    fb2, _ = _convert(tmp_path, "", "fb2")
    root = etree.fromstring(fb2.read_bytes())
    fb2_hrefs = [a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter("{*}a")]
    assert "/akimat/" not in fb2_hrefs and "../10/plan" not in fb2_hrefs  # no dead relative targets
    assert "акимате района" in " ".join(root.itertext())

    _, explained = _convert(tmp_path, "", "json", "--explain")
    notes = [line for line in explained.splitlines() if "[link-unlinkable]" in line]
    assert len(notes) == 1 and notes[0].lstrip().startswith("info")
    assert "2 link(s) kept as text only" in notes[0] and "'/akimat/'" in notes[0]
