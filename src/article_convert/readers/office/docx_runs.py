"""The runs of a Word paragraph -> an InlineBuilder: text, formatting, links (also HYPERLINK
fields), notes, comments, tracked changes, images and text boxes.

Run formatting = the paragraph style's (body paragraphs only: a heading's bold is not Strong),
then the character style's, then the run's own ``w:rPr``; toggles such as ``<w:b w:val="0"/>``
switch off what a style switched on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...ir import Image, LineBreak, Note, Paragraph, Text
from .docx_styles import run_flags
from .inlines import Fmt, InlineBuilder
from .ooxml import NS, R, W, attr, local
from .unsupported import docx_graphic_kind

if TYPE_CHECKING:
    from lxml.etree import _Element

    from .docx_body import DocxConverter

_FIELD_ARG = re.compile(r'"([^"]*)"|(\S+)')
_MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
          ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp",
          ".emf": "image/emf", ".wmf": "image/wmf", ".svg": "image/svg+xml"}
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
TXBX = f"{W}txbxContent"
SKIP = frozenset({
    "rPr", "pPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "lastRenderedPageBreak", "footnoteRef", "endnoteRef", "annotationRef", "separator",
    "continuationSeparator", "sdtPr", "sdtEndPr", "smartTagPr", "customXmlPr", "fldData", "delText",
    "delInstrText", "rsid", "softHyphen_", "ruby_",
})


@dataclass
class Field:
    """A complex field being read (``fldChar`` begin … separate … end)."""

    instr: str = ""
    in_result: bool = False
    link: str | None = None


@dataclass
class RunState:
    """What one paragraph's walk collects besides its inlines."""

    base_flags: dict[str, bool]
    base_lang: str | None
    builder: InlineBuilder = field(default_factory=InlineBuilder)
    langs: Counter[str] = field(default_factory=Counter)
    after: list = field(default_factory=list)  # text-box blocks to put after the paragraph


def hyperlink_target(instr: str) -> str | None:
    """The URL of a ``HYPERLINK "url" \\l "anchor"`` field instruction, else None."""
    parts = instr.strip().split(None, 1)
    if not parts or parts[0].upper() != "HYPERLINK":
        return None
    url, anchor = "", ""
    args = [(m.group(1) if m.group(1) is not None else m.group(2)) for m in _FIELD_ARG.finditer(parts[1] if len(parts) > 1 else "")]
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("\\l", "\\L") and i + 1 < len(args):
            anchor = args[i + 1]
            i += 2
            continue
        if a.startswith("\\"):
            i += 2 if a in ("\\o", "\\t", "\\O", "\\T") else 1
            continue
        url = url or a
        i += 1
    if anchor:
        return f"{url}#{anchor}"
    return url or None


