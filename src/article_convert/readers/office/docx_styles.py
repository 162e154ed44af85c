"""Word styles (styles.xml): what each paragraph style means for an article, and run formatting.

Built-in styles are recognised by their ``w:name`` (Word keeps the English name of a built-in
style even in a Russian or Kazakh Word), by the ids Word gives them (``Heading1``; a Russian
Word uses ``1``, ``2`` … and ``a3``-like ids, so the name matters more), and by the localised
names that other programs write (``Заголовок 1``, ``Название``, ``Цитата``…). A custom style is
mapped through its base-style chain or its outline level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .ooxml import W, attr, on_off, wq

if TYPE_CHECKING:
    from lxml.etree import _Element

_HEADING = re.compile(
    r"^(?:heading|заголовок|тақырып|тақырыбы|заголовок|загаловак|наслов|überschrift|titre|título)\s*(\d)$"
    r"|^(\d)[-\s]?(?:тақырып|тақырыбы)$"
)
_KINDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "название", "заголовок", "атауы", "тақырып", "назва", "назва документа", "наслов"),
    "subtitle": ("subtitle", "подзаголовок", "тақырыпша", "подзаголовок документа", "підзаголовок"),
    "quote": (
        "quote", "intense quote", "quotations", "block text", "blockquote", "block quote",
        "цитата", "цитата 2", "выделенная цитата", "яркая цитата", "дәйексөз", "айқын дәйексөз",
        "цитата1", "цитати",
    ),
    "caption": ("caption", "image caption", "table caption", "illustration", "figure", "drawing", "название объекта", "подпись", "атауы объекті",
                "figure caption"),
    "code": ("source code", "html preformatted", "preformatted text", "code", "стандартный html"),
    "hr": ("horizontal line", "horizontal rule", "горизонтальная линия"),
    "author": ("author", "автор", "авторы"),
    "abstract": ("abstract", "аннотация", "анотація", "аңдатпа"),
    "listparagraph": ("list paragraph", "абзац списка", "тізім абзацы", "абзац списку", "compact"),
}
_NAME_TO_KIND = {name: kind for kind, names in _KINDS.items() for name in names}
_COMPACT_TO_KIND = {k.replace(" ", ""): v for k, v in _NAME_TO_KIND.items()}
_CHAR_KINDS = {
    "strong": "bold", "строгий": "bold", "жирный": "bold", "қалың": "bold",
    "emphasis": "italic", "выделение": "italic", "intense emphasis": "italic", "сильное выделение": "italic",
    "verbatim char": "code", "html code": "code", "source code char": "code", "код html": "code",
}


def _norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def kind_of_name(name: str) -> str | None:
    """The article meaning of a style name: title, subtitle, h1..h9, quote, caption, code, listparagraph."""
    n = _norm(name)
    m = _HEADING.match(n) or _HEADING.match(n.replace(" ", ""))
    if m:
        return f"h{m.group(1) or m.group(2)}"
    compact = n.replace(" ", "")
    for key in (n, compact):
        if key in _NAME_TO_KIND:
            return _NAME_TO_KIND[key]
    return _COMPACT_TO_KIND.get(compact)


@dataclass
class Style:
    """One ``w:style``: its names, base, outline level, numbering and run formatting."""

    sid: str
    name: str
    kind: str  # paragraph | character | table | numbering
    based_on: str | None
    outline: int | None
    num: tuple[str, int] | None
    flags: dict[str, bool] = field(default_factory=dict)
    lang: str | None = None


RUN_FLAGS = {
    "b": "bold", "i": "italic", "strike": "strike", "dstrike": "strike", "smallCaps": "smallcaps",
}


def run_flags(rpr: _Element | None) -> tuple[dict[str, bool], str | None]:
    """Formatting switched on or off by one ``w:rPr``, and its ``w:lang``."""
    flags: dict[str, bool] = {}
    lang = None
    if rpr is None:
        return flags, lang
    for child in rpr:
        local = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if local in RUN_FLAGS:
            flags[RUN_FLAGS[local]] = on_off(child)
        elif local == "u":
            flags["underline"] = attr(child, "val") not in ("none", "0", "false")
        elif local == "vertAlign":
            val = attr(child, "val")
            flags["superscript"] = val == "superscript"
            flags["subscript"] = val == "subscript"
        elif local == "lang":
            lang = attr(child, "val") or lang
        elif local == "rFonts":
            font = (attr(child, "ascii") or attr(child, "hAnsi") or "").casefold()
            if font and any(m in font for m in ("courier", "consolas", "mono", "menlo", "lucida console")):
                flags["code"] = True
    return flags, lang


class Styles:
    """All styles of a document, with resolution along ``basedOn`` chains."""

    def __init__(self, root: _Element | None) -> None:
        self.by_id: dict[str, Style] = {}
        self.default_para: str | None = None
        self.default_flags: dict[str, bool] = {}
        self.default_lang: str | None = None
        self._kinds: dict[str | None, str | None] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_flags, self.default_lang = run_flags(defaults)
        for el in root.iterfind(f"{W}style"):
            sid = attr(el, "styleId") or ""
            name_el = el.find(f"{W}name")
            ppr = el.find(f"{W}pPr")
            outline = None
            num = None
            if ppr is not None:
                ol = ppr.find(f"{W}outlineLvl")
                if ol is not None and (attr(ol, "val") or "").isdigit():
                    outline = int(attr(ol, "val") or "9")
                numpr = ppr.find(f"{W}numPr")
                if numpr is not None:
                    num = _num(numpr)
            flags, lang = run_flags(el.find(f"{W}rPr"))
            style = Style(
                sid, attr(name_el, "val") or sid if name_el is not None else sid, attr(el, "type") or "paragraph",
                attr(el.find(f"{W}basedOn"), "val") if el.find(f"{W}basedOn") is not None else None,
                outline, num, flags, lang,
            )
            self.by_id[sid] = style
            if style.kind == "paragraph" and on_off_attr(el, "default"):
                self.default_para = sid

    def chain(self, sid: str | None) -> list[Style]:
        """The style and its ancestors (nearest first), loops cut."""
        out: list[Style] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen and len(out) < 20:
            seen.add(sid)
            out.append(self.by_id[sid])
            sid = out[-1].based_on
        return out

    def kind(self, sid: str | None) -> str | None:
        """The article meaning of a paragraph style (see :func:`kind_of_name`), via its chain (cached)."""
        if sid not in self._kinds:
            self._kinds[sid] = self._kind(sid)
        return self._kinds[sid]

    def _kind(self, sid: str | None) -> str | None:
        if sid and sid not in self.by_id:
            return kind_of_name(sid)  # a style the file uses but does not define (no styles.xml)
        for style in self.chain(sid or self.default_para):
            k = kind_of_name(style.name) or kind_of_name(style.sid)
            if k is None and style.sid.isdigit() and 1 <= int(style.sid) <= 9 and style.outline is not None:
                k = f"h{style.sid}"  # a Russian Word's Heading 1 has the id "1"
            if k is not None:
                return k
            if style.outline is not None and style.outline < 9:
                return f"h{style.outline + 1}"
        return None

    def char_kind(self, sid: str | None) -> str | None:
        """bold / italic / code for a character style like Strong, Emphasis, Verbatim Char."""
        for style in self.chain(sid):
            k = _CHAR_KINDS.get(_norm(style.name)) or _CHAR_KINDS.get(_norm(style.sid))
            if k:
                return k
        return None

    def flags(self, sid: str | None) -> tuple[dict[str, bool], str | None]:
        """Run formatting a style gives (ancestors first, nearer ones override), and its language."""
        flags: dict[str, bool] = {}
        lang = None
        for style in reversed(self.chain(sid)):
            flags.update(style.flags)
            lang = style.lang or lang
        kind = self.char_kind(sid)
        if kind:
            flags[kind] = True
        return flags, lang

    def numbering(self, sid: str | None) -> tuple[str, int] | None:
        """The list numbering a paragraph style carries (``numId``, level)."""
        for style in self.chain(sid):
            if style.num is not None:
                return style.num
        return None


def _num(numpr: _Element) -> tuple[str, int] | None:
    num_id = numpr.find(f"{W}numId")
    ilvl = numpr.find(f"{W}ilvl")
    if num_id is None:
        return None
    level = (attr(ilvl, "val") if ilvl is not None else None) or "0"
    return attr(num_id, "val") or "0", int(level) if level.isdigit() else 0


def on_off_attr(el: _Element, name: str) -> bool:
    """A boolean attribute ("1", "true", "on")."""
    return (el.get(wq(name)) or "").lower() in ("1", "true", "on")
