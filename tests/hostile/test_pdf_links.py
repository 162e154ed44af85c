"""Issue 9, hostile suite: a page of very many distinct links to PDF keeps every link, bounded.

200,000 distinct links took the PDF writer 99.8 s and 1,669 MB: reportlab kept a dictionary tree
per link annotation (~2.3 KB) and another per Link structure element until it saved. Now both are
small records that write reportlab's own bytes when the file is written (``writers/pdf/records.py``).
These tests read the PDF back with pypdf: every address is a clickable /URI annotation, every word
is in the text, and each Link element of the structure tree holds its annotation (OBJR) and is the
annotation's parent in the parent tree.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from article_convert.context import Context
from article_convert.ir import (
    Document,
    Emph,
    Link,
    Metadata,
    Note,
    Paragraph,
    Table,
    Text,
)
from article_convert.writers.pdf import PdfWriter

from .test_hostile_suite import PER_EXTRA_FORMAT, TIME_LIMIT, run_bounded
from .test_tiny_elements import Flood, words

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def uri_annotations(reader: PdfReader) -> list[DictionaryObject]:
    """Every /Link annotation with a /URI action, page by page."""
    out = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = _resolve(ref)
            action = _resolve(annot.get("/A"))
            if annot.get("/Subtype") == "/Link" and action is not None and action.get("/S") == "/URI":
                out.append(annot)
    return out


def link_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every /Link structure element of the structure tree (walked without recursion)."""
    root = _resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    stack = [root]
    out = []
    while stack:
        elem = stack.pop()
        kids = _resolve(elem.get("/K"))
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            kid_obj = _resolve(kid)
            if isinstance(kid_obj, DictionaryObject) and kid_obj.get("/Type") in (None, "/StructElem") \
                    and "/S" in kid_obj:
                if kid_obj["/S"] == "/Link":
                    out.append(kid_obj)
                stack.append(kid_obj)
    return out


