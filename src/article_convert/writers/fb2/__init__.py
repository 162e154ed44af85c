"""FictionBook 2.0 writer: the e-book format of the readers common in the CIS (PocketBook, ONYX, FBReader).

Cheap to import: lxml is loaded only when ``write`` runs (see ``document.py``).
"""

from __future__ import annotations

from ...context import Context, ConvertOptions
from ...ir import Document
from .archive import zip_fb2

__all__ = ["Fb2Writer", "zip_fb2"]


class Fb2Writer:
    """Writes a Document as FictionBook 2.0 XML (or a zip holding it with ``--writer-option zip=1``)."""

    name = "fb2"
    suffix = ".fb2"
    description = "FictionBook 2.0 (.fb2; .fb2.zip with the writer option zip=1)"

    def suffix_for(self, options: ConvertOptions) -> str:
        """The suffix that tells the content: ``.fb2.zip`` when ``zip=1`` makes it a ZIP archive."""
        return ".fb2.zip" if options.writer_option("zip") == "1" else self.suffix

    def write(self, doc: Document, ctx: Context) -> bytes:
        """The FB2 bytes of ``doc``, zipped when the ``zip`` writer option is "1"."""
        from .document import fb2_bytes, inner_file_name

        data = fb2_bytes(doc, ctx)
        if ctx.settings.writer_option("zip") == "1":
            return zip_fb2(data, inner_file_name(doc, ctx), date_time=ctx.now.timetuple()[:6])
        return data
