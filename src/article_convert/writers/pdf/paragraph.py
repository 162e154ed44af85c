"""A reportlab Paragraph that never ends a page (or column) with a hyphenated line.

Russian typesetting forbids a word broken across pages; it also keeps a reader's text
extraction clean, since the running header and page number would otherwise sit between
the two halves of the word.
"""

from __future__ import annotations

from typing import Any

SMALL_PART_LINES = 4


def _last_line_text(para: Any) -> str:
    """The text at the end of a split-off part's last line ('' when unknown)."""
    bl = getattr(para, "blPara", None)
    lines = getattr(bl, "lines", None)
    if not lines:
        return ""
    last = lines[-1]
    words = last[1] if isinstance(last, tuple) else getattr(last, "words", [])
    if not words:
        return ""
    if isinstance(last, tuple):  # a plain paragraph: the words are strings
        return str(words[-1])
    return "".join(str(getattr(frag, "text", "")) for frag in words).rstrip()  # a paragraph of fragments


def make_paragraph_class() -> type:
    """The Paragraph subclass (built lazily so reportlab is imported only when writing)."""
    from reportlab.platypus import Paragraph

    class ArticleParagraph(Paragraph):  # type: ignore[misc, valid-type]
        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            parts = first = super().split(availWidth, availHeight)
            height = availHeight
            leading = self.style.leading
            while len(parts) == 2 and _last_line_text(parts[0]).endswith("-"):
                height -= leading  # one line less on this page, until the page ends on a whole word
                shorter = super().split(availWidth, height) if height > leading else []
                if not shorter:
                    # Only a few lines fit here: move the paragraph to the next page instead. On a
                    # fuller page (a fresh one always is) keep the first split, hyphen and all.
                    return [] if len(first[0].blPara.lines) <= SMALL_PART_LINES else first
                parts = shorter
            return parts

    return ArticleParagraph
