"""Which part of a page is the article: readability-lxml and trafilatura, chosen by evidence.

Both extractors run on the same cleaned tree. Each gives a candidate (an lxml element).
Measured on Mozilla Readability's ~130 test pages (``benchmarks/extraction.py``),
readability-lxml is the more precise of the two and the better default; trafilatura more
often keeps what readability-lxml cuts (lists, wiki tables of content, intros outside the
best-scoring box). The evidence compared is their agreement as bags of words:

- trafilatura holds (nearly) all of readability's words and more, but not more than
  ``SURPLUS_MAX`` times as many: readability missed part of the article -> trafilatura;
- readability found only a small box (under a quarter of trafilatura's words) that is tiny
  or that trafilatura's article barely contains (a teaser, a caption): readability picked
  the wrong box -> trafilatura;
- otherwise readability. A candidate with no text never wins; when both are empty the
  page's single ``<article>``, else ``<body>``, is taken whole, so no page where either
  extractor finds an article fails.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import Any

COVERS = 0.95  # share of readability's words that trafilatura must also hold to be preferred
SURPLUS_MAX = 2.5  # more than this many times readability's words is related news, not article
TINY = 0.25  # readability's box is "small" below this share of trafilatura's words
DISJOINT = 0.5  # ... and "barely contained" below this share of it inside trafilatura's
SMALL = 100  # ... or fewer words than this at all (a caption, a teaser)

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Choice:
    """The chosen article element, which extractor gave it, and why."""

    element: Any
    name: str
    reason: str


def words(el: Any | None) -> Counter[str]:
    """The bag of words of an element's text."""
    if el is None:
        return Counter()
    return Counter(_WORD.findall(" ".join(el.itertext()).casefold()))


def readability_candidate(html_text: str) -> Any | None:
    """readability-lxml's main content, parsed back into a safe tree (None if it finds nothing)."""
    from readability import Document as Readability


    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summary = Readability(html_text).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on pages it cannot score
        return None
    return _body(summary)


def trafilatura_candidate(html_text: str) -> Any | None:
    """trafilatura's main text with its structure (headings, lists, quotes, links, tables)."""
    import trafilatura

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = trafilatura.extract(
                html_text,
                output_format="html",
                include_comments=False,
                include_tables=True,
                include_links=True,
                include_formatting=True,
                include_images=True,
                deduplicate=False,
            )
    except Exception:  # noqa: BLE001 - a failed extractor is no evidence, not an error
        return None
    return _body(out) if out else None


def _body(fragment: str) -> Any | None:
    from .extract import parse

    if not fragment or not fragment.strip():
        return None
    try:
        content = parse(fragment)
    except ValueError:
        return None
    body = content.find("body")
    el = body if body is not None else content
    return el if el.text_content().strip() else None


def choose(readability: Any | None, trafilatura: Any | None, container: Any | None, page: Any) -> Choice:
    """The article: the better extractor; the page's container (else body) when both find nothing."""
    return _choose(readability, trafilatura, container if container is not None else page)


def _choose(readability: Any | None, trafilatura: Any | None, fallback: Any) -> Choice:
    """The better of the two candidates, by their agreement (see the module docstring)."""
    wr, wt = words(readability), words(trafilatura)
    n_r, n_t = sum(wr.values()), sum(wt.values())
    if not n_r and not n_t:
        return Choice(fallback, "page", "neither extractor found an article: the page's container or body is taken whole")
    if not n_t:
        return Choice(readability, "readability", "trafilatura found nothing")
    if not n_r:
        return Choice(trafilatura, "trafilatura", "readability found nothing")
    common = sum((wr & wt).values())
    r_in_t = common / n_r
    if r_in_t >= COVERS and n_r < n_t <= SURPLUS_MAX * n_r:
        return Choice(
            trafilatura,
            "trafilatura",
            f"trafilatura holds {r_in_t:.0%} of readability's words and {n_t - n_r} more",
        )
    if n_r < TINY * n_t and (r_in_t < DISJOINT or n_r < SMALL):
        return Choice(trafilatura, "trafilatura", f"readability found only {n_r} of {n_t} words")
    return Choice(readability, "readability", f"readability ({n_r} words; trafilatura {n_t})")
