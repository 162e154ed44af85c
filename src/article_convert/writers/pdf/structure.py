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
    document of ``canv`` (every page shown, nothing saved yet); reportlab writes them with the rest.

    Elements and the parent tree are compact records (``records.py``) that format themselves when
    the document is written; each node's kids are let go once its element is made, so the tree is
    not held twice (a page of 200,000 links has 200,000 Link nodes)."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFObjectReference,
        PDFStream,
        PDFString,
    )

    from .records import Mc, Obj, ParentTreeNums, StructElem

    doc = canv._doc
    pages = doc.Pages.pages
    page_names = [doc.Reference(page).name for page in pages]  # registered already: their names
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_name = doc.Reference(root).name
    by_mcid: dict[int, list[Any]] = {n: [] for n in range(len(pages))}
    annot_parents: list[tuple[Any, str]] = []  # (annotation object, name of its element)

    def annotation(kid: Annot) -> Any:
        return doc.idToObject[pages[kid.page].Annots[kid.index].name]

    def objr(kid: Annot) -> Obj:
        return Obj(page_names[kid.page], pages[kid.page].Annots[kid.index].name)

    def build(node: Node, parent: str) -> str | None:
        if not _has_content(node):
            return None
        elem = StructElem(node.role, parent, node.lang or None, node.alt, node.scope or None)
        name: str = doc.Reference(elem).name
        kids = elem.kids
        for kid in node.kids:
            if isinstance(kid, Node):
                built = build(kid, name)
                if built is not None:
                    kids.append(built)
            elif isinstance(kid, Mcr):
                kids.append(Mc(page_names[kid.page], kid.mcid))
                slots = by_mcid[kid.page]
                while len(slots) <= kid.mcid:
                    slots.append(None)
                slots[kid.mcid] = name
            elif isinstance(kid, Annot) and node.role == "Link":  # the link's own annotation
                kids.append(objr(kid))
                annot_parents.append((annotation(kid), name))
            elif isinstance(kid, Annot):  # a link drawn elsewhere: a Link element holding the annotation
                link = StructElem("Link", name)
                link.kids.append(objr(kid))
                link_name: str = doc.Reference(link).name
                kids.append(link_name)
                annot_parents.append((annotation(kid), link_name))
        node.kids = []  # made: the element holds what the document needs
        return name

    document = build(tagger.root, root_name)
    tagger.owners.clear()  # the nodes are not needed any more: the elements hold the tree
    tagger.links.clear()
    root["K"] = PDFArray([PDFObjectReference(document)] if document is not None else [])
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = PDFName("S")
        if "Tabs" not in page.__NoDefault__:
            page.__NoDefault__ = [*page.__NoDefault__, *_PAGE_KEYS]  # this page's own list: format writes them
    for offset, (annot, _) in enumerate(annot_parents):
        _annotate(annot, len(pages) + offset)
    nums = ParentTreeNums([[e for e in by_mcid[index] if e is not None] for index in range(len(pages))],
                          [elem for _, elem in annot_parents])  # MCIDs have no gaps
    annot_parents.clear()
    by_mcid.clear()
    root["ParentTree"] = doc.Reference(nums)
    root["ParentTreeNextKey"] = len(pages) + len(nums.annots)
    catalog = doc.Catalog
    catalog.StructTreeRoot = doc.Reference(root)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Lang = PDFString(lang)
    # uncompressed, as PDF/A prefers for the XMP packet (no filters: the document has no defaults)
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                 _xmp(title, author, lang, subject, created))


def _annotate(annot: Any, key: int) -> None:
    """Give a link annotation its /StructParent and, if it has none, a /Contents (PDF/UA wants a
    description): its URI, else 'Link'. URI links are ``records.UriLink`` (a plain dictionary
    from reportlab's ``linkURL`` in a canvas that is not ours); internal links a ``LinkAnnotation``,
    which checks its keys against ``permitted``."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

    from .records import UriLink

    if isinstance(annot, UriLink):
        annot.struct_parent = key
        if annot.contents is None:
            annot.contents = annot.uri
        return
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
