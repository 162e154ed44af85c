"""Low-level WordprocessingML: clean text, build runs and their properties in schema order.

python-docx has no API for run languages, hyperlinks, footnotes or fields, so runs are built
here directly with lxml. Every ``w:rPr`` is assembled in the order of the schema's
``CT_RPr`` sequence (rStyle, rFonts, b, i, ..., vertAlign, ..., lang), which Word enforces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...diagnostics import Diagnostics

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters XML 1.0 forbids (lxml and python-docx raise ValueError on them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SOFT_HYPHEN = "\u00ad"


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W}}}{tag}"


class TextCleaner:
    """Strips soft hyphens and XML-illegal characters; counts the latter for one diagnostic."""

    def __init__(self) -> None:
        self.illegal = 0

    def __call__(self, text: str) -> str:
        """The text without soft hyphens and XML-illegal control characters."""
        if _SOFT_HYPHEN in text:
            text = text.replace(_SOFT_HYPHEN, "")
        cleaned, count = _ILLEGAL.subn("", text)
        self.illegal += count
        return cleaned

    def report(self, diagnostics: Diagnostics) -> None:
        """Add one ``control-char`` warning if any character had to be removed."""
        if self.illegal:
            diagnostics.add(
                "control-char",
                f"removed {self.illegal} control character(s) that XML (and DOCX) cannot hold",
            )


@dataclass(frozen=True, slots=True)
class RunFormat:
    """Character formatting inherited down the inline tree."""

    bold: bool = False
    italic: bool | None = None
    """None: as the paragraph style says; True/False: set directly (Emph inside an italic style)."""
    char_style: str = ""
    mono_font: str = ""
    lang: str = ""
    styles: frozenset[str] = frozenset()
    """``Styled`` styles in force: underline, strike, superscript, subscript, smallcaps."""

    def with_(self, **changes: Any) -> RunFormat:
        """A copy with some fields changed."""
        return replace(self, **changes)


_CLARK: dict[str, str] = {}
"""``w:`` local name -> Clark name, built once per name (a long document asks millions of times)."""
_SUB_ELEMENT: Any = None


def _clark(tag: str) -> str:
    name = _CLARK.get(tag)
    if name is None:
        name = _CLARK[tag] = w(tag)
    return name


def sub(parent: _Element, tag: str, **attrs: str) -> _Element:
    """Append a ``w:`` child with ``w:`` attributes (in the order given)."""
    global _SUB_ELEMENT
    if _SUB_ELEMENT is None:
        from lxml.etree import SubElement

        _SUB_ELEMENT = SubElement
    if attrs:
        return _SUB_ELEMENT(parent, _clark(tag), {_clark(k): v for k, v in attrs.items()})  # type: ignore[no-any-return]
    return _SUB_ELEMENT(parent, _clark(tag))  # type: ignore[no-any-return]


def add_rpr(run: _Element, fmt: RunFormat) -> None:
    """Append a ``w:rPr`` for ``fmt`` to an empty run (children in schema order)."""
    if fmt == _PLAIN:
        return
    rpr = sub(run, "rPr")
    if fmt.char_style:
        sub(rpr, "rStyle", val=fmt.char_style)
    if fmt.mono_font:
        f = fmt.mono_font
        sub(rpr, "rFonts", ascii=f, hAnsi=f, eastAsia=f, cs=f)
    if fmt.bold:
        sub(rpr, "b")
    if fmt.italic is True:
        sub(rpr, "i")
    elif fmt.italic is False:
        sub(rpr, "i", val="0")
    if "smallcaps" in fmt.styles:
        sub(rpr, "smallCaps")
    if "strike" in fmt.styles:
        sub(rpr, "strike")
    if "underline" in fmt.styles:
        sub(rpr, "u", val="single")
    for style in ("superscript", "subscript"):
        if style in fmt.styles:
            sub(rpr, "vertAlign", val=style)
            break
    if fmt.lang:
        sub(rpr, "lang", val=fmt.lang)
    if len(rpr) == 0:
        run.remove(rpr)


_PLAIN = RunFormat()
_R_TAG, _T_TAG = w("r"), w("t")
_SPECIAL = re.compile(r"(\t|\r\n|\r|\n)")
_RPR_TEMPLATES: dict[RunFormat, Any] = {}
"""Run format -> a detached ``w:rPr`` built once by :func:`add_rpr` (None: the format needs none);
each run gets a copy (a page of 200,000 links asks for the same two formats 400,000 times)."""
_BY_ID: dict[int, tuple[RunFormat, Any]] = {}
"""The same by the format object's identity: comparing and hashing a dataclass per run cost more
than the run (the formats of one paragraph are the same few objects)."""
_ETREE: Any = None


def _etree() -> Any:
    """lxml.etree, imported on first use (the writer's module is imported by every CLI start)."""
    global _ETREE
    if _ETREE is None:
        from lxml import etree

        _ETREE = etree
    return _ETREE


def _rpr_template(fmt: RunFormat) -> Any:
    """The ``w:rPr`` element :func:`add_rpr` makes for ``fmt`` (shared: copy it), or None."""
    try:
        template = _RPR_TEMPLATES[fmt]
    except KeyError:
        holder = _etree().Element(_clark("r"))
        add_rpr(holder, fmt)
        template = holder[0] if len(holder) else None
        if len(_RPR_TEMPLATES) > 256:
            _RPR_TEMPLATES.clear()
        _RPR_TEMPLATES[fmt] = template
    if len(_BY_ID) > 256:
        _BY_ID.clear()
    _BY_ID[id(fmt)] = (fmt, template)  # the object is held, so its id is not reused
    return template


def add_text_run(parent: _Element, text: str, fmt: RunFormat) -> None:
    """Append one run holding ``text`` (tabs become ``w:tab``, newlines ``w:br``)."""
    if not text:
        return
    make = _SUB_ELEMENT if _SUB_ELEMENT is not None else _etree().SubElement
    run = make(parent, _R_TAG)
    known = _BY_ID.get(id(fmt))
    rpr = known[1] if known is not None and known[0] is fmt else _rpr_template(fmt)
    if rpr is not None:
        run.append(rpr.__copy__())  # a deep copy, made in C
    if "\n" in text or "\t" in text or "\r" in text:
        for piece in _SPECIAL.split(text):
            if piece == "\t":
                sub(run, "tab")
            elif piece in ("\n", "\r\n", "\r"):
                sub(run, "br")
            elif piece:
                _set_text(sub(run, "t"), piece)
    else:
        _set_text(make(run, _T_TAG), text)
    _merge_with_previous(run)


def _set_text(t: _Element, text: str) -> None:
    t.text = text
    if text[0] == " " or text[-1] == " " or "  " in text:
        t.set(XML_SPACE, "preserve")


def _only_text(run: _Element) -> _Element | None:
    """The single ``w:t`` of a run holding just (rPr and) text, else None."""
    rpr_tag = _clark("rPr")
    children = [c for c in run if c.tag != rpr_tag]
    return children[0] if len(children) == 1 and children[0].tag == _clark("t") else None


def _merge_with_previous(run: _Element) -> None:
    """Join a text run into the previous one when both have the same properties."""
    prev = run.getprevious()
    if prev is None or prev.tag != _R_TAG:
        return
    t_prev, t_new = _only_text(prev), _only_text(run)
    if t_prev is None or t_new is None:
        return
    rpr_tag = _clark("rPr")
    rpr_prev, rpr_new = prev.find(rpr_tag), run.find(rpr_tag)
    if (rpr_prev is None) != (rpr_new is None):
        return
    tostring = _etree().tostring
    if rpr_prev is not None and tostring(rpr_prev) != tostring(rpr_new):
        return
    _set_text(t_prev, (t_prev.text or "") + (t_new.text or ""))
    run.getparent().remove(run)


def add_break_run(parent: _Element, fmt: RunFormat) -> None:
    """Append a run holding a line break."""
    run = sub(parent, "r")
    add_rpr(run, fmt)
    sub(run, "br")


def new_paragraph(
    style: str, *, keep_next: bool = False, num: tuple[int, int] | None = None, indent_left: int | None = None
) -> _Element:
    """A ``w:p`` with a ``w:pPr`` (pStyle, keepNext, numPr, ind in schema order)."""
    from docx.oxml.parser import OxmlElement

    p = OxmlElement("w:p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", val=style)
    if keep_next:
        sub(ppr, "keepNext")
    if num is not None:
        num_id, ilvl = num
        numpr = sub(ppr, "numPr")
        sub(numpr, "ilvl", val=str(ilvl))
        sub(numpr, "numId", val=str(num_id))
    if indent_left is not None:
        sub(ppr, "ind", left=str(indent_left), firstLine="0")
    return p
