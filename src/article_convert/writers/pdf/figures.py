"""Figures: the image scaled to the frame (never beyond 150 dpi), caption and credit below it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...ir import Image, Inline
from ...ir.text import inline_text

if TYPE_CHECKING:
    from .blocks import BlockRenderer

MAX_HEIGHT_SHARE = 0.6  # an image takes at most this share of the frame height


def _caption(renderer: BlockRenderer, caption: tuple[Inline, ...], credit: tuple[Inline, ...], lang: str,
             style_name: str = "caption") -> list[Any]:
    """One caption paragraph: the caption, then the credit in italics."""
    if not caption and not credit:
        return []
    style = renderer.styles.get(style_name)
    st = renderer.state(style, lang)
    parts = []
    if caption:
        parts.append(renderer.inlines.render(caption, st))
    if credit:
        from dataclasses import replace

        parts.append("<i>" + renderer.inlines.render(credit, replace(st, italic=True)) + "</i>")
    return [renderer.paragraph(" ".join(parts), style)]


def figure_flowables(renderer: BlockRenderer, image: Image, caption: tuple[Inline, ...],
                     credit: tuple[Inline, ...], lang: str) -> list[Any]:
    """The flowables of one figure; a missing image leaves a framed placeholder with its caption."""
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import KeepTogether, Spacer

    found = renderer.inlines.images.resolve(image.src, renderer.inlines.where, image.alt)
    if found is None:
        label = image.alt or image.src
        style = renderer.styles.get("placeholder")
        box = renderer.paragraph(renderer.inlines.text(f"[{label}]", renderer.state(style, lang)), style)
        return [KeepTogether([box, *_caption(renderer, caption, credit, lang)])]
    geo = renderer.styles.geo
    max_w, max_h = found.max_size()
    scale = min(1.0, geo.frame_width / max_w, MAX_HEIGHT_SHARE * geo.frame_height / max_h)
    picture = RLImage(found.source(), width=max_w * scale, height=max_h * scale)
    picture.hAlign = "CENTER"
    alt = " ".join(inline_text(caption, lang).split()) or image.alt or image.src  # read aloud instead
    picture._ac_tag = renderer.node("Figure", alt=alt)
    size = renderer.size
    return [KeepTogether([Spacer(1, 0.5 * size), picture, *_caption(renderer, caption, credit, lang)])]
