"""Article extraction from saved web pages: article-convert vs readability-lxml vs trafilatura.

    python benchmarks/extraction.py                    # every page of ../shared/extraction/readability/
    python benchmarks/extraction.py --pages aclu,cnn   # a few pages, with per-page rows
    python benchmarks/extraction.py --json out.json    # also write per-page numbers

Each page folder holds ``source.html`` (the page as saved), ``expected.html`` (the article as
Mozilla's Readability.js extracts it: the reference text) and ``expected-metadata.json`` (the
reference title and byline). In one run every page goes through

- **ours**: the article-convert HTML reader plus the shared transforms, as ``article-convert
  page.html`` runs them; its text is the lead and the body (the title and byline are metadata);
- **readability-lxml** alone: ``Document(html).summary()``, ``short_title()``, ``author()``;
- **trafilatura** alone: ``bare_extraction(html)`` with its defaults (text, title, author).

Per extractor it prints mean word recall and precision against the reference text (bags of
words: lower-cased ``\\w+`` runs, each CJK character a word), mean F1 (per page, then averaged),
title exact-match rate (after normalising spaces, case, quote and dash forms; ``titles*`` also
counts a title that is the reference without a site-name part, "X | eHow" -> "X"), byline match rate
over the pages with a reference byline, failures (an exception or no text at all), and failures
where another extractor succeeded. Wall-clock seconds are printed too; they are noisy on a busy
machine. Needs the bench extra for trafilatura (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

PAGES = HERE.parent.parent / "shared" / "extraction" / "readability"
if not PAGES.is_dir():  # a worktree one level deeper than the main checkout
    PAGES = Path("/work/shared/extraction/readability")

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


@dataclass
class Extracted:
    """What one extractor made of one page."""

    text: str = ""
    title: str = ""
    byline: str = ""
    error: str = ""
    seconds: float = 0.0
    note: str = ""


@dataclass
class Score:
    """One extractor on one page, against the reference."""

    recall: float
    precision: float
    f1: float
    title_ok: bool
    title_site_ok: bool  # also counts a match when the reference only adds the site's name
    byline_ok: bool | None  # None: the page has no reference byline
    failed: bool
    error: str = ""
    seconds: float = 0.0
    note: str = ""


@dataclass
class Reference:
    """The reference article of one page."""

    name: str
    source: bytes
    text: str
    title: str
    byline: str
    path: Path = field(default_factory=Path)


def tokens(text: str) -> Counter[str]:
    """The bag of words of a text: lower-cased word runs, each CJK character a word of its own."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u00ad", "")
    out: Counter[str] = Counter()
    for w in _WORD.findall(text):
        if _CJK.search(w):
            out.update(_CJK.findall(w))
            out.update(p for p in _CJK.split(w) if p)
        else:
            out[w] += 1
    out.pop("", None)
    return out


def overlap(got: str, ref: str) -> tuple[float, float, float]:
    """Word recall, precision and F1 of ``got`` against ``ref`` (bags of words)."""
    g, r = tokens(got), tokens(ref)
    common = sum((g & r).values())
    recall = common / sum(r.values()) if r else (1.0 if not g else 0.0)
    precision = common / sum(g.values()) if g else (1.0 if not r else 0.0)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return recall, precision, f1


def norm_title(text: str) -> str:
    """A title for comparison: NFKC, one space, case-folded, one form of quotes and dashes."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[«»“”„‟\"]", '"', text)
    text = re.sub("[‘’‚‛`´]", "'", text)
    text = re.sub("[‐‑‒–—―−]", "-", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).casefold().strip()


_BY = re.compile(r"^(?:by|par|von|por|di|written by|автор:?)\s+", re.IGNORECASE)


def norm_name(text: str) -> str:
    """A byline for comparison: without "By", punctuation or case."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    text = _BY.sub("", " ".join(text.split()))
    return " ".join(re.findall(r"\w+", text.casefold()))


def byline_matches(got: str, ref: str) -> bool:
    """True when the names agree: one normalised byline contains the other (and ours is not empty)."""
    g, r = norm_name(got), norm_name(ref)
    if not g or not r:
        return False
    return g in r or r in g


