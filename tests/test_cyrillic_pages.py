"""Cyrillic news pages (built from the labelled articles in the shapes of regional sites) read
like their .txt: same title, lead, authors, date and interview turns, every body word, no furniture.

The pages are generated here (``cyrillic_pages.py``) from ``../shared/articles/``; the scoring
is the understanding benchmark's (``benchmarks/understanding.py``), so "as from the .txt" means
the same fields right as the plain-text article gets on the same labels.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).parent))

import cyrillic_pages
import understanding

from article_convert.ir.text import document_texts

SHARED = understanding.SHARED
FIELDS = ("title", "lead", "authors", "date", "interview", "boilerplate", "words")


def _pages() -> list[tuple[str, str, dict, Path]]:
    if not (SHARED / "labels.json").is_file():
        return []
    return cyrillic_pages.pages(SHARED, understanding._is_metadata_line, understanding.source_paragraphs)


PAGES = _pages()


def score_page(html_path: Path, txt_path: Path, label: dict) -> tuple[understanding.ArticleScore, str]:
    """The benchmark's per-field score for the page, with the body words expected from the .txt."""
    doc, _ = understanding.recognise(html_path)
    s = understanding.ArticleScore(html_path.name)
    m = doc.meta
    dropped: list[str] = []
    body = list(understanding.walk_text(doc.blocks, dropped, m.language or "ru"))
    norm = understanding.norm
    s.ok["title"] = norm(m.title) == norm(label["title"])
    s.ok["lead"] = norm(m.lead) == norm(label["lead"])
    s.ok["authors"] = list(m.authors) == list(label["authors"])
    s.ok["date"] = m.date[:10] == (label["date"] or "")
    s.ok["interview"] = understanding.count_turns(doc.blocks) == (label["questions"], label["answers"])
    body_norm = {norm(t) for t in body}
    s.ok["boilerplate"] = not ({norm(b) for b in label["boilerplate"]} & body_norm)
    expected = [w for p in understanding.expected_body(txt_path, label) for w in understanding.tokens(p)]
    hay = [w for t in [m.lead, *body] for w in understanding.tokens(t)]
    s.missing_words, s.body_words = understanding.in_order(expected, hay), len(expected)
    s.ok["words"] = s.missing_words == 0
    s.got = {"title": m.title, "lead": m.lead, "authors": m.authors, "date": m.date,
             "interview": understanding.count_turns(doc.blocks), "words": f"{s.missing_words} missing",
             "boilerplate": sorted(body_norm & {norm(b) for b in label["boilerplate"]})}
    return s, " ".join(document_texts(doc))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[understanding.ArticleScore, str, dict, Path]]:
    if not PAGES:
        pytest.skip(f"labelled articles not found at {SHARED}")
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for name, page, label, txt in PAGES:
        path = folder / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        score, text = score_page(path, txt, label)
        out[name] = (score, text, label, txt)
    return out


@pytest.fixture(scope="module")
def txt_scores() -> dict[str, understanding.ArticleScore]:
    return {p[2]["file"]: understanding.score_article(p[3], p[2]) for p in PAGES}


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_page_fields_as_from_the_txt(results, txt_scores, field: str) -> None:  # type: ignore[no-untyped-def]
    worse = [
        f"{name}: got {score.got.get(field)!r}"
        for name, (score, _, label, _) in results.items()
        if txt_scores[label["file"]].ok.get(field, True) and not score.ok[field]
    ]
    assert not worse, f"{field} right from the .txt but not from the page: {worse}"


@pytest.mark.slow
def test_no_furniture_reaches_the_article(results) -> None:  # type: ignore[no-untyped-def]
    leaks = [
        f"{name}: {phrase}"
        for name, (_, text, _, _) in results.items()
        for block, phrases in cyrillic_pages.CHROME.items()
        for phrase in phrases
        if phrase in text.replace("\u00a0", " ")
    ]
    assert not leaks, f"page furniture in the article: {leaks}"


def test_every_engine_shape_is_covered() -> None:
    if not PAGES:
        pytest.skip(f"labelled articles not found at {SHARED}")
    assert {name.rsplit(".", 1)[1] for name, *_ in PAGES} == set(cyrillic_pages.SHAPES)
    assert sum(label["interview"] for _, _, label, _ in PAGES) >= 5
