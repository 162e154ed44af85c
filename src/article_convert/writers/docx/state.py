"""The state one DOCX rendering carries: where text goes, languages, lists, notes, images."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ...context import Context
from ..common import base_language, locale_tag
from .rels import HyperlinkRels
from .styles import ITALIC_STYLE_IDS, Fonts
from .xml import TextCleaner

if TYPE_CHECKING:
    from docx.opc.part import Part

    from ...images import ImageLoader
    from ...ir import Note
    from .freeze import BodyFreezer


@dataclass
class Shared:
    """What every story of one document shares (body and footnotes alike)."""

    ctx: Context
    fonts: Fonts
    doc_lang: str
    """BCP 47 language of the document (``ru``); decides quote marks and run languages."""
    numbering: Any
    """python-docx ``CT_Numbering`` element of numbering.xml."""
    text_width_emu: int
    text_height_emu: int
    clean: TextCleaner = field(default_factory=TextCleaner)
    add_note: Callable[[Note], int] | None = None
    """Renders a footnote and returns its id (set by the footnotes builder)."""
    shape_id: int = 0
    """Last drawing id used (ids must be unique across the document)."""
    images: ImageLoader | None = None
    """The document's image loader (made on first use; each source read and diagnosed once)."""
    links: HyperlinkRels = field(default_factory=HyperlinkRels)
    """Hyperlink relationship ids per part, found and added in constant time."""
    freezer: BodyFreezer | None = None
    """Serialises a long body's finished blocks as it goes (``freeze``); None: keep the whole tree."""

    @property
    def doc_locale(self) -> str:
        """The document language as a locale tag (``ru-RU``)."""
        return locale_tag(self.doc_lang)

    def run_locale(self, lang: str) -> str:
        """The ``w:lang`` a run needs for ``lang``: empty when it is the document's language."""
        if not lang or base_language(lang) == base_language(self.doc_lang):
            return ""
        return locale_tag(lang)


@dataclass(frozen=True)
class Story:
    """Where blocks are being rendered: a part (body or footnotes) and the current context."""

    shared: Shared
    part: Part
    body_style: str = "Normal"
    """Style of a plain Paragraph here (Normal, Question, Quote, FootnoteText, ...)."""
    lang: str = ""
    """Language of the surrounding text (BCP 47); empty = the document's."""
    list_depth: int = 0
    in_note: bool = False

    def with_(self, **changes: Any) -> Story:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def italic_style(self) -> bool:
        """True when the paragraph style here is italic (Emph then sets upright)."""
        return self.body_style in ITALIC_STYLE_IDS

    @property
    def effective_lang(self) -> str:
        """The language text here is in."""
        return self.lang or self.shared.doc_lang
