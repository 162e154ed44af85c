"""Tagged PDF (issue 13): the structure tree read back with pikepdf covers every text run of every
page exactly once, in reading order, with the roles, languages and alt texts of the IR."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.ir import BulletList, Document, Figure, Image, Link, Paragraph, Text
from article_convert.writers.pdf import PdfWriter
from tests.documents import kitchen_sink, p
from tests.test_writer_pdf import expected_words

NOW = datetime(2025, 12, 4, 10, 30, tzinfo=timezone.utc)
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"
ARTIFACT = "artifact"


def write(doc: Document, base: Path | None = None, **options: object) -> bytes:
    ctx = Context(options=ConvertOptions(**options), diagnostics=Diagnostics(), now=NOW,  # type: ignore[arg-type]
                  base_dir=base or Path.cwd())
    return PdfWriter().write(doc, ctx)


def rich_document(folder: Path) -> Document:
    """The kitchen sink plus a real picture with a caption, a link and a long English paragraph."""
    from PIL import Image as PILImage

    PILImage.new("RGB", (300, 200), "teal").save(folder / "photo.png")
    doc = kitchen_sink()
    extra = (
        Figure(Image("photo.png", ""), caption=(Text("Вид на горы"),), credit=(Text("Фото: автор"),)),
        Paragraph((Text("An English paragraph inside a Russian article, with a "),
                   Link((Text("link"),), "https://example.org/en"), Text(" in it.")), lang="en"),
        BulletList(tuple((p(f"Пункт номер {n} длинного списка, который переходит на другую страницу."),)
                         for n in range(40))),
    )
    return replace(doc, blocks=doc.blocks + extra)


# --------------------------------------------------------------------------- reading it back


def _to_unicode(font: Any) -> dict[int, str]:
    """A simple font's ToUnicode bfchar map (reportlab's subsets: one byte per glyph)."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    out = {}
    for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap.split("beginbfchar", 1)[-1]):
        out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    return out


def content_runs(data: bytes) -> tuple[dict[tuple[int, int], str], list[tuple[Any, str]]]:
    """Text drawn inside each (page, MCID), and every text run (each Tj/TJ) in drawing order with its
    owner ((page, mcid), 'artifact' or None for text outside any marked content)."""
    pdf = pikepdf.open(io.BytesIO(data))
    by_mcid: dict[tuple[int, int], str] = defaultdict(str)
    order: list[tuple[Any, str]] = []
    for number, page in enumerate(pdf.pages):
        fonts = page.obj.Resources.get("/Font", {})
        maps = {name: _to_unicode(fonts[name]) for name in fonts}
        stack: list[Any] = []
        cmap: dict[int, str] = {}
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            strings: list[bytes] = []
            if name == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(ARTIFACT if str(operands[0]) == "/Artifact" else
                             (number, int(mcid)) if mcid is not None else None)
            elif name == "BMC":
                stack.append(ARTIFACT if str(operands[0]) == "/Artifact" else None)
            elif name == "EMC":
                stack.pop()
            elif name == "Tf":
                cmap = maps.get(str(operands[0]), {})
            elif name in ("Tj", "'", '"'):
                strings = [bytes(operands[-1])]
            elif name == "TJ":
                strings = [bytes(s) for s in operands[0] if isinstance(s, pikepdf.String)]
            text = "".join(cmap.get(b, chr(b)) for s in strings for b in s)
            if text.strip():
                owner = next((s for s in reversed(stack) if s is not None), None)
                order.append((owner, text))
                if owner not in (None, ARTIFACT):
                    by_mcid[owner] += text
    return by_mcid, order


