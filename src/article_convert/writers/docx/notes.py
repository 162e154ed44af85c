"""Real footnotes: a footnotes.xml part python-docx has no API for, added to the package.

The part starts from ``template/footnotes.xml`` (the two separator notes Word expects,
ids -1 and 0); each Note becomes ``w:footnote`` 1, 2, ... rendered with the block renderer
in the FootnoteText style, its first paragraph opening with the ``w:footnoteRef`` mark.
settings.xml then gets the ``w:footnotePr`` Word writes for documents with footnotes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ir import Note
from .blocks import render_blocks
from .state import Shared, Story
from .template import static_part
from .xml import new_paragraph, sub, w

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.parts.story import StoryPart

FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class Footnotes:
    """Collects the notes of one document into a footnotes part, created on the first note."""

    def __init__(self, document: DocxDocument, shared: Shared) -> None:
        self._document = document
        self._shared = shared
        self._part: StoryPart | None = None
        self.count = 0

    def _get_part(self) -> StoryPart:
        """The footnotes part, created (and related to the document) on first use."""
        if self._part is None:
            from docx.opc.packuri import PackURI
            from docx.oxml.parser import parse_xml
            from docx.parts.story import StoryPart

            document_part = self._document.part
            element = parse_xml(static_part("footnotes.xml"))
            self._part = StoryPart(
                PackURI("/word/footnotes.xml"), FOOTNOTES_CT, element, document_part.package
            )
            document_part.relate_to(self._part, FOOTNOTES_RT)
            _add_footnote_pr(self._document)
        return self._part

    def add(self, note: Note) -> int:
        """Render ``note`` as the next footnote and return its id."""
        part = self._get_part()
        self.count += 1
        footnote = sub(part.element, "footnote", id=str(self.count))
        story = Story(self._shared, part, body_style="FootnoteText", in_note=True)
        render_blocks(footnote, note.blocks, story)
        first = footnote.find(w("p"))
        if first is None:
            first = new_paragraph("FootnoteText")
            footnote.append(first)
        _insert_note_mark(first)
        return self.count


def _insert_note_mark(p: object) -> None:
    """Open the paragraph with the footnote's own number and a space."""
    holder = new_paragraph("FootnoteText")
    mark = sub(holder, "r")
    sub(sub(mark, "rPr"), "rStyle", val="FootnoteReference")
    sub(mark, "footnoteRef")
    space = sub(holder, "r")
    t = sub(space, "t")
    t.text = " "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    ppr = p.find(w("pPr"))  # type: ignore[attr-defined]
    at = 0 if ppr is None else 1
    p.insert(at, mark)  # type: ignore[attr-defined]
    p.insert(at + 1, space)  # type: ignore[attr-defined]


def _add_footnote_pr(document: DocxDocument) -> None:
    """settings.xml: declare the separator footnotes, right before ``w:compat``."""
    settings = document.settings.element
    pr = sub(settings, "footnotePr")
    sub(pr, "footnote", id="-1")
    sub(pr, "footnote", id="0")
    compat = settings.find(w("compat"))
    if compat is not None:
        compat.addprevious(pr)
