"""Sibling of issue 9's time bombs in the generated cover: a long title, subtitle or source."""

from __future__ import annotations

from article_convert.covers.draw import MAX_COVER_CHARS, render_cover


def test_i9_cover_draws_a_bounded_part_of_a_huge_title() -> None:
    """A 3,000-letter word as title took 11 s to fit on the cover (30,000: over two minutes, each
    size tried measured the word letter by letter): the cover draws its first MAX_COVER_CHARS
    characters and an ellipsis (the whole title stays in the book's metadata and title page)."""
    size = (160, 256)
    clipped = "Ж" * (MAX_COVER_CHARS - 1) + "…"
    assert render_cover("Ж" * 3000, "С" * 3000, "", size=size) == render_cover(clipped, "С" * (MAX_COVER_CHARS - 1) + "…",
                                                                              "", size=size)
    assert render_cover("Короткий заголовок", "", "", size=size) != render_cover(clipped, "", "", size=size)
