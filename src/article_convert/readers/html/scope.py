"""``--extract article``: the page's own article element taken whole, never less than the extractor chose.

Browsers' reader view and the extractors (``choose.py``) cut inside a page's ``<article>`` (share
bars, galleries, related news, but sometimes a table or a caption); ``--extract article`` keeps
what the page itself marks as its article, uncut. ``--extract page`` (the whole ``<body>``) needs
nothing here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

WIDEN_SLACK = 0.02
"""Share of the extraction's words an enclosing element may lack and still hold it (extractors
rewrite a little text: joined drop caps, entities); at least ``WIDEN_SLACK_WORDS``."""
WIDEN_SLACK_WORDS = 5


def whole_article(root: Any) -> Any | None:
    """The page's article element: its single outermost ``<article>``/``articleBody``, else its single
    ``<main>`` (or ``role=main``); None when the page marks none (or several)."""
    for query in ("//article | //*[@itemprop='articleBody']", "//main | //*[@role='main']"):
        found = root.xpath(query)
        outer = [el for el in found if not any(a in found for a in el.iterancestors())]
        if len(outer) == 1:
            return outer[0]
        if outer:
            return None
    return None


def holding(container: Any, extraction: Any, declared: Counter[str]) -> Any:
    """``container``, or its nearest ancestor that holds (nearly) every word of the extraction: the
    article element is never narrower than what the extractor chose (a lead or title block above
    ``<article>`` stays). ``declared`` are the page's metadata words (not needed in the body)."""
    from .choose import words

    wanted = words(extraction) - declared
    slack = max(WIDEN_SLACK_WORDS, WIDEN_SLACK * sum(wanted.values()))
    el = container
    while True:
        if sum((wanted - words(el)).values()) <= slack:
            return el
        parent = el.getparent()
        if parent is None or not isinstance(parent.tag, str) or parent.tag == "html":
            return el
        el = parent