_SITE_SEP = re.compile(r"\s+(?:[|–—·•»/-]|::)\s+")


def _without_site(title: str) -> list[str]:
    """The reference title without its last or first separator-delimited part ("X | eHow" -> "X").

    Readability.js keeps the site's name in some titles; the issue asks us to remove it, so
    ``titles*`` counts our title as right when it is the reference minus such a part.
    """
    parts = _SITE_SEP.split(title)
    if len(parts) < 2:
        return []
    seps = _SITE_SEP.findall(title)
    head = "".join(p + s for p, s in zip(parts[:-2], seps[:-1], strict=False)) + parts[-2]
    tail = "".join(s + p for s, p in zip(seps[1:], parts[2:], strict=False))
    return [head, parts[1] + tail]


def load_references(names: list[str] | None = None) -> list[Reference]:
    """The reference pages, sorted by name (only ``names`` if given)."""
    from lxml import html as lh

    refs = []
    for folder in sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file()):
        if names and folder.name not in names:
            continue
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = (folder / "expected.html").read_text(encoding="utf-8")
        text = lh.fromstring(expected).text_content() if expected.strip() else ""
        refs.append(
            Reference(
                name=folder.name,
                source=(folder / "source.html").read_bytes(),
                text=text,
                title=meta.get("title") or "",
                byline=meta.get("byline") or "",
                path=folder / "source.html",
            )
        )
    return refs


def run_ours(ref: Reference) -> Extracted:
    """The article-convert HTML reader and the shared transforms, as the command line runs them."""
    from article_convert import pipeline
    from article_convert.context import ConvertOptions
    from article_convert.ir.text import block_texts

    source = pipeline.load_source(ref.path)
    ctx = pipeline.make_context(source, ConvertOptions())
    doc = pipeline.read_source(source, ctx, "html")
    body = list(block_texts(doc.blocks, doc.meta.language or "ru"))
    text = "\n".join(([doc.meta.lead] if doc.meta.lead else []) + body)
    note = "; ".join(d.message for d in ctx.diagnostics.by_code("html-extractor"))
    return Extracted(text=text, title=doc.meta.title, byline=", ".join(doc.meta.authors), note=note)


def run_readability(ref: Reference) -> Extracted:
    """readability-lxml alone, as its README shows."""
    from lxml import html as lh
    from readability import Document

    doc = Document(ref.source)
    summary = doc.summary(html_partial=True)
    text = lh.fromstring(summary).text_content() if summary.strip() else ""
    author = doc.author() if hasattr(doc, "author") else ""
    return Extracted(text=text, title=doc.short_title() or "", byline="" if author == "[no-author]" else author)


def run_trafilatura(ref: Reference) -> Extracted:
    """trafilatura alone, with its defaults."""
    import trafilatura

    result = trafilatura.bare_extraction(ref.source.decode("utf-8", "replace"), with_metadata=True)
    if result is None:
        return Extracted()
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return Extracted(text=data.get("text") or "", title=data.get("title") or "", byline=data.get("author") or "")


EXTRACTORS: dict[str, Callable[[Reference], Extracted]] = {
    "ours": run_ours,
    "readability-lxml": run_readability,
    "trafilatura": run_trafilatura,
}


def extract(name: str, ref: Reference) -> Extracted:
    """Run one extractor on one page; an exception becomes the result's error."""
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = EXTRACTORS[name](ref)
    except Exception as exc:  # noqa: BLE001 - a failure is a measurement here
        got = Extracted(error=f"{type(exc).__name__}: {exc}"[:200])
    got.seconds = time.perf_counter() - t0
    return got


def score(ref: Reference, got: Extracted) -> Score:
    """Compare one extraction with the reference."""
    failed = bool(got.error) or not got.text.strip()
    recall, precision, f1 = overlap(got.text, ref.text) if not failed else (0.0, 0.0, 0.0)
    title_ok = (bool(ref.title) and norm_title(got.title) == norm_title(ref.title)) or (
        not ref.title and not got.title
    )
    title_site_ok = title_ok or any(norm_title(got.title) == norm_title(t) for t in _without_site(ref.title))
    byline_ok = byline_matches(got.byline, ref.byline) if ref.byline.strip() else None
    return Score(recall, precision, f1, title_ok, title_site_ok, byline_ok, failed, got.error, got.seconds, got.note)