def parent_tree(reader: PdfReader) -> dict[int, Any]:
    """The parent tree's /Nums as key -> value (a flat /Nums array, as the writer makes)."""
    nums = _resolve(reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"])["/Nums"]
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def check_link_elements(reader: PdfReader) -> Counter[str]:
    """Assert each Link element holds an OBJR whose annotation points back to it through the parent
    tree and carries a description (/Contents or the element's /Alt); the addresses found."""
    tree = parent_tree(reader)
    found: Counter[str] = Counter()
    for elem in link_elements(reader):
        kids = [_resolve(k) for k in _resolve(elem["/K"])]
        objrs = [k for k in kids if isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR"]
        assert objrs, f"a Link element without its annotation: {elem}"
        for objr in objrs:
            annot = _resolve(objr["/Obj"])
            assert annot["/Subtype"] == "/Link"
            assert "/Contents" in annot or "/Alt" in elem, "a link annotation without a description"
            back = tree[int(annot["/StructParent"])]
            assert back.idnum == elem.indirect_reference.idnum, "the parent tree names another element"
            action = _resolve(annot.get("/A"))
            if action is not None and action.get("/S") == "/URI":
                found[str(action["/URI"])] += 1
    return found


@pytest.mark.slow
def test_i9_pdf_of_many_links_keeps_each_link_and_stays_bounded(tmp_path: Path) -> None:
    n = 20_000
    flood = Flood("html-a", "a.html", n)
    (tmp_path / flood.name).write_bytes(flood.data())
    timeout = TIME_LIMIT + PER_EXTRA_FORMAT
    try:
        proc = run_bounded([flood.name, "-t", "pdf", "-o", "out/"], tmp_path, timeout)
    except Exception as exc:  # subprocess.TimeoutExpired
        pytest.fail(f"{n} links to PDF: {type(exc).__name__} after {timeout:.0f} s of CPU")
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    reader = PdfReader(tmp_path / "out" / "a.pdf")
    want = {f"https://e.kz/{i}" for i in range(n)}
    annots = uri_annotations(reader)
    addresses = Counter(str(_resolve(a["/A"])["/URI"]) for a in annots)
    assert set(addresses) == want, f"lost {len(want - set(addresses))} address(es), e.g. {sorted(want - set(addresses))[:3]}"
    assert all("/StructParent" in a and "/Contents" in a for a in annots), "an annotation is not tagged"
    in_tree = check_link_elements(reader)
    assert in_tree == addresses, "an annotation is not held by a Link element"
    text = Counter(" ".join(page.extract_text() for page in reader.pages).split())
    lost = Counter(words(n)) - text
    assert not lost, f"lost {sum(lost.values())} word(s), e.g. {list(lost)[:5]}"


def _links_document() -> Document:
    """Links in the ways a page has them: many in a paragraph (some broken over two lines), one
    paragraph that is a single link, links in a note and in a table cell, a link with a styled word."""
    long_words = " ".join(f"слово{i}" for i in range(60))
    blocks = (
        Paragraph(tuple(n for i in range(300) for n in (
            Link((Text(f"ссылка номер {i} {long_words[: i % 40]}"),), f"https://e.kz/p/{i}"), Text(" и ")))),
        Paragraph((Link((Text("одна ссылка"),), "https://e.kz/one"),)),
        Paragraph((Text("Текст"), Note((Paragraph((Link((Emph((Text("в сноске"),)),), "https://e.kz/note"),)),)),
                   Text("."))),
        Table((((Paragraph((Link((Text("ячейка"),), "https://e.kz/cell"),)),),),), header_rows=0),
    )
    return Document(Metadata(title="Ссылки", language="ru"), blocks)


def test_i9_pdf_link_element_refers_to_its_annotation(tmp_path: Path) -> None:
    data = PdfWriter().write(_links_document(), Context(now=NOW, base_dir=tmp_path))
    reader = PdfReader(io.BytesIO(data))
    found = check_link_elements(reader)
    want = {f"https://e.kz/p/{i}" for i in range(300)} | {"https://e.kz/one", "https://e.kz/note", "https://e.kz/cell"}
    assert set(found) == want
    assert sum(found.values()) > len(want), "no link was broken over two lines: the case is not tested"
    annots = uri_annotations(reader)
    assert Counter(str(_resolve(a["/A"])["/URI"]) for a in annots) == found
    assert all(str(a["/Contents"]) == str(_resolve(a["/A"])["/URI"]) for a in annots)


def test_i9_compact_link_records_write_what_reportlab_objects_write() -> None:
    """``UriLink``, ``StructElem`` and the parent tree format to the bytes reportlab's own
    dictionaries gave (the same file for every ordinary article, byte for byte)."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFDocument,
        PDFName,
        PDFObjectReference,
        PDFString,
    )
    from reportlab.pdfgen.canvas import Canvas

    from article_convert.writers.pdf.records import Mc, Obj, ParentTreeNums, StructElem, UriLink

    doc = PDFDocument(invariant=1)
    for name in ("Pg1", "Pg2", "El1", "El2", "An1"):
        doc.Reference(PDFDictionary({}), name)
    canv = Canvas(io.BytesIO(), invariant=1)
    rect = (97.63858, 715.6386, 132.2118, 728.8386)
    for uri in ("https://e.kz/a?b=(1)&c=%D0%B6", "mailto:a@b.kz", "https://e.kz/\u0436"):
        canv.linkURL(uri, rect, relative=0)
        theirs = canv._doc.idToObject[canv._annotationrefs[-1].name]
        ours = UriLink(rect, uri)
        assert ours.format(doc) == theirs.format(doc)
        theirs["StructParent"] = 123456
        theirs["Contents"] = PDFString(uri)
        ours.struct_parent, ours.contents = 123456, uri
        assert ours.format(doc) == theirs.format(doc)
    elem = StructElem("Link", "El1", lang="kk", alt="Сілтеме (1)", scope="Column")
    elem.kids += ["El2", Mc("Pg1", 7), Obj("Pg2", "An1")] * 5
    ref = PDFObjectReference
    mcr = PDFDictionary({"Type": PDFName("MCR"), "Pg": ref("Pg1"), "MCID": 7})
    objr = PDFDictionary({"Type": PDFName("OBJR"), "Pg": ref("Pg2"), "Obj": ref("An1")})
    theirs = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Link"), "P": ref("El1"),
                            "Lang": PDFString("kk"), "Alt": PDFString("Сілтеме (1)"),
                            "A": PDFDictionary({"O": PDFName("Table"), "Scope": PDFName("Column")}),
                            "K": PDFArray([ref("El2"), mcr, objr] * 5)})
    assert elem.format(doc) == theirs.format(doc)
    pages = [["El1", "El2"] * 8, []]
    nums = ParentTreeNums(pages, ["El2"] * 13)
    flat: list[Any] = []
    for index, names in enumerate(pages):
        flat += [index, PDFArray([ref(n) for n in names])]
    for offset in range(13):
        flat += [2 + offset, ref("El2")]
    assert nums.format(doc) == PDFDictionary({"Nums": PDFArray(flat)}).format(doc)


def test_i9_long_paragraph_is_parsed_when_first_used_and_whole() -> None:
    """A paragraph of long markup is parsed on first use (not when made), whatever probes it first."""
    from reportlab.lib.styles import ParagraphStyle

    from article_convert.writers.pdf.paragraph import LAZY_MARKUP_CHARS, make_paragraph_class

    cls = make_paragraph_class()
    markup = " ".join(f'<a href="https://e.kz/{i}">{w}</a>' for i, w in enumerate(words(400)))
    assert len(markup) >= LAZY_MARKUP_CHARS
    para = cls(markup, ParagraphStyle("t", fontName="Helvetica"))
    assert "frags" not in vars(para), "the markup was parsed when the paragraph was made"
    assert not hasattr(para, "__deepcopy__") and not hasattr(para, "no_such_thing")
    got = "".join(f.text for f in para.frags)
    assert got.split() == words(400)
    assert {f.link[0][1] for f in para.frags if getattr(f, "link", None)} == {f"https://e.kz/{i}" for i in range(400)}
