"""reportlab's paragraph markup colours parsed once per distinct value (issue 9).

Every ``<a href=… color="#1d4f91">`` the inline renderer writes is parsed by reportlab's
``toColor`` when its paragraph is parsed: ~60 µs for a hex colour (it tries CSS forms, names,
then Python literals in turn), which for a page of 200,000 links was about 12 s. The attribute
tables of reportlab's paragraph parser get a ``toColor`` that remembers what a string gave (the
same ``Color`` values: reportlab never changes a colour once made, it makes new ones).
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def install() -> int:
    """Put the remembering ``toColor`` into the parser's attribute tables (once per process); the
    number of attributes it now converts."""
    from reportlab.lib.colors import toColor
    from reportlab.platypus import paraparser

    @functools.lru_cache(maxsize=1024)
    def parsed(text: str) -> Any:
        return toColor(text)

    def to_color(arg: Any, default: Any = None) -> Any:
        if type(arg) is str and default is None:
            return parsed(arg)
        return toColor(arg, default)

    count = 0
    for table in list(vars(paraparser).values()):
        if not isinstance(table, dict):
            continue
        for key, value in list(table.items()):
            if isinstance(value, tuple) and len(value) == 2 and value[1] is toColor:
                table[key] = (value[0], to_color)
                count += 1
    return count
