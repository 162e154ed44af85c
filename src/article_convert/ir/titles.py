"""What a title block shows besides title, subtitle, lead and byline: the publisher beside the authors
and the address the text came from. One definition, so every writer (and a nested Article's blocks,
``walk.article_blocks``) prints the same lines. Depends on the nodes alone."""

from __future__ import annotations

import re

from .nodes import Metadata

_URL = re.compile(r"(?i)^https?://\S+$")


def publisher_line(meta: Metadata) -> str:
    """The source (publisher) when the byline shows the authors instead, so it is printed too; else ''."""
    source = " ".join(meta.source.split())
    if not source or not meta.authors or source.casefold() in meta.byline.casefold():
        return ""
    return source


def source_url(meta: Metadata) -> str:
    """The address the text was taken from (``url``/``source_url`` of ``extra``, else an http(s)
    ``identifier``), printed under the byline; '' when there is none or the byline shows it."""
    for value in (meta.extra_value("url"), meta.extra_value("source_url"), meta.identifier):
        value = value.strip()
        if _URL.match(value):
            return "" if value == meta.source.strip() else value
    return ""