def summarise(scores: dict[str, dict[str, Score]]) -> dict[str, dict[str, Any]]:
    """Per extractor: means, rates, failures (and those where another extractor succeeded)."""
    out: dict[str, dict[str, Any]] = {}
    names = list(scores)
    pages = list(next(iter(scores.values()))) if scores else []
    for name in names:
        rows = [scores[name][p] for p in pages]
        n = len(rows) or 1
        bylines = [r.byline_ok for r in rows if r.byline_ok is not None]
        failed = [p for p in pages if scores[name][p].failed]
        lost = [p for p in failed if any(not scores[o][p].failed for o in names if o != name)]
        out[name] = {
            "pages": len(rows),
            "recall": sum(r.recall for r in rows) / n,
            "precision": sum(r.precision for r in rows) / n,
            "f1": sum(r.f1 for r in rows) / n,
            "titles": sum(r.title_ok for r in rows) / n,
            "titles_site": sum(r.title_site_ok for r in rows) / n,
            "bylines": sum(bool(b) for b in bylines) / (len(bylines) or 1),
            "bylines_found": f"{sum(bool(b) for b in bylines)}/{len(bylines)}",
            "failures": failed,
            "failures_where_another_succeeded": lost,
            "seconds": sum(r.seconds for r in rows),
        }
    return out


def run(names: list[str] | None = None, extractors: list[str] | None = None) -> dict[str, dict[str, Score]]:
    """Score every chosen extractor on every chosen page: {extractor: {page: Score}}."""
    refs = load_references(names)
    chosen = extractors or list(EXTRACTORS)
    scores: dict[str, dict[str, Score]] = {e: {} for e in chosen}
    for ref in refs:
        for e in chosen:
            scores[e][ref.name] = score(ref, extract(e, ref))
    return scores


def print_table(summary: dict[str, dict[str, Any]]) -> None:
    print(f"{'extractor':18} {'pages':>5} {'recall':>7} {'prec.':>7} {'F1':>7} {'titles':>7} "
          f"{'titles*':>7} {'bylines':>12} {'fail':>5} {'lost':>5} {'secs':>7}")
    for name, s in summary.items():
        print(
            f"{name:18} {s['pages']:5d} {s['recall']:7.3f} {s['precision']:7.3f} {s['f1']:7.3f} "
            f"{s['titles']:7.3f} {s['titles_site']:7.3f} {s['bylines']:6.3f} {s['bylines_found']:>5} {len(s['failures']):5d} "
            f"{len(s['failures_where_another_succeeded']):5d} {s['seconds']:7.1f}"
        )
    for name, s in summary.items():
        if s["failures"]:
            print(f"{name} failed on: {', '.join(s['failures'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", help="comma-separated page folder names (default: all)")
    ap.add_argument("--extractors", help=f"comma-separated, of {', '.join(EXTRACTORS)} (default: all)")
    ap.add_argument("--rows", action="store_true", help="print one row per page and extractor")
    ap.add_argument("--json", type=Path, help="write per-page scores and the summary here")
    args = ap.parse_args()
    names = args.pages.split(",") if args.pages else None
    extractors = args.extractors.split(",") if args.extractors else None
    scores = run(names, extractors)
    if args.rows or names:
        for page in next(iter(scores.values())):
            for e, per in scores.items():
                s = per[page]
                print(
                    f"{page:40.40} {e:17} R {s.recall:.3f} P {s.precision:.3f} F {s.f1:.3f} "
                    f"title {'ok' if s.title_ok else '--'} byline "
                    f"{'-' if s.byline_ok is None else ('ok' if s.byline_ok else '--')} {s.error[:60]}{s.note[:100]}"
                )
    summary = summarise(scores)
    print_table(summary)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"summary": summary, "pages": {e: {p: vars(s) for p, s in per.items()} for e, per in scores.items()}},
                indent=1,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
