"""Word-processor documents: DOCX (Word 2007+), ODT (OpenDocument) and, through LibreOffice,
legacy DOC, RTF and WPS. Each reader is one plugin; heavy work is imported inside ``read``."""

from __future__ import annotations

from ...context import Context
from ...ir import Document
from ...plugins import Source


class DocxReader:
    """Word 2007+ documents (also macro-enabled and templates)."""

    name = "docx"
    extensions = (".docx", ".docm", ".dotx", ".dotm")
    description = "Word document (styles, lists, tables, notes, tracked changes, pictures)"

    def read(self, source: Source, ctx: Context) -> Document:
        from .docx_reader import read_docx

        return read_docx(source.data, ctx)


class OdtReader:
    """OpenDocument text, packaged (.odt) or flat XML (.fodt)."""

    name = "odt"
    extensions = (".odt", ".fodt", ".ott")
    description = "OpenDocument text (LibreOffice Writer)"

    def read(self, source: Source, ctx: Context) -> Document:
        from .odt_reader import read_odt

        return read_odt(source.data, ctx)


class LegacyReader:
    """Old Word (.doc), RTF and Works documents, converted to DOCX by LibreOffice headless."""

    name = "legacy-office"
    extensions = (".doc", ".rtf", ".wps", ".dot")
    description = "legacy Word/RTF/Works document (needs LibreOffice: converted to DOCX, then read)"

    def read(self, source: Source, ctx: Context) -> Document:
        from .legacy import read_legacy

        return read_legacy(source, ctx)
