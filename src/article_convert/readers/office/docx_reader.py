"""DOCX bytes -> Document: checked package, styles, numbering, body, notes, metadata, report."""

from __future__ import annotations

from dataclasses import replace

from ...context import Context
from ...ir import Document, Metadata
from .docx_body import DocxConverter
from .docx_meta import core_fields
from .docx_package import DocxPackage
from .finish import bold_interview, clean_langs, finish, settle_language, title_block
from .furniture import docx_furniture, report_furniture
from .ooxml import W
from .safety import DocumentError, Package
from .unsupported import report_graphics


def read_docx(data: bytes, ctx: Context) -> Document:
    """Read a Word document (``error: PATH: not a readable Word document (…)`` when it is none)."""
    pkg = Package(data, "Word")
    docx = DocxPackage(pkg)
    root = pkg.xml(docx.main)
    body = root.find(f"{W}body")
    if body is None:
        raise DocumentError("Word", f"{docx.main} has no w:body")
    conv = DocxConverter(docx, ctx, keep_comments=ctx.settings.keep_comments)
    blocks = conv.blocks(body)
    extra, declared = core_fields(docx.core())
    meta = Metadata(keywords=tuple(k.strip() for k in extra.pop("keywords", "").replace(";", ",").split(",") if k.strip()),
                    extra=tuple(sorted(extra.items())))
    meta, blocks = title_block(meta, blocks)
    blocks = bold_interview(blocks)
    meta = settle_language(meta, blocks, conv.langs, declared)
    blocks = clean_langs(blocks, meta.language)
    report(conv, ctx)
    return finish(meta, blocks, ctx)


def report(conv: DocxConverter, ctx: Context) -> None:
    """One diagnostic per kind of thing accepted, dropped or not fetched."""
    c = conv.changes
    if c["del"] or c["moveFrom"]:
        ctx.diagnostics.add(
            "tracked-changes",
            f"tracked changes accepted: {c['ins']} insertion(s) kept, {c['del']} deletion(s) dropped, "
            f"{c['moveTo']} move(s) kept at the new place only",
        )
    elif c["ins"] or c["moveTo"]:
        ctx.diagnostics.info("tracked-changes", f"tracked changes accepted: {c['ins']} insertion(s), {c['moveTo']} move(s)")
    if conv.dropped_comments:
        ctx.diagnostics.add(
            "comments-dropped", f"dropped {conv.dropped_comments} comment(s) (keep them as notes with --keep-comments)"
        )
    if conv.external_images:
        ctx.diagnostics.add("image-external", f"{conv.external_images} linked (external) picture(s) not fetched")
    hidden = " ".join(" ".join(conv.walker.code_text).split())
    if hidden:
        ctx.diagnostics.add("docx-field-text-dropped", f"left out {len(hidden.split())} word(s) of text inside a field's "
                                                       f"code (a field begun and never ended?): «{hidden[:80]}»")
    report_furniture(docx_furniture(conv.docx), ctx)
    report_graphics(conv.graphics_left_out, ctx)


__all__ = ["read_docx", "replace"]
