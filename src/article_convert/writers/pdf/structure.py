"""Tagged PDF, the document half: the structure tree, parent tree and metadata, written into
reportlab's own document objects before it saves (``tagging.py`` put the marked content into its
pages). One write: the PDF is not opened and saved again (issue 18: pikepdf's import and re-save
were ~50 ms of a cold conversion).

Adds what PDF/UA-1 asks of a document: ``/MarkInfo <</Marked true>>``, ``/StructTreeRoot`` with
the elements in reading order (marked-content references with their pages, link annotations as
``OBJR``), ``/ParentTree`` and ``/StructParents`` on pages and annotations, ``/Tabs /S``,
``/ViewerPreferences <</DisplayDocTitle true>>`` and XMP metadata with ``pdfuaid:part``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...xmlesc import escape
from .tagging import Annot, Mcr, Node, Tagger

_PAGE_KEYS = ["StructParents", "Tabs"]  # page entries reportlab's PDFPage does not know


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
        "<pdf:Producer>article-convert (reportlab)</pdf:Producer>"
        "<pdfuaid:part>1</pdfuaid:part>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")


def write_structure(canv: Any, tagger: Tagger, title: str, author: str, lang: str, subject: str,
                    created: datetime) -> None:
    """Put the structure tree of ``tagger`` and the document-level tagging entries into the
    document of ``canv`` (every page shown, nothing saved yet); reportlab writes them with the rest."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    doc = canv._doc
    pages = doc.Pages.pages
    page_refs = [doc.Reference(page) for page in pages]  # registered already: their references
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    by_mcid: dict[int, list[Any]] = {n: [] for n in range(len(pages))}
    annot_parents: list[tuple[Any, Any]] = []  # (annotation object, reference to its element)

    def annotation(kid: Annot) -> Any:
        return doc.idToObject[pages[kid.page].Annots[kid.index].name]

    def objr(kid: Annot) -> Any:
        return PDFDictionary({"Type": PDFName("OBJR"), "Pg": page_refs[kid.page],
                              "Obj": pages[kid.page].Annots[kid.index]})

    def build(node: Node, parent: Any) -> Any | None:
        if not _has_content(node):
            return None
        elem = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role), "P": parent})
        ref = doc.Reference(elem)
        if node.lang:
            elem["Lang"] = PDFString(node.lang)
        if node.alt is not None:
            elem["Alt"] = PDFString(node.alt)
        if node.scope:
            elem["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(node.scope)})
        kids: list[Any] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                built = build(kid, ref)
                if built is not None:
                    kids.append(built)
            elif isinstance(kid, Mcr):
                kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page_refs[kid.page], "MCID": kid.mcid}))
                slots = by_mcid[kid.page]
                while len(slots) <= kid.mcid:
                    slots.append(None)
                slots[kid.mcid] = ref
            elif isinstance(kid, Annot) and node.role == "Link":  # the link's own annotation
                kids.append(objr(kid))
                annot_parents.append((annotation(kid), ref))
            elif isinstance(kid, Annot):  # a link drawn elsewhere: a Link element holding the annotation
                link = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Link"), "P": ref,
                                      "K": PDFArray([objr(kid)])})
                link_ref = doc.Reference(link)
                kids.append(link_ref)
                annot_parents.append((annotation(kid), link_ref))
        elem["K"] = PDFArray(kids)
        return ref

    document = build(tagger.root, root_ref)
    root["K"] = PDFArray([document] if document is not None else [])
    nums: list[Any] = []
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = PDFName("S")
        if "Tabs" not in page.__NoDefault__:
            page.__NoDefault__ = [*page.__NoDefault__, *_PAGE_KEYS]  # this page's own list: format writes them
        nums.extend([index, PDFArray([e for e in by_mcid[index] if e is not None])])  # MCIDs have no gaps
    for offset, (annot, elem_ref) in enumerate(annot_parents):
        key = len(pages) + offset
        _annotate(annot, key)
        nums.extend([key, elem_ref])
    root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = len(pages) + len(annot_parents)
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Lang = PDFString(lang)
    # uncompressed, as PDF/A prefers for the XMP packet (no filters: the document has no defaults)
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                 _xmp(title, author, lang, subject, created))


def _annotate(annot: Any, key: int) -> None:
    """Give a link annotation its /StructParent and, if it has none, a /Contents (PDF/UA wants a
    description): its URI, else 'Link'. reportlab keeps URI links as a dictionary and internal
    links as a ``LinkAnnotation``, which checks its keys against ``permitted``."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

    if isinstance(annot, PDFDictionary):
        annot["StructParent"] = key
        if "Contents" not in annot:
            action = annot.dict.get("A")
            uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
            annot["Contents"] = PDFString(uri.s if isinstance(uri, PDFString) else "Link")
        return
    annot.permitted = (*annot.permitted, "StructParent")  # this annotation's own list
    annot.otherkw["StructParent"] = key
    if getattr(annot, "Contents", None) is None:
        annot.Contents = "Link"


def _has_content(node: Node) -> bool:
    """A node with marked content somewhere below it (empty elements are left out of the tree)."""
    return any(isinstance(k, (Mcr, Annot)) or (isinstance(k, Node) and _has_content(k)) for k in node.kids)
