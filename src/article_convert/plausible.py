"""Does decoded text look like writing in some language? Refuses random bytes read through a code page.

Any single-byte code page turns any bytes into *some* characters, so a legacy-encoding guess
needs a sanity check. Two properties of written language that random bytes lack, measured on
the corpus re-encoded into every Cyrillic code page (worst real text vs. random bytes):
- words are written in one script: of the letter runs of 3+ letters, real text has >= 90 %
  single-script runs, random bytes about 15-35 % (Latin and Cyrillic letters mixed);
- words are separated by white space: real text has >= 6 % white space, random high bytes < 1 %.
"""

from __future__ import annotations

import re

_RUN = re.compile(r"[^\W\d_]{3,}")
MIN_SINGLE_SCRIPT_SHARE = 0.7
MIN_WHITESPACE_SHARE = 0.02


def _script(ch: str) -> int:
    """A coarse script class: Latin, Greek, Cyrillic, else the 128-code-point block."""
    o = ord(ch)
    if o < 0x250:
        return -1
    if 0x370 <= o < 0x400:
        return -2
    if 0x400 <= o < 0x530:
        return -3
    return o >> 7


def single_script_share(text: str) -> float:
    """Share of letter runs (3+ letters) written in one script; 1.0 when there are none."""
    runs = _RUN.findall(text[:50000])
    if not runs:
        return 1.0
    ok = sum(1 for run in runs if len({_script(c) for c in run}) == 1)
    return ok / len(runs)


def implausibility(text: str) -> str | None:
    """Why ``text`` does not look like language (a short reason), or None when it does."""
    sample = text[:50000]
    runs = _RUN.findall(sample)
    if len(runs) >= 5 and single_script_share(sample) < MIN_SINGLE_SCRIPT_SHARE:
        return "its words mix unrelated alphabets"
    visible = sum(1 for c in sample if not c.isspace())
    if visible >= 100 and (len(sample) - visible) / len(sample) < MIN_WHITESPACE_SHARE:
        return "it has almost no spaces between words"
    return None
