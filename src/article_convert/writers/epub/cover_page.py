"""A linear cover page (first in the spine) and the cover image item (``properties="cover-image"``).

EbookLib's own ``set_cover`` page is non-linear, which EPUBCheck reports (OPF-096); this one is a
normal content document. With the ``full-cover`` quirk (Kobo) the image sits in an SVG wrapper
scaled to the screen, the way reading systems show a full-size cover.
"""

from __future__ import annotations

from ebooklib import epub

from ...covers import CoverArt
from .markup import attr, esc
from .titlepage import EPUB_NS, XHTML_NS

COVER_FILE = "cover.xhtml"
COVER_IMAGE_ID = "cover-img"


def cover_xhtml(art: CoverArt, image_name: str, title: str, lang: str, css_href: str, full: bool) -> bytes:
    """The cover page: the image alone, as ``<img>`` or (``full``) an SVG sized to the screen."""
    if full:
        body = (
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="100%" height="100%" viewBox="0 0 {art.width} {art.height}" '
            f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{attr(title)}">'
            f'<image width="{art.width}" height="{art.height}" xlink:href="{attr(image_name)}"/></svg>'
        )
    else:
        body = f'<img src="{attr(image_name)}" alt="{attr(title)}"/>'
    lang_value = attr(lang)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{lang_value}" xml:lang="{lang_value}">\n'
        f"<head>\n<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{attr(css_href)}"/>\n</head>\n'
        f'<body epub:type="cover">\n<div class="cover">{body}</div>\n</body>\n</html>\n'
    ).encode()


def add_cover(book: epub.EpubBook, page_cls: type, art: CoverArt, title: str, lang: str, css_href: str,
              full: bool) -> epub.EpubHtml:
    """Add the cover image and its page to ``book``; returns the page (put it first in the spine)."""
    image_name = "cover" + art.suffix
    image = epub.EpubCover(uid=COVER_IMAGE_ID, file_name=image_name)
    image.media_type = art.media_type
    image.content = art.data
    book.add_item(image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": COVER_IMAGE_ID})
    page = page_cls(uid="cover", file_name=COVER_FILE, title=title,
                    content=cover_xhtml(art, image_name, title, lang, css_href, full))
    if full:
        page.properties.append("svg")
    book.add_item(page)
    return page
