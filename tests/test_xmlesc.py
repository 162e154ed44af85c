"""Our XML escaping equals ``xml.sax.saxutils`` (which we no longer import: issue 18)."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

from hypothesis import given
from hypothesis import strategies as st

from article_convert.xmlesc import escape, quoteattr

TRICKY = st.text(alphabet=st.sampled_from(list("&<>\"'\n\r\tabё ")) | st.characters(), max_size=40)


@given(TRICKY)
def test_issue18_escape_and_quoteattr_match_saxutils(text: str) -> None:
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)


def test_issue18_quoteattr_quote_choice() -> None:
    assert quoteattr('a"b') == "'a\"b'"
    assert quoteattr("a\"b'c") == '"a&quot;b\'c"'
