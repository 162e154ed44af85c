"""One rule for the number an ordered list starts at, shared by every reader and the IR guard.

Inputs carry any string there (``<ol start="²">``, a 5,000-digit number, ``99999999999``);
``int()`` raises on the first two and DOCX refuses the third (``w:start`` is a small integer in
Word). The value is parsed here (ASCII digits only, optional sign) and kept within
[:data:`MIN_LIST_START`, :data:`MAX_LIST_START`]; anything else is reported and replaced.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics

MIN_LIST_START = 0
MAX_LIST_START = 32767
"""Word's limit for a list's start value; EPUB and PDF show any number, so this one bound is shared."""

_NUMBER = re.compile(r"^[+-]?[0-9]{1,12}$")


def clamp_list_start(value: int, diagnostics: Diagnostics | None = None) -> int:
    """``value`` within the allowed range (a warning when it had to be changed)."""
    clamped = min(max(value, MIN_LIST_START), MAX_LIST_START)
    if clamped != value and diagnostics is not None:
        shown = str(value) if abs(value) < 10**12 else f"a {len(str(abs(value)))}-digit number"
        diagnostics.add("list-start-clamped", f"an ordered list starting at {shown} now starts at {clamped}")
    return clamped


def parse_list_start(raw: object, diagnostics: Diagnostics | None = None) -> int:
    """The start number from an attribute value (None or blank: 1); bad values warned and replaced."""
    if raw is None or isinstance(raw, bool):
        return 1
    if isinstance(raw, int):
        return clamp_list_start(raw, diagnostics)
    text = str(raw).strip()
    if not text:
        return 1
    if not _NUMBER.match(text):
        if diagnostics is not None:
            shown = text if len(text) <= 20 else text[:20] + "…"
            diagnostics.add("list-start-invalid", f"ordered list start {shown!r} is not a number; starting at 1")
        return 1
    return clamp_list_start(int(text), diagnostics)