class RunWalker:
    """Walks the inline content of paragraphs for one converter (fields may span paragraphs)."""

    def __init__(self, conv: DocxConverter) -> None:
        self.conv = conv
        self.fields: list[Field] = []
        self.code_text: list[str] = []
        """Text runs read as part of a field's code (a field begun and never ended hides the rest)."""

    # ---------------------------------------------------------------- formatting

    def _fmt(self, run: _Element, st: RunState, link: str | None) -> tuple[Fmt, str | None]:
        rpr = run.find(f"{W}rPr")
        flags = dict(st.base_flags)
        lang = st.base_lang
        if rpr is not None:
            rstyle = rpr.find(f"{W}rStyle")
            if rstyle is not None:
                sflags, slang = self.conv.styles.flags(attr(rstyle, "val"))
                flags.update(sflags)
                lang = slang or lang
            own, own_lang = run_flags(rpr)
            flags.update(own)
            lang = own_lang or lang
        for f in self.fields:
            if f.in_result and f.link:
                link = link or f.link
        on = frozenset(k for k, v in flags.items() if v)
        if "superscript" in on and "subscript" in on:
            on = on - {"subscript"}
        return Fmt(on, link), lang

    # ---------------------------------------------------------------- walking

    def walk(self, parent: _Element, st: RunState, link: str | None = None) -> None:
        """Add the inline content under ``parent`` (a paragraph or an inline container)."""
        for child in parent:
            name = local(child)
            if not name or name in SKIP:
                continue
            if child.tag == f"{W}r":
                self.run(child, st, link)
            elif name == "commentRangeStart":
                self.conv.comment(attr(child, "id") or "", st.builder)
            elif name == "hyperlink" and child.tag == f"{W}hyperlink":
                self.walk(child, st, self._hyperlink(child) or link)
            elif name in ("ins", "moveTo"):
                self.conv.changes[name] += 1
                self.walk(child, st, link)
            elif name in ("del", "moveFrom"):
                self.conv.changes[name] += 1
            elif name in ("smartTag", "customXml", "dir", "bdo", "sdtContent"):
                self.walk(child, st, link)
            elif name == "sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content, st, link)
            elif name == "fldSimple":
                target = hyperlink_target(attr(child, "instr") or "")
                self.walk(child, st, target or link)
            elif child.tag in (f"{M}oMath", f"{M}oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{M}t"))
                st.builder.text(text, Fmt(frozenset(), link))
            elif child.tag == f"{MC}AlternateContent":
                self._alternate(child, lambda el: self.walk(el, st, link))
            else:
                self.walk(child, st, link)  # unknown wrapper: keep whatever text it holds

    def _hyperlink(self, el: _Element) -> str | None:
        rid = el.get(f"{R}id")
        anchor = attr(el, "anchor")
        url = None
        if rid and rid in self.conv.rels:
            url = self.conv.rels[rid].target
        if anchor:
            url = f"{url or ''}#{anchor}"
        return url

    def _alternate(self, el: _Element, handle, graphic: bool = False) -> None:  # type: ignore[no-untyped-def]
        """mc:AlternateContent: the first Choice (DrawingML), else the Fallback (VML) — never both. For
        a graphic, the Fallback when only it has a picture or text box (a new chart type's Choice)."""
        choice = el.find(f"{MC}Choice")
        fallback = el.find(f"{MC}Fallback")
        if graphic and choice is not None and fallback is not None and not _shows(choice) and _shows(fallback):
            choice = fallback
        handle(choice if choice is not None else (fallback if fallback is not None else el))

    def run(self, run: _Element, st: RunState, link: str | None) -> None:
        """One ``w:r``: its text and the special characters, notes, pictures and field codes in it."""
        fmt, lang = self._fmt(run, st, link)
        b = st.builder
        for child in run:
            name = local(child)
            if not name or name in SKIP:
                continue
            if name == "fldChar":
                self._field_char(attr(child, "fldCharType") or "")
                fmt, lang = self._fmt(run, st, link)
                continue
            if name == "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr += child.text or ""
                continue
            if self.fields and not self.fields[-1].in_result:
                if name == "t" and (child.text or "").strip():
                    self.code_text.append(child.text or "")  # text Word writes as w:t, not instrText: damage
                continue  # the field code, not its visible result
            if name == "t":
                text = child.text or ""
                b.text(text, fmt)
                if lang and text.strip():
                    st.langs[lang] += len(text)
            elif name in ("tab", "ptab"):
                b.text(" ", fmt)
            elif name == "br":
                kind = attr(child, "type")
                if kind in ("page", "column"):
                    b.text(" ", fmt)
                else:
                    b.node(LineBreak(), fmt)
            elif name == "cr":
                b.node(LineBreak(), fmt)
            elif name == "noBreakHyphen":
                b.text("\u2011", fmt)
            elif name == "softHyphen":
                b.text("\u00ad", fmt)
            elif name == "sym":
                b.text(_symbol(attr(child, "char") or "", attr(child, "font") or ""), fmt)
            elif name in ("footnoteReference", "endnoteReference"):
                blocks = self.conv.note_blocks(name[:-9], attr(child, "id") or "")
                if blocks:
                    b.node(Note(blocks), Fmt(frozenset(), fmt.link))
            elif name == "commentReference":
                self.conv.comment(attr(child, "id") or "", b)
            elif name in ("drawing", "pict", "object"):
                self._graphic(child, st, fmt)
            elif name == "ruby":
                self._ruby(child, st, link)
            elif child.tag == f"{MC}AlternateContent":
                self._alternate(child, lambda el, f=fmt: self._graphic(el, st, f), graphic=True)
            elif name == "t" or child.tag == f"{M}t":
                b.text(child.text or "", fmt)

    def _ruby(self, ruby: _Element, st: RunState, link: str | None) -> None:
        """``w:ruby`` (phonetic guide): the base text, then the guide in parentheses, as a browser
        without ruby support shows ``<ruby>`` (both are text of the document)."""
        base, guide = ruby.find(f"{W}rubyBase"), ruby.find(f"{W}rt")
        if base is not None:
            self.walk(base, st, link)
        if guide is not None and "".join(guide.itertext()).strip():
            st.builder.text("(", Fmt(frozenset(), link))
            self.walk(guide, st, link)
            st.builder.text(")", Fmt(frozenset(), link))

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(Field())
        elif kind == "separate" and self.fields:
            f = self.fields[-1]
            f.in_result = True
            f.link = hyperlink_target(f.instr)
        elif kind == "end" and self.fields:
            self.fields.pop()

    # ---------------------------------------------------------------- pictures and text boxes

    def _graphic(self, el: _Element, st: RunState, fmt: Fmt) -> None:
        """Pictures (DrawingML blips, VML imagedata) as Image inlines; text boxes as blocks after the paragraph."""
        alt = ""
        for doc_pr in el.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
            break
        if not alt:
            for shape in el.iter("{urn:schemas-microsoft-com:vml}shape"):
                alt = (shape.get("alt") or "").strip()
                break
        seen_box = False
        shown = False
        for node in el.iter(A_BLIP, V_IMAGEDATA, TXBX):
            if node.tag == TXBX:
                if not seen_box and not _inside(node, TXBX, el):
                    st.after.extend(self.conv.blocks(node))
                    seen_box = shown = True
                continue
            if _inside(node, TXBX, el):
                continue
            rid = node.get(f"{R}embed") or node.get(f"{R}id") or node.get(f"{R}link")
            if not rid:
                continue
            shown = True
            image = self.conv.image(rid, alt or (node.get("{urn:schemas-microsoft-com:office:office}title") or ""))
            if image is not None:
                st.builder.node(image, Fmt(frozenset(), fmt.link))
        if not shown:
            kind = docx_graphic_kind(el)
            if kind is not None:
                self.conv.graphics_left_out.append((kind, alt))


