"""Link annotations and structure elements as small records, formatted only when the PDF is written (issue 9).

reportlab keeps every object of a document as a tree of ``PDFDictionary``/``PDFArray``/``PDFString``
instances until it saves: a URI link made by ``canvas.linkURL`` is a dictionary holding an array
for its rectangle, another for its border, a dictionary for its action, names and a string
(~2.3 KB), and its ``Link`` structure element with its ``MCR`` and ``OBJR`` dictionaries as many
again. A page of 200,000 links took the PDF writer past 1.6 GB. Here a link is a ``UriLink`` of
four slots and a structure element a ``StructElem`` of six; each formats itself, at the moment
reportlab writes it, into exactly the bytes reportlab's own objects gave (its dictionary and
array layout below, its own formatting for strings and numbers), with no object tree in between.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObject, PDFString, fp_str


def layout_array(items: list[bytes]) -> bytes:
    """``PDFArray.format`` of already formatted ``items``: one line, broken every 10 items."""
    from reportlab import rl_config

    if rl_config.pdfMultiLine:  # reportlab's multi-line layout: let it do it
        return bytes(PDFArray(items).format(None))
    if len(items) > 10:
        items = list(items)
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


def layout_dict(entries: list[tuple[str, bytes]]) -> bytes:
    """``PDFDictionary.format`` of (key, formatted value) pairs: keys sorted, one line broken every
    6 entries. Keys are plain ASCII names (no character ``PDFName`` would escape)."""
    from reportlab import rl_config

    if rl_config.pdfMultiLine:
        return bytes(PDFDictionary(dict(entries)).format(None))
    parts = [b"/" + key.encode("ascii") + b" " + value for key, value in sorted(entries)]
    for i in reversed(range(6, len(parts), 6)):
        parts.insert(i, b"\n ")
    return b"<<\n" + b" ".join(parts) + b"\n>>"


def ref(document: Any, name: str) -> bytes:
    """An indirect reference to the object registered as ``name`` (``PDFObjectReference.format``)."""
    return b"%d %d R" % document.idToObjectNumberAndVersion[name]


def string(document: Any, text: str) -> bytes:
    """A text string as reportlab writes it (escaped; PDFDocEncoding or UTF-16; encrypted if asked)."""
    return bytes(PDFString(text).format(document))


def final_pass(document: Any) -> bool:
    """True while reportlab writes the file (``PDFDocument.format`` collects it in ``__accum__``):
    each object is formatted once then, so a record may let go of its data after it."""
    return getattr(document, "__accum__", None) is not None


def number(value: float) -> bytes:
    """A number as reportlab writes it."""
    return str(fp_str(value)).encode("ascii")


class UriLink(PDFObject):  # type: ignore[misc]
    """A ``/Link`` annotation to a URI: what ``canvas.linkURL(url, rect)`` makes with its defaults
    (no colour, border width 0), plus the ``/StructParent`` and ``/Contents`` tagging gives it."""

    __slots__ = ("__InternalName__", "contents", "rect", "struct_parent", "uri")

    def __init__(self, rect: tuple[float, float, float, float], uri: str) -> None:
        self.rect = layout_array([number(v) for v in rect])  # bytes: a third of a tuple of four floats
        self.uri = uri
        self.struct_parent: int | None = None
        self.contents: str | None = None

    def format(self, document: Any) -> bytes:
        uri = string(document, self.uri)
        entries = [
            ("A", layout_dict([("S", b"/URI"), ("Type", b"/Action"), ("URI", uri)])),
            ("Border", b"[ 0 0 0 ]"),
            ("Rect", self.rect),
            ("Subtype", b"/Link"),
            ("Type", b"/Annot"),
        ]
        if self.struct_parent is not None:
            entries.append(("StructParent", number(self.struct_parent)))
        if self.contents is not None:
            entries.append(("Contents", uri if self.contents == self.uri else string(document, self.contents)))
        if final_pass(document):  # written: the file holds it now
            self.rect, self.uri, self.contents = b"", "", None
        return layout_dict(entries)


class Mc:
    """A marked-content reference in a structure element: sequence ``mcid`` of page ``page``."""

    __slots__ = ("mcid", "page")

    def __init__(self, page: str, mcid: int) -> None:
        self.page, self.mcid = page, mcid


class Obj:
    """An object reference in a structure element (a link annotation) on page ``page``."""

    __slots__ = ("obj", "page")

    def __init__(self, page: str, obj: str) -> None:
        self.page, self.obj = page, obj


class StructElem(PDFObject):  # type: ignore[misc]
    """A structure element: role, parent, kids (names of child elements, ``Mc``, ``Obj``), and the
    optional /Lang, /Alt and table header /Scope. Pages, parents and objects are held by the names
    they are registered under in the document."""

    __slots__ = ("__InternalName__", "alt", "kids", "lang", "parent", "role", "scope")

    def __init__(self, role: str, parent: str, lang: str | None = None, alt: str | None = None,
                 scope: str | None = None) -> None:
        self.role, self.parent = role, parent
        self.kids: list[str | Mc | Obj] = []
        self.lang, self.alt, self.scope = lang, alt, scope

    def format(self, document: Any) -> bytes:
        from reportlab.pdfbase.pdfdoc import PDFName

        kids: list[bytes] = []
        for kid in self.kids:
            if isinstance(kid, str):
                kids.append(ref(document, kid))
            elif isinstance(kid, Mc):
                kids.append(layout_dict([("MCID", number(kid.mcid)), ("Pg", ref(document, kid.page)),
                                         ("Type", b"/MCR")]))
            else:
                kids.append(layout_dict([("Obj", ref(document, kid.obj)), ("Pg", ref(document, kid.page)),
                                         ("Type", b"/OBJR")]))
        if final_pass(document):  # written: the file holds it now
            self.kids = []
        entries = [("K", layout_array(kids)), ("P", ref(document, self.parent)),
                   ("S", str(PDFName(self.role)).encode("ascii")), ("Type", b"/StructElem")]
        if self.lang:
            entries.append(("Lang", string(document, self.lang)))
        if self.alt is not None:
            entries.append(("Alt", string(document, self.alt)))
        if self.scope:
            entries.append(("A", layout_dict([("O", b"/Table"),
                                              ("Scope", str(PDFName(self.scope)).encode("ascii"))])))
        return layout_dict(entries)


class ParentTreeNums(PDFObject):  # type: ignore[misc]
    """The parent tree's ``<< /Nums [ … ] >>``: for each page (key = its index) the array of the
    elements owning its MCIDs, then for each link annotation (keys after the pages) its element."""

    __slots__ = ("__InternalName__", "annots", "pages")

    def __init__(self, pages: list[list[str]], annots: list[str]) -> None:
        self.pages, self.annots = pages, annots

    def format(self, document: Any) -> bytes:
        nums: list[bytes] = []
        for index, owners in enumerate(self.pages):
            nums += [number(index), layout_array([ref(document, name) for name in owners])]
        for offset, name in enumerate(self.annots):
            nums += [number(len(self.pages) + offset), ref(document, name)]
        if final_pass(document):
            self.pages, self.annots = [], []
        return layout_dict([("Nums", layout_array(nums))])
