"""Recognising the parts of an article: one module per kind of evidence, each a pure function.

``transforms/article_parts.py`` puts them together; readers (the HTML reader's byline and date
recognition, for one) may call these functions directly on their own strings or Documents.
"""

from .boilerplate import boilerplate_kind, find_boilerplate
from .decisions import Decision

__all__ = ["Decision", "boilerplate_kind", "find_boilerplate"]