def _shows(el: _Element) -> bool:
    """The graphic has a picture or a text box the reader can take."""
    return next(el.iter(A_BLIP, V_IMAGEDATA, TXBX), None) is not None


_SYMBOL = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x40: "≅", 0xA2: "′", 0xA3: "≤", 0xA5: "∞", 0xAB: "↔", 0xAC: "←",
    0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝",
    0xB6: "∂", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC4: "⊗", 0xC5: "⊕",
    0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈",
    0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨",
    0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓", 0xE0: "◊", 0xE5: "∑", 0xF2: "∫",
}
"""Symbol-font code points that are not Greek letters (Word writes them as ``w:sym``)."""


def _inside(node: _Element, tag: str, within: _Element) -> bool:
    """``node`` lies inside a ``tag`` element below ``within`` (a text box nested in the graphic
    being read, not the text box the graphic itself stands in)."""
    parent = node.getparent()
    while parent is not None and parent is not within:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _symbol(code: str, font: str) -> str:
    """The character of a ``w:sym`` (Symbol-font codes live at U+F0xx)."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if font.lower() == "symbol" and (value & 0xFF) in _SYMBOL:
        return _SYMBOL[value & 0xFF]
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
        if font.lower() == "symbol":
            greek = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
            if 0x41 <= value <= 0x5A:
                return greek[value - 0x41]
            if 0x61 <= value <= 0x7A:
                return greek.lower()[value - 0x61]
    return chr(value) if 0x20 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""


def media_type(name: str) -> str:
    """The media type of a package member by its extension."""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _MEDIA.get(ext, "application/octet-stream")


__all__ = ["NS", "Image", "Paragraph", "RunState", "RunWalker", "Text", "hyperlink_target", "media_type"]
