"""The title block of one article in DOCX: rubric, title, secondary title, lead, byline with the date.

Shared by single articles (``render``) and the articles of a bundle (``bundle``), so neither of those
imports the other's helpers; the byline and date are ``common.dated_byline``, as in the PDF and FB2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ir import Metadata
from ..common import dated_byline
from .state import Story
from .xml import RunFormat, add_text_run, new_paragraph

if TYPE_CHECKING:
    from lxml.etree import _Element


def render_head(body: _Element, meta: Metadata, story: Story) -> None:
    """Title, secondary title, lead and byline (with the date) above the body."""
    clean = story.shared.clean
    byline = dated_byline(meta, story.lang or story.shared.doc_lang)
    fmt = RunFormat()
    for style, text in (
        ("Byline", meta.section),  # the rubric, as printed above the headline
        ("Title", meta.title),
        ("SecondaryTitle", meta.subtitle),
        ("Subtitle", meta.lead),
        ("Byline", byline),
    ):
        if text.strip():
            p = new_paragraph(style)
            add_text_run(p, clean(text), fmt)
            body.append(p)
