"""Recognising the parts of an article: one module per kind of evidence, each a pure function.

``transforms/article_parts.py`` puts them together through :func:`find_parts` (a function of the
Document alone). Readers may call the recognisers directly on their own strings, e.g. the HTML
reader on a page's byline or date element:

* :func:`parse_byline` ("Автор: …", "Текст: …; фото: …", "…, специально для «X»", bare names),
  :func:`parse_source` ("Источник: …"), :func:`copyright_holder` ("© 2026 X");
* :func:`parse_date` (first full date in any text), :func:`date_line` (a line that is only a date),
  :func:`find_dateline` ("АСТАНА. KAZINFORM –", "Київ, 2 жовтня 2026 р. –");
* :func:`boilerplate_kind`, :func:`caption_kind`, :func:`plan_interview`.
"""

from .boilerplate import boilerplate_kind, find_boilerplate
from .bylines import Byline, copyright_holder, parse_byline, parse_source
from .captions import caption_kind
from .datelines import Dateline, find_dateline
from .dates import date_line, find_dates, parse_date
from .decisions import Decision
from .interview import plan_interview
from .parts import Parts, find_parts

__all__ = [
    "Byline",
    "Dateline",
    "Decision",
    "Parts",
    "boilerplate_kind",
    "caption_kind",
    "copyright_holder",
    "date_line",
    "find_boilerplate",
    "find_dateline",
    "find_dates",
    "find_parts",
    "parse_byline",
    "parse_date",
    "parse_source",
    "plan_interview",
]
