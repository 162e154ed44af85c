"""Tagged PDF, the document half: the structure tree, parent tree and metadata, written with pikepdf
into the PDF reportlab made (``tagging.py`` put the marked content into its pages).

Adds what PDF/UA-1 asks of a document: ``/MarkInfo <</Marked true>>``, ``/StructTreeRoot`` with
the elements in reading order (marked-content references with their pages, link annotations as
``OBJR``), ``/ParentTree`` and ``/StructParents`` on pages and annotations, ``/Tabs /S``,
``/ViewerPreferences <</DisplayDocTitle true>>`` and XMP metadata with ``pdfuaid:part``.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

from ...xmlesc import escape
from .tagging import Annot, Mcr, Node, Tagger


def _xmp(title: str, author: str, lang: str, subject: str, created: datetime) -> bytes:
    """An XMP packet: Dublin Core title/creator/language/description, dates, producer, PDF/UA part 1."""
    stamp = (created.astimezone(timezone.utc) if created.tzinfo else created).strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    desc = (f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt>'
            "</dc:description>") if subject else ""
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"{creator}{desc}"
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "<dc:format>application/pdf</dc:format>"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate><xmp:CreatorTool>article-convert</xmp:CreatorTool>"
        "<pdf:Producer>article-convert (reportlab, pikepdf)</pdf:Producer>"
        "<pdfuaid:part>1</pdfuaid:part>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")


def apply_structure(data: bytes, tagger: Tagger, title: str, author: str, lang: str, subject: str,
                    created: datetime) -> bytes:
    """``data`` with the structure tree of ``tagger`` and the document-level tagging entries."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(data))
    pages = pdf.pages
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_mcid: dict[int, list[Any]] = {n: [] for n in range(len(pages))}
    annot_parents: list[tuple[Any, Any]] = []  # (annotation, its element)

    def build(node: Node, parent: Any) -> Any | None:
        if not _has_content(node):
            return None
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        if node.lang:
            elem.Lang = String(node.lang)
        if node.alt is not None:
            elem.Alt = String(node.alt)
        if node.scope:
            elem.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
        kids = Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                built = build(kid, elem)
                if built is not None:
                    kids.append(built)
            elif isinstance(kid, Mcr):
                page = pages[kid.page].obj
                kids.append(Dictionary(Type=Name.MCR, Pg=page, MCID=kid.mcid))
                slots = by_mcid[kid.page]
                while len(slots) <= kid.mcid:
                    slots.append(None)
                slots[kid.mcid] = elem
            elif isinstance(kid, Annot) and node.role == "Link":  # the link's own annotation
                page = pages[kid.page].obj
                annot = page.Annots[kid.index]
                kids.append(Dictionary(Type=Name.OBJR, Pg=page, Obj=annot))
                annot_parents.append((annot, elem))
            elif isinstance(kid, Annot):  # a link drawn elsewhere: a Link element holding the annotation
                page = pages[kid.page].obj
                annot = page.Annots[kid.index]
                link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=elem,
                                                    K=Array([Dictionary(Type=Name.OBJR, Pg=page, Obj=annot)])))
                kids.append(link)
                annot_parents.append((annot, link))
        elem.K = kids
        return elem

    document = build(tagger.root, root)
    root.K = Array([document]) if document is not None else Array()
    nums: list[Any] = []
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S
        nums.extend([index, Array([e for e in by_mcid[index] if e is not None])])  # MCIDs have no gaps
    for offset, (annot, elem) in enumerate(annot_parents):
        key = len(pages) + offset
        annot.StructParent = key
        if "/Contents" not in annot:
            annot.Contents = String(_text_hint(annot))
        nums.extend([key, elem])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = len(pages) + len(annot_parents)
    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    catalog.Lang = String(lang)
    catalog.Metadata = pdf.make_indirect(pikepdf.Stream(pdf, _xmp(title, author, lang, subject, created)))
    catalog.Metadata.Type = Name.Metadata
    catalog.Metadata.Subtype = Name.XML
    out = io.BytesIO()
    # streams copied byte for byte: reportlab's are Flate already (``template._binary_streams``);
    # with compress_streams qpdf decoded and re-compressed every stream, fonts too (issue 18: 10 ms
    # of a 45 ms seed PDF). Only the small XMP packet stays uncompressed, as PDF/A prefers it.
    pdf.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, recompress_flate=False)
    return out.getvalue()


def _has_content(node: Node) -> bool:
    """A node with marked content somewhere below it (empty elements are left out of the tree)."""
    return any(isinstance(k, (Mcr, Annot)) or (isinstance(k, Node) and _has_content(k)) for k in node.kids)


def _text_hint(annot: Any) -> str:
    """/Contents for a link annotation (PDF/UA wants a description): its URI or 'internal link'."""
    action = annot.get("/A")
    uri = action.get("/URI") if action is not None else None
    return str(uri) if uri is not None else "Link"
