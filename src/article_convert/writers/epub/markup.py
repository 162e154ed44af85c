"""XML-safe text for the XHTML we write by hand: escaping, illegal-character removal, lang attributes."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, plus C1 controls and noncharacters (never meant in article text,
# usually mojibake): they would make the XHTML unparsable or upset reading systems.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


class TextCleaner:
    """Strips XML-illegal characters and counts them, so the writer can report them once."""

    def __init__(self) -> None:
        self.removed = 0
        self.samples: set[str] = set()

    def clean(self, text: str) -> str:
        """``text`` without characters that XML 1.0 cannot carry."""
        if not _ILLEGAL.search(text):
            return text
        found = _ILLEGAL.findall(text)
        self.removed += len(found)
        self.samples.update(f"U+{ord(ch):04X}" for ch in found)
        return _ILLEGAL.sub("", text)


def plain(text: str) -> str:
    """Metadata/TOC text: soft hyphens removed, whitespace collapsed."""
    return " ".join(text.replace("\u00ad", "").split())


def esc(text: str) -> str:
    """Escape text content for XML (no-break spaces and all other characters stay characters)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Escape an attribute value for a double-quoted XML attribute."""
    return esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def lang_attrs(lang: str | None, parent: str) -> str:
    """`` lang="x" xml:lang="x"`` when ``lang`` is set and differs from the parent's language."""
    if not lang or lang == parent:
        return ""
    value = attr(lang)
    return f' lang="{value}" xml:lang="{value}"'


_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def valid_lang(lang: str | None) -> bool:
    """Whether ``lang`` is well-formed BCP 47 as far as XML and EPUBCheck care."""
    return bool(lang) and bool(_LANG_TAG.match(lang or ""))
