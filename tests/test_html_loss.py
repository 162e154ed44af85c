"""The reader-view class/id patterns that judge what the HTML extractor cut (readers/html/loss.py)."""

from __future__ import annotations

import pytest
from lxml import html

from article_convert.readers.html.loss import READER_VIEW_PATTERNS, marked_furniture


def test_our_copy_of_readability_lxml_patterns_matches_the_installed_version() -> None:
    """The patterns are held in our code, not read from readability-lxml's internals; when an upgrade
    changes its own, this fails so that the copy is brought up to date on purpose."""
    from readability import readability

    installed = getattr(readability, "REGEXES", None)
    assert installed is not None, "readability-lxml no longer has REGEXES: compare its patterns by hand"
    for name, (ours, _mozilla) in READER_VIEW_PATTERNS.items():
        assert installed[name].pattern == ours, name


@pytest.mark.parametrize(("mark", "furniture"), [
    ("related-posts", True), ("comments", True), ("widget", True), ("social-share", True),
    ("article-related", False), ("entry-content", False), ("article-body", False), ("", False),
])
def test_marked_furniture_follows_both_reader_views(mark: str, furniture: bool) -> None:
    el = html.fragment_fromstring(f'<div class="{mark}">x</div>')
    assert marked_furniture(el) is furniture
