"""``<span lang="…">`` in reportlab paragraph markup: a run in another language keeps its language.

reportlab's fragments carry fonts and colours but no language, so a ``Span(lang=…)`` inside a
paragraph was hyphenated in the paragraph's language. reportlab's markup parser accepts only the
span attributes in its ``_spanAttrMap``; ``lang`` is added there, stored on every fragment of the
run as ``ac_lang`` (reportlab copies a tag's attributes onto the fragments inside it), and the
line breaker (``linebreak``) hyphenates each word by its fragment's language.
"""

from __future__ import annotations

_PATCHED = False


def install_span_lang() -> None:
    """Teach reportlab's markup parser the ``lang`` attribute of ``<span>`` (once per process)."""
    global _PATCHED
    if _PATCHED:
        return
    _PATCHED = True
    from reportlab.platypus import paraparser

    paraparser._spanAttrMap["lang"] = ("ac_lang", None)