def structure(data: bytes) -> tuple[Any, list[tuple[str, Any, list[tuple[int, int]]]]]:
    """The PDF (open) and its structure elements in tree order: (role, element, own MCRs)."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {pg.objgen: n for n, pg in enumerate(pdf.pages)}
    out: list[tuple[str, Any, list[tuple[int, int]]]] = []

    def walk(elem: Any) -> None:
        mcrs = []
        for kid in elem.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                mcrs.append((pages[kid.Pg.objgen], int(kid.MCID)))
        out.append((str(elem.S)[1:], elem, mcrs))
        for kid in elem.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    for top in pdf.Root.StructTreeRoot.K:
        walk(top)
    return pdf, out


def reading_order(data: bytes) -> list[tuple[int, int]]:
    """Every MCR of the structure tree in the order of the tree's /K arrays (depth first)."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {pg.objgen: n for n, pg in enumerate(pdf.pages)}
    out: list[tuple[int, int]] = []

    def walk(elem: Any) -> None:
        for kid in elem.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                out.append((pages[kid.Pg.objgen], int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    for top in pdf.Root.StructTreeRoot.K:
        walk(top)
    return out


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, bytes]:
    folder = tmp_path_factory.mktemp("tagged")
    doc = rich_document(folder)
    return doc, write(doc, folder)


# --------------------------------------------------------------------------- tests


def test_issue13_every_text_run_is_in_exactly_one_element_or_artifact(rich: tuple[Document, bytes]) -> None:
    _, data = rich
    by_mcid, order = content_runs(data)
    assert order and all(owner is not None for owner, _ in order), [t for o, t in order if o is None][:5]
    pdf, elements = structure(data)
    owners: dict[tuple[int, int], int] = {}
    for index, (_, _, mcrs) in enumerate(elements):
        for mcr in mcrs:
            assert mcr not in owners, f"{mcr} claimed twice"
            owners[mcr] = index
    assert set(by_mcid) <= set(owners)  # every marked text run has its element
    # the parent tree maps each page's MCIDs back to the same elements
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for (page, mcid), index in owners.items():
        key = int(pdf.pages[page].obj.StructParents)
        assert tree[key][mcid].objgen == elements[index][1].objgen


def test_issue13_tree_text_is_the_page_text_in_reading_order_and_the_ir_text(rich: tuple[Document, bytes]) -> None:
    doc, data = rich
    by_mcid, order = content_runs(data)
    tree_text = "".join(by_mcid[m] for m in reading_order(data))
    drawn = "".join(t for owner, t in order if owner not in (None, ARTIFACT))
    assert letters(tree_text) == letters(drawn)  # reading order = the order of the tree
    expected = letters(" ".join(expected_words(doc)))
    got = letters(tree_text)
    # the PDF adds to the IR's words only what it prints itself: the date written out, speakers'
    # names, list numbers, the missing picture's alt text in its placeholder, the notes heading, and
    # the publisher beside the authors (the source line under the byline)
    printed_by_the_writer = {"5марта2024Тестовоеиздание", "Корреспондент", "Эксперт", "3", "4", "описание",
                             "Примечания"}
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    changes = [(op, expected[a:b], got[c:d]) for op, a, b, c, d in matcher.get_opcodes() if op != "equal"]
    assert all(op == "insert" and added in printed_by_the_writer for op, _, added in changes), changes


def test_issue13_roles_languages_alt_text(rich: tuple[Document, bytes]) -> None:
    _, data = rich
    _, elements = structure(data)
    roles = [role for role, _, _ in elements]
    for role in ("Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "BlockQuote", "Figure", "Caption",
                 "Note", "Link", "Code", "Table", "Div"):
        assert role in roles, role
    assert roles[1] == "H1" and roles.count("H1") == 1
    figure = next(e for role, e, _ in elements if role == "Figure")
    assert str(figure.Alt) == "Вид на горы"
    langs = {str(e.Lang) for _, e, _ in elements if "/Lang" in e}
    assert {"ru", "kk", "uk", "en"} <= langs
    items = [e for role, e, _ in elements if role == "LI"]
    assert len(items) >= 40 and all([str(k.S) for k in li.K][:2] == ["/Lbl", "/LBody"] for li in items)


def test_issue13_document_level_entries(rich: tuple[Document, bytes], tmp_path: Path) -> None:
    _, data = rich
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True and bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(root.Lang) == "ru-RU"
    xmp = root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "Кухонная раковина: всё сразу" in xmp
    assert "<rdf:li>ru-RU</rdf:li>" in xmp and "Иван Петров" in xmp
    for page in pdf.pages:
        assert page.obj.Tabs == "/S" and "/StructParents" in page.obj
        for annot in page.obj.get("/Annots", []):
            assert "/StructParent" in annot
    if shutil.which("pdfinfo"):
        path = tmp_path / "tagged.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)


def test_issue13_paragraph_over_two_pages_is_one_element() -> None:
    long = " ".join(["Очень длинный абзац, который не помещается на одной странице."] * 120)
    data = write(Document(replace(kitchen_sink().meta, subtitle="", lead=""), (p(long),)))
    _, elements = structure(data)
    paragraphs = [mcrs for role, _, mcrs in elements if role == "P" and len(mcrs) > 1]
    assert paragraphs and len({page for page, _ in paragraphs[0]}) >= 2


def test_issue13_running_header_and_page_numbers_are_artifacts() -> None:
    data = write(Document(kitchen_sink().meta, tuple(p("Абзац с текстом. " * 40) for _ in range(12))))
    _, order = content_runs(data)
    artifacts = [t.strip() for owner, t in order if owner == ARTIFACT]
    assert "2" in artifacts and any(t.startswith("Кухонная раковина") for t in artifacts)


def test_tagging_can_be_turned_off_for_comparison() -> None:
    data = write(Document(kitchen_sink().meta, (p("Текст."),)), writer_options=(("tagged", "0"),))
    assert "/StructTreeRoot" not in pikepdf.open(io.BytesIO(data)).Root


def link_elements(data: bytes) -> tuple[Any, list[tuple[str, Any, list[Any]]]]:
    """The PDF (open) and each Link element: (its text from its own MCRs, the element, its OBJRs' annotations)."""
    by_mcid, _ = content_runs(data)
    pdf, elements = structure(data)
    out = []
    for role, elem, mcrs in elements:
        if role == "Link":
            annots = [k.Obj for k in elem.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
            out.append(("".join(by_mcid[m] for m in mcrs), elem, annots))
    return pdf, out


def test_issue13_link_element_holds_its_text_and_its_annotation() -> None:
    long_link = "длинная ссылка, которая наверняка переносится на следующую строку абзаца " * 2
    doc = Document(replace(kitchen_sink().meta, subtitle="", lead=""), (
        Paragraph((Text("Начало абзаца и "), Link((Text("первая ссылка"),), "https://example.org/a"),
                   Text(" посередине, потом ещё немного текста и "),
                   Link((Text(long_link.strip()),), "https://example.org/b"), Text(" конец.")), ),
    ))
    data = write(doc)
    pdf, links = link_elements(data)
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert [letters(text) for text, _, _ in links] == [letters("первая ссылка"), letters(long_link)]
    for _, elem, annots in links:
        assert annots and all(a.Subtype == "/Link" for a in annots)
        for annot in annots:
            assert tree[int(annot.StructParent)].objgen == elem.objgen
        assert elem.P.S == "/P"
    assert len(links[1][2]) >= 2  # the long link is broken over lines: one annotation per line
    uris = [str(a.A.URI) for _, _, annots in links for a in annots]
    assert uris[0] == "https://example.org/a" and set(uris[1:]) == {"https://example.org/b"}
    # the paragraph's own text goes on around the links, in order
    paragraph = links[0][1].P
    kinds = [str(k.get("/Type")) for k in paragraph.K]
    assert kinds[:3] == ["/MCR", "/StructElem", "/MCR"]
    _by_mcid, order = content_runs(data)
    assert all(owner is not None for owner, _ in order)
    page_text = letters("".join(t for _, t in order))
    assert letters("Начало абзаца и первая ссылка посередине") in page_text


def test_issue13_table_rows_and_cells_are_tr_th_td_with_the_ir_text() -> None:
    from article_convert.ir import Table

    rows = ((p("Город"), p("Население")),) + tuple((p(f"Город номер {n}"), p(f"{n * 1000} человек")) for n in range(60))
    table = Table(tuple(tuple((cell,) for cell in row) for row in rows), header_rows=1)
    doc = Document(replace(kitchen_sink().meta, subtitle="", lead=""), (p("Перед таблицей."), table))
    data = write(doc)
    by_mcid, order = content_runs(data)
    assert order and all(owner is not None for owner, _ in order)
    pdf, elements = structure(data)
    tables = [e for role, e, _ in elements if role == "Table"]
    assert len(tables) == 1
    got_rows = []
    for tr in tables[0].K:
        assert tr.S == "/TR"
        cells = []
        for cell in tr.K:
            assert cell.S in ("/TH", "/TD")
            mcrs = [(pdf.pages.index(pikepdf.Page(k.Pg)), int(k.MCID)) for k in cell.K if k.get("/Type") == "/MCR"]
            cells.append((str(cell.S), letters("".join(by_mcid[m] for m in mcrs))))
            if cell.S == "/TH":
                assert cell.A.Scope == "/Column"
        got_rows.append(cells)
    want = [[("/TH" if i == 0 else "/TD", letters(blk.inlines[0].text)) for blk in row] for i, row in enumerate(rows)]
    assert got_rows == want
    # the table runs over two pages: the repeated header row there is an artifact, not a second TH
    assert len(pdf.pages) >= 2
    drawn = [t for owner, t in order if owner == ARTIFACT]
    assert any("Город" in t and "номер" not in t for t in drawn)


def test_issue13_paragraph_that_is_one_link_is_its_link_element() -> None:
    """reportlab draws a one-style paragraph by another path (plain lines, _do_link_line)."""
    doc = Document(replace(kitchen_sink().meta, subtitle="", lead=""), (
        p("Обычный абзац перед ссылкой."),
        Paragraph((Link((Text("Абзац, который целиком ссылка"),), "https://example.org/whole"),)),
    ))
    data = write(doc)
    _pdf, links = link_elements(data)
    assert [letters(text) for text, _, _ in links] == [letters("Абзац, который целиком ссылка")]
    _, elem, annots = links[0]
    assert [str(a.A.URI) for a in annots] == ["https://example.org/whole"] and elem.P.S == "/P"
    by_mcid, order = content_runs(data)
    assert all(owner is not None for owner, _ in order)
    assert letters("Обычный абзац перед ссылкой.") in letters("".join(by_mcid.values()))


def test_issue18_written_tree_is_consistent_and_passes_qpdf_checks(rich: tuple[Document, bytes]) -> None:
    """The tree reportlab now writes itself (no pikepdf re-save): qpdf finds no syntax problem,
    every element is reached once with /P its parent, the parent tree covers every page's MCIDs
    and every annotation exactly, and ParentTreeNextKey is the next free key."""
    _, data = rich
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.check_pdf_syntax() == []
    root = pdf.Root.StructTreeRoot
    seen: set[tuple[int, int]] = set()
    mcids: dict[int, set[int]] = defaultdict(set)
    pages = {pg.objgen: n for n, pg in enumerate(pdf.pages)}
    objrs: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> its element

    def walk(elem: Any, parent: Any) -> None:
        assert elem.objgen not in seen, "an element is reached twice"
        seen.add(elem.objgen)
        assert elem.Type == "/StructElem" and elem.P.objgen == parent.objgen
        for kid in elem.K:
            kind = kid.get("/Type")
            if kind == "/StructElem":
                walk(kid, elem)
            elif kind == "/MCR":
                mcids[pages[kid.Pg.objgen]].add(int(kid.MCID))
            else:
                assert kind == "/OBJR" and kid.Obj.Subtype == "/Link"
                assert kid.Obj.objgen in {a.objgen for a in kid.Pg.Annots}
                objrs[kid.Obj.objgen] = elem.objgen

    for top in root.K:
        walk(top, root)
    nums = list(root.ParentTree.Nums)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(root.ParentTreeNextKey) == max(tree) + 1 == len(tree)
    annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert annots and {a.objgen for a in annots} == set(objrs)
    for number, page in enumerate(pdf.pages):
        entry = tree[int(page.obj.StructParents)]
        assert len(entry) == len(mcids[number]) and set(range(len(entry))) == mcids[number]  # no gaps
        assert all(e.objgen in seen for e in entry)
    for annot in annots:
        assert tree[int(annot.StructParent)].objgen == objrs[annot.objgen] and "/Contents" in annot


def test_issue18_written_pdf_passes_qpdf_check(rich: tuple[Document, bytes], tmp_path: Path) -> None:
    """``qpdf --check`` (cross-reference table, object syntax, every stream decodes) on the PDF
    reportlab writes with the structure tree in it."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (Debian package qpdf, installed by .ci/run)")
    _, data = rich
    path = tmp_path / "tagged.pdf"
    path.write_bytes(data)
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout, proc.stdout + proc.stderr
