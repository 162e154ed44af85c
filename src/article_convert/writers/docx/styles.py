"""The style sheet (styles.xml) and font table (fontTable.xml) of our lean DOCX template.

Every style names its font in all four ``w:rFonts`` slots and no style carries a ``*Theme``
attribute: Word and LibreOffice let a theme font override an explicit name, and Cyrillic text
is drawn from the ``hAnsi`` slot (see LIBRARY-FACTS). Paragraph and run property fragments
below are written in schema order (``CT_PPr`` / ``CT_RPr`` sequences), which Word enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...xmlesc import quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FontRole = Literal["body", "heading", "mono", ""]


@dataclass(frozen=True)
class Fonts:
    """The three families the document uses, by role."""

    body: str = "Noto Serif"
    heading: str = "Noto Sans"
    mono: str = "DejaVu Sans Mono"

    def for_role(self, role: FontRole) -> str:
        """The family for a role ("" means: inherit, no rFonts)."""
        return {"body": self.body, "heading": self.heading, "mono": self.mono, "": ""}[role]


@dataclass(frozen=True)
class StyleDef:
    """One ``w:style``: ids, inheritance, font role and pPr/rPr children in schema order."""

    style_id: str
    name: str
    kind: Literal["paragraph", "character"] = "paragraph"
    based_on: str = "Normal"
    next_id: str = ""
    font: FontRole = "body"
    ppr: str = ""
    rpr: str = ""
    qformat: bool = True


_NO_INDENT = '<w:ind w:firstLine="0"/>'


def _heading(level: int, size: int, before: int) -> StyleDef:
    return StyleDef(
        f"Heading{level}",
        f"heading {level}",
        next_id="Normal",
        font="heading",
        ppr=(
            f"<w:keepNext/><w:keepLines/><w:suppressAutoHyphens/>"
            f'<w:spacing w:before="{before}" w:after="120"/>{_NO_INDENT}<w:jc w:val="left"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr=f'<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
    )


STYLES: tuple[StyleDef, ...] = (
    StyleDef(
        "Normal",
        "Normal",
        based_on="",
        ppr=(
            '<w:spacing w:after="0" w:line="288" w:lineRule="auto"/>'
            '<w:ind w:firstLine="425"/><w:jc w:val="both"/>'
        ),
        rpr='<w:sz w:val="22"/><w:szCs w:val="22"/>',
    ),
    StyleDef(
        "Title",
        "Title",
        next_id="Normal",
        font="heading",
        ppr=(
            "<w:keepNext/><w:keepLines/><w:suppressAutoHyphens/>"
            f'<w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>{_NO_INDENT}'
            '<w:jc w:val="left"/>'
        ),
        rpr='<w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="40"/><w:szCs w:val="40"/>',
    ),
    StyleDef(
        "SecondaryTitle",
        "Secondary Title",
        based_on="Title",
        next_id="Normal",
        font="heading",
        ppr='<w:spacing w:before="0" w:after="200"/>',
        rpr='<w:b w:val="0"/><w:bCs w:val="0"/><w:sz w:val="30"/><w:szCs w:val="30"/>',
    ),
    StyleDef(
        "Subtitle",
        "Subtitle",
        next_id="Normal",
        font="heading",
        ppr=(
            '<w:keepNext/><w:suppressAutoHyphens/><w:spacing w:before="0" w:after="240"/>'
            f'{_NO_INDENT}<w:jc w:val="left"/>'
        ),
        rpr='<w:color w:val="404040"/><w:sz w:val="25"/><w:szCs w:val="25"/>',
    ),
    StyleDef(
        "Byline",
        "Byline",
        next_id="Normal",
        font="heading",
        ppr=f'<w:keepNext/><w:spacing w:before="0" w:after="360"/>{_NO_INDENT}<w:jc w:val="left"/>',
        rpr='<w:i/><w:iCs/><w:color w:val="595959"/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    StyleDef(
        "SourceLine",
        "Source Line",
        based_on="Byline",
        next_id="Normal",
        font="heading",
        ppr='<w:spacing w:before="0" w:after="360"/>',
        rpr='<w:i w:val="0"/><w:iCs w:val="0"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    _heading(1, 32, 360),
    _heading(2, 28, 300),
    _heading(3, 24, 240),
    _heading(4, 22, 240),
    _heading(5, 22, 200),
    _heading(6, 22, 200),
    StyleDef(
        "Question",
        "Question",
        next_id="Answer",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    StyleDef("Answer", "Answer", next_id="Answer"),
    StyleDef(
        "Quote",
        "Quote",
        ppr=(
            '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="A6A6A6"/></w:pBdr>'
            '<w:spacing w:before="120" w:after="120"/><w:ind w:left="567" w:right="567" w:firstLine="0"/>'
        ),
        rpr="<w:i/><w:iCs/>",
    ),
    StyleDef(
        "QuoteAttribution",
        "Quote Attribution",
        based_on="Quote",
        next_id="Normal",
        ppr='<w:spacing w:before="0" w:after="200"/><w:jc w:val="right"/>',
        rpr='<w:i w:val="0"/><w:iCs w:val="0"/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    StyleDef(
        "ListParagraph",
        "List Paragraph",
        ppr='<w:spacing w:after="60"/><w:ind w:left="709" w:firstLine="0"/><w:contextualSpacing/>',
    ),
    StyleDef(
        "TableText",
        "Table Text",
        ppr=f'<w:spacing w:before="20" w:after="20"/>{_NO_INDENT}<w:jc w:val="left"/>',
        rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    StyleDef(
        "Figure",
        "Figure",
        next_id="Caption",
        ppr=(
            f'<w:keepNext/><w:spacing w:before="240" w:after="60" w:line="240" w:lineRule="auto"/>'
            f'{_NO_INDENT}<w:jc w:val="center"/>'
        ),
    ),
    StyleDef(
        "Caption",
        "caption",
        next_id="Normal",
        font="heading",
        ppr=f'<w:suppressAutoHyphens/><w:spacing w:after="60"/>{_NO_INDENT}<w:jc w:val="center"/>',
        rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>',
    ),
    StyleDef(
        "ImageCredit",
        "Image Credit",
        based_on="Caption",
        next_id="Normal",
        font="heading",
        ppr='<w:spacing w:after="240"/><w:jc w:val="right"/>',
        rpr='<w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    StyleDef(
        "Code",
        "Code",
        font="mono",
        ppr=(
            '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:suppressAutoHyphens/>'
            '<w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:left="284" w:right="284" w:firstLine="0"/><w:jc w:val="left"/>'
        ),
        rpr='<w:noProof/><w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    StyleDef(
        "Separator",
        "Separator",
        next_id="Normal",
        ppr=f'<w:spacing w:before="240" w:after="240"/>{_NO_INDENT}<w:jc w:val="center"/>',
    ),
    StyleDef(
        "FootnoteText",
        "footnote text",
        ppr=f'<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>{_NO_INDENT}',
        rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>',
        qformat=False,
    ),
    StyleDef(
        "Footer",
        "footer",
        font="heading",
        ppr=f'{_NO_INDENT}<w:jc w:val="center"/>',
        rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>',
        qformat=False,
    ),
    StyleDef(
        "DefaultParagraphFont", "Default Paragraph Font", "character", based_on="", font="", qformat=False
    ),
    StyleDef(
        "CodeChar",
        "Code Char",
        "character",
        based_on="DefaultParagraphFont",
        font="mono",
        rpr='<w:noProof/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    StyleDef(
        "FootnoteReference",
        "footnote reference",
        "character",
        based_on="DefaultParagraphFont",
        font="",
        rpr='<w:vertAlign w:val="superscript"/>',
        qformat=False,
    ),
    StyleDef(
        "Hyperlink",
        "Hyperlink",
        "character",
        based_on="DefaultParagraphFont",
        font="",
        rpr='<w:color w:val="1F5C99"/><w:u w:val="single"/>',
        qformat=False,
    ),
)

ITALIC_STYLE_IDS = frozenset(s.style_id for s in STYLES if "<w:i/>" in s.rpr)


def rfonts(family: str) -> str:
    """A ``w:rFonts`` element naming ``family`` in all four slots (no theme attributes)."""
    f = quoteattr(family)
    return f"<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f}/>"


def _style_xml(style: StyleDef, fonts: Fonts) -> str:
    default = ' w:default="1"' if style.style_id in ("Normal", "DefaultParagraphFont") else ""
    parts = [f'<w:style w:type="{style.kind}"{default} w:styleId="{style.style_id}">']
    parts.append(f"<w:name w:val={quoteattr(style.name)}/>")
    if style.based_on:
        parts.append(f'<w:basedOn w:val="{style.based_on}"/>')
    if style.next_id:
        parts.append(f'<w:next w:val="{style.next_id}"/>')
    if style.qformat:
        parts.append("<w:qFormat/>")
    if style.ppr:
        parts.append(f"<w:pPr>{style.ppr}</w:pPr>")
    family = fonts.for_role(style.font)
    if family or style.rpr:
        parts.append(f"<w:rPr>{rfonts(family) if family else ''}{style.rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def styles_xml(fonts: Fonts, locale: str) -> bytes:
    """styles.xml: docDefaults (body font, 11 pt, document language) and our styles."""
    lang = quoteattr(locale)
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{rfonts(fonts.body)}<w:sz w:val="22"/><w:szCs w:val="22"/>'
        f'<w:lang w:val={lang} w:eastAsia={lang} w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="288" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    body = "\n".join(_style_xml(s, fonts) for s in STYLES)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}">\n{defaults}\n{body}\n</w:styles>\n'
    )
    return xml.encode("utf-8")


_FONT_CLASS = {"body": ("roman", "variable"), "heading": ("swiss", "variable"), "mono": ("modern", "fixed")}


def font_table_xml(fonts: Fonts, embeds: dict[str, list[tuple[str, str, str]]] | None = None) -> bytes:
    """fontTable.xml: our families with their generic class, so substitutes look alike; ``embeds``
    maps a family to its embedded faces (``embedRegular``…, relationship id, font key)."""
    entries = []
    seen: set[str] = set()
    for role, (family_class, pitch) in _FONT_CLASS.items():
        name = fonts.for_role(role)  # type: ignore[arg-type]
        if name in seen:
            continue
        seen.add(name)
        embedded = "".join(
            f'<w:{tag} r:id="{rel_id}" w:fontKey="{key}" w:subsetted="1"/>'
            for tag, rel_id, key in sorted((embeds or {}).get(name, []), key=lambda e: _EMBED_ORDER.index(e[0]))
        )
        entries.append(
            f'<w:font w:name={quoteattr(name)}><w:charset w:val="CC"/>'
            f'<w:family w:val="{family_class}"/><w:pitch w:val="{pitch}"/>{embedded}</w:font>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(entries)}</w:fonts>\n'
    )
    return xml.encode("utf-8")


_EMBED_ORDER = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")  # CT_Font's sequence
