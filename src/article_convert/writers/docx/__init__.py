"""The DOCX writer: python-docx on a lean template of our own, Word- and LibreOffice-ready.

Cheap to import: python-docx and lxml are imported only when ``write`` runs.
Modules: ``template`` (lean package), ``styles`` (styles.xml), ``render`` (orchestration),
``blocks``/``inlines`` (IR -> WordprocessingML), ``notes`` (footnotes part), ``media``
(pictures), ``meta`` (page, fonts, core properties), ``package`` (reproducible zip).
"""

from __future__ import annotations

from ...context import Context
from ...ir import Document


class DocxWriter:
    """Writes an Office Open XML word-processing document (.docx)."""

    name = "docx"
    suffix = ".docx"
    description = "Word document (DOCX): styles, real footnotes, lists, hyperlinks, language and hyphenation"

    def write(self, doc: Document, ctx: Context) -> bytes:
        """The DOCX bytes for ``doc``."""
        from .render import write_docx

        return write_docx(doc, ctx)
