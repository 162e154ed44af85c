"""Right-to-left runs (Hebrew, Arabic...) in visual order for the PDF, Arabic letters shaped.

reportlab draws characters left to right in the order it gets them and has no shaping without
its own ``rlbidi``/HarfBuzz add-ons (not on PyPI), so a Hebrew quotation came out mirrored and
Arabic as isolated, unjoined letters. Each maximal RTL run of a text (RTL letters with the
spaces, digits and punctuation between them) is reshaped (arabic-reshaper: presentation forms)
and reordered by the Unicode bidi algorithm (python-bidi) before the text reaches a Paragraph.
The surrounding Cyrillic/Latin text keeps its order. Limitation: a run that wraps onto a second
line is reordered as one piece (its line parts then read bottom line first).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_HAS_RTL = re.compile(f"[{_RTL}]")
_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\\d.,:;!?'\"()\\[\\]«»\\-–—\u00a0\u060c\u061b\u061f]*[{_RTL}])?")


@functools.cache
def _converter() -> Callable[[str], str] | None:
    """reshape + bidi for one run, or None when the libraries are missing."""
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # pragma: no cover - both are dependencies
        return None

    def convert(run: str) -> str:
        return str(get_display(arabic_reshaper.reshape(run), base_dir="R"))

    return convert


def visual_order(text: str) -> str:
    """``text`` with every right-to-left run shaped and in display order (others unchanged)."""
    if not _HAS_RTL.search(text):
        return text
    convert = _converter()
    if convert is None:
        return text
    return _RUN.sub(lambda m: convert(m.group()), text)
