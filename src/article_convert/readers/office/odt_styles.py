"""OpenDocument styles: paragraph meaning (by name, parent chain, outline level), text formatting
and list styles (bullet or number per level, start values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .docx_styles import kind_of_name

if TYPE_CHECKING:
    from lxml.etree import _Element

STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MONO = ("courier", "mono", "consolas", "menlo", "lucida console", "liberation mono", "dejavu sans mono")


@dataclass
class OdtStyle:
    """One style: names, parent, outline level, formatting flags and language."""

    name: str
    display: str
    family: str
    parent: str | None
    outline: int | None
    flags: dict[str, bool] = field(default_factory=dict)
    lang: str | None = None
    list_style: str | None = None


def text_flags(props: _Element | None) -> tuple[dict[str, bool], str | None]:
    """Formatting set by ``style:text-properties``."""
    flags: dict[str, bool] = {}
    if props is None:
        return flags, None
    weight = props.get(FO + "font-weight")
    if weight:
        flags["bold"] = weight in ("bold", "600", "700", "800", "900")
    slant = props.get(FO + "font-style")
    if slant:
        flags["italic"] = slant in ("italic", "oblique")
    under = props.get(STYLE + "text-underline-style")
    if under:
        flags["underline"] = under != "none"
    strike = props.get(STYLE + "text-line-through-style")
    if strike:
        flags["strike"] = strike != "none"
    pos = props.get(STYLE + "text-position")
    if pos:
        first = pos.split()[0]
        try:
            shift = {"super": 1.0, "sub": -1.0}.get(first) or float(first.rstrip("%"))
        except ValueError:
            shift = 0.0
        flags["superscript"], flags["subscript"] = shift > 0, shift < 0
    if props.get(FO + "font-variant") == "small-caps":
        flags["smallcaps"] = True
    font = (props.get(STYLE + "font-name") or props.get(FO + "font-family") or "").casefold()
    if font and any(m in font for m in MONO):
        flags["code"] = True
    lang = props.get(FO + "language")
    country = props.get(FO + "country")
    if lang and lang != "zxx":
        lang = f"{lang}-{country}" if country and country != "none" else lang
    else:
        lang = None
    return flags, lang


@dataclass(frozen=True)
class ListLevel:
    """One level of a list style."""

    ordered: bool
    start: int


class OdtStyles:
    """Styles from styles.xml and the automatic styles of content.xml."""

    def __init__(self, roots: list[_Element]) -> None:
        self.by_name: dict[tuple[str, str], OdtStyle] = {}
        self.default_flags: dict[str, bool] = {}
        self.default_lang: str | None = None
        self.lists: dict[str, dict[int, ListLevel]] = {}
        for root in roots:
            for el in root.iter(STYLE + "style"):
                name = el.get(STYLE + "name") or ""
                family = el.get(STYLE + "family") or ""
                level = el.get(STYLE + "default-outline-level")
                flags, lang = text_flags(el.find(STYLE + "text-properties"))
                self.by_name[(family, name)] = OdtStyle(
                    name, el.get(STYLE + "display-name") or name.replace("_20_", " "), family,
                    el.get(STYLE + "parent-style-name"), int(level) if level and level.isdigit() else None,
                    flags, lang, el.get(STYLE + "list-style-name"),
                )
            for el in root.iter(TEXT + "list-style"):
                levels: dict[int, ListLevel] = {}
                for lvl in el:
                    tag = lvl.tag.rpartition("}")[2] if isinstance(lvl.tag, str) else ""
                    raw = lvl.get(TEXT + "level") or "1"
                    n = int(raw) - 1 if raw.isdigit() else 0
                    start = lvl.get(TEXT + "start-value") or "1"
                    levels[n] = ListLevel(tag == "list-level-style-number" and bool(lvl.get(STYLE + "num-format", "1")),
                                          min(int(start), 1_000_000) if start.isdigit() else 1)
                self.lists[el.get(STYLE + "name") or ""] = levels
            default = root.find(f"{STYLE}default-style[@{STYLE}family='paragraph']")
            if default is not None:
                self.default_flags, self.default_lang = text_flags(default.find(STYLE + "text-properties"))

    def chain(self, family: str, name: str | None) -> list[OdtStyle]:
        out: list[OdtStyle] = []
        seen: set[str] = set()
        while name and (family, name) in self.by_name and name not in seen and len(out) < 20:
            seen.add(name)
            out.append(self.by_name[(family, name)])
            name = out[-1].parent
        return out

    def kind(self, name: str | None) -> str | None:
        """title, subtitle, hN, quote, caption, code… for a paragraph style."""
        if name and not self.chain("paragraph", name):
            k = kind_of_name(name.replace("_20_", " "))  # a built-in style the file does not define
            return None if k == "listparagraph" else k
        for st in self.chain("paragraph", name):
            k = kind_of_name(st.display) or kind_of_name(st.name.replace("_20_", " "))
            if k in ("listparagraph",):
                return None
            if k:
                return k
            if st.outline:
                return f"h{st.outline}"
        return None

    def flags(self, family: str, name: str | None) -> tuple[dict[str, bool], str | None]:
        flags: dict[str, bool] = {}
        lang = None
        for st in reversed(self.chain(family, name)):
            flags.update(st.flags)
            lang = st.lang or lang
        return flags, lang

    def list_style_of(self, name: str | None) -> str | None:
        for st in self.chain("paragraph", name):
            if st.list_style:
                return st.list_style
        return None

    def list_level(self, style: str | None, level: int) -> ListLevel:
        return self.lists.get(style or "", {}).get(level, ListLevel(False, 1))
