"""Checks of values typed on the command line (``-M key=value``, ``--lang``), done once, up front."""

from __future__ import annotations

import re

from .stdio import display, has_bad_text

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_KEY_ILLEGAL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
LANGUAGE_KEYS = ("lang", "language")


def is_language_tag(tag: str) -> bool:
    """True for a well-formed, valid BCP 47 tag (``ru``, ``sr-Cyrl``, ``en-Latn-US-x-private``)."""
    import langcodes

    return bool(tag) and not has_bad_text(tag) and langcodes.tag_is_valid(tag.replace("_", "-"))


def language_problem(tag: str) -> str | None:
    """Why ``tag`` is no BCP 47 language tag, or None."""
    if is_language_tag(tag.strip()):
        return None
    return f"{display(tag)!s}: not a BCP 47 language tag (e.g. ru, kk, sr-Cyrl, en-Latn-US)"


def text_problem(key: str, value: str) -> str | None:
    """Why ``key=value`` typed on the command line is no usable text (bytes that are not UTF-8,
    control characters), or None."""
    if has_bad_text(key) or has_bad_text(value):
        return f"{display(key)}={display(value)}: not valid UTF-8 text (check the shell's locale)"
    if _KEY_ILLEGAL.search(key):
        return f"{display(key)}: a control character in a metadata key"
    if _XML_ILLEGAL.search(value):
        return f"{display(key)}={display(value)}: a control character in a metadata value"
    return None


def metadata_value_problem(key: str, value: str) -> str | None:
    """Why ``-M key=value`` cannot be used, naming the pair (text, a BCP 47 ``lang``, a real ``date``), or None."""
    problem = text_problem(key, value)
    if problem:
        return problem
    name = key.strip().lower()
    if name in LANGUAGE_KEYS and value.strip() and (why := language_problem(value)) is not None:
        return f"{display(key)}={why}"
    if name == "date" and value.strip():
        from .dates import date_problem

        reason = date_problem(value)
        if reason is not None:
            return f"date={display(value)}: not a real date ({reason}; expected YYYY, YYYY-MM or YYYY-MM-DD)"
    return None
