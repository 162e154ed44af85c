"""Page geometry and paragraph styles: a quiet Russian book/magazine page, scaled to the paper.

Every style names its font (reportlab falls back to unembedded Helvetica otherwise), body
text is justified with a first-line indent and no space between paragraphs, headings keep
with the next block, and widows and orphans are forbidden everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...profiles import PAPERS, PageGeometry
from .fonts import FontSet

MM = 72.0 / 25.4
TEXT_COLOR = "#1a1a1a"
MUTED_COLOR = "#5a5a5a"
LINK_COLOR = "#1d4f91"
RULE_COLOR = "#9a9a9a"
CODE_BACK = "#f2f2f0"


@functools.cache
def _color(spec: str) -> Any:
    """reportlab's Color for ``#rrggbb``, made once: a style holding the string made reportlab
    convert it at every line it drew (through literal_eval and its safe eval: ~5 % of a PDF)."""
    from reportlab.lib.colors import toColor

    return toColor(spec)


@dataclass(frozen=True)
class Geometry:
    """Page size and margins in points, and the body font size chosen for that paper."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    body_size: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


def geometry_of(page: PageGeometry) -> Geometry:
    """The page in points (``Settings.page``: from ``--profile``, else ``--paper``, one table in ``profiles``)."""
    top, right, bottom, left = (m * MM for m in page.margins_mm)
    return Geometry(page.width_mm * MM, page.height_mm * MM, left, right, top, bottom, page.base_pt)


def geometry(paper: str) -> Geometry:
    """The page of a paper size (``a4``, ``a5``, ``letter``) from ``profiles.PAPERS``."""
    return geometry_of(PAPERS[paper])


class Styles:
    """Named ParagraphStyles for one paper size; ``get(name)`` raises on a typo."""

    def __init__(self, fonts: FontSet, geo: Geometry) -> None:
        self.fonts = fonts
        self.geo = geo
        self.size = geo.body_size
        self._styles: dict[str, Any] = {}
        self._variants: dict[tuple[int, tuple[tuple[str, Any], ...]], Any] = {}
        self._build()

    def get(self, name: str) -> Any:
        """The ParagraphStyle called ``name``."""
        return self._styles[name]

    def variant(self, name: str, **changes: Any) -> Any:
        """A copy of a named style with some attributes changed (cached by its changes)."""
        return self.variant_of(self._styles[name], **changes)

    def variant_of(self, style: Any, **changes: Any) -> Any:
        """A copy of ``style`` with some attributes changed (cached, so equal asks share one style)."""
        from reportlab.lib.styles import ParagraphStyle

        if not changes:
            return style
        key = (id(style), tuple(sorted(changes.items(), key=lambda kv: kv[0])))
        hit = self._variants.get(key)
        if hit is None:
            hit = self._variants[key] = ParagraphStyle(f"{style.name}+{len(self._variants)}", parent=style,
                                                       **changes)
        return hit

    def _add(self, name: str, parent: str | None = None, **kw: Any) -> None:
        from reportlab.lib.styles import ParagraphStyle

        base = self._styles[parent] if parent else None
        for key in ("textColor", "backColor", "borderColor"):
            if isinstance(kw.get(key), str):
                kw[key] = _color(kw[key])
        self._styles[name] = ParagraphStyle(name, parent=base, **kw)

    def _build(self) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT

        s = self.size
        body, head = self.fonts.body, self.fonts.heading
        add: Callable[..., None] = self._add
        add("base", fontName=body.regular.name, fontSize=s, leading=round(1.4 * s, 2), textColor=TEXT_COLOR,
            alignment=TA_LEFT, allowWidows=0, allowOrphans=0, splitLongWords=1, embeddedHyphenation=1,
            uriWasteReduce=0.3, hyphenationMinWordLength=5, bulletFontName=body.regular.name,
            bulletFontSize=s, linkUnderline=0)
        add("body", "base", alignment=TA_JUSTIFY, firstLineIndent=1.3 * s)
        add("noindent", "body", firstLineIndent=0)
        add("title", "base", fontName=head.bold.name, fontSize=2.1 * s, leading=2.5 * s, spaceAfter=0.35 * s,
            keepWithNext=1)
        add("subtitle", "base", fontName=head.regular.name, fontSize=1.3 * s, leading=1.65 * s,
            textColor=MUTED_COLOR, spaceAfter=0.3 * s, keepWithNext=1)
        add("lead", "base", fontName=body.italic.name, fontSize=1.15 * s, leading=1.55 * s, alignment=TA_JUSTIFY,
            spaceBefore=0.4 * s, spaceAfter=0.5 * s)
        add("byline", "base", fontName=head.bold.name, fontSize=0.9 * s, leading=1.3 * s, spaceBefore=0.3 * s,
            spaceAfter=0.2 * s)
        for level, (scale, before) in enumerate(((1.45, 1.5), (1.25, 1.3), (1.1, 1.1), (1.0, 1.0), (1.0, 0.9),
                                                 (0.95, 0.8)), start=1):
            add(f"h{level}", "base", fontName=head.bold.name if level != 5 else head.bold_italic.name,
                fontSize=scale * s, leading=round(1.3 * scale * s, 2), spaceBefore=before * s,
                spaceAfter=0.45 * s, keepWithNext=1)
        add("question", "body", fontName=body.bold.name, spaceBefore=0.7 * s, keepWithNext=1)
        add("answer", "body")
        add("quote", "body", fontSize=0.95 * s, leading=round(1.38 * 0.95 * s, 2), firstLineIndent=0)
        add("attribution", "base", fontName=head.regular.name, fontSize=0.88 * s, leading=1.3 * s,
            alignment=TA_RIGHT, spaceBefore=0.2 * s, textColor=MUTED_COLOR)
        add("list", "body", firstLineIndent=0, spaceBefore=0.15 * s)
        add("caption", "base", fontName=head.regular.name, fontSize=0.85 * s, leading=1.25 * s,
            textColor=MUTED_COLOR, spaceBefore=0.3 * s, spaceAfter=0.6 * s)
        add("code", "base", fontName=head.regular.name, fontSize=0.82 * s, leading=1.25 * s,
            backColor=CODE_BACK, borderPadding=(0.4 * s, 0.5 * s), leftIndent=0.5 * s, rightIndent=0.5 * s,
            spaceBefore=0.9 * s, spaceAfter=0.9 * s)
        add("break", "base", alignment=TA_CENTER, spaceBefore=0.6 * s, spaceAfter=0.6 * s)
        add("note", "base", fontSize=0.88 * s, leading=1.3 * s, alignment=TA_JUSTIFY, spaceBefore=0.2 * s)
        add("header", "base", fontName=head.italic.name, fontSize=0.78 * s, textColor=MUTED_COLOR)
        add("footer", "base", fontName=head.regular.name, fontSize=0.85 * s, textColor=MUTED_COLOR)
        add("placeholder", "caption", alignment=TA_CENTER, borderWidth=0.5, borderColor=RULE_COLOR,
            borderPadding=0.6 * s, leftIndent=0.6 * s, rightIndent=0.6 * s, spaceBefore=1.2 * s)

