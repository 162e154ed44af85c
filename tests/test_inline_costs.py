"""Issue 9, per-inline-node cost: the faster paths give exactly what the general ones give.

A page of 200,000 distinct links is 600,000 inline nodes; each stage that touched every node in a
general way (the paragraph splitter rebuilding every link, the guard's survey, the JSON emitter,
the DOCX run builder, the font usage walk, ``safe_url``) now has a path for the common case. Each
test here compares that path with the general one (or with an independent reference), on input
where the two could differ, so a fast path that changes the output fails.
"""

from __future__ import annotations

import json
import random

import pytest
from lxml import etree

from article_convert.ir import split
from article_convert.ir.guard import survey
from article_convert.ir.json_codec import document_to_json, to_data
from article_convert.ir.links import _AS_IS, _parsed_safe_url, safe_url
from article_convert.ir.nodes import (
    Code,
    Document,
    Emph,
    LineBreak,
    Link,
    Metadata,
    OrderedList,
    Paragraph,
    Quoted,
    Span,
    Strong,
    Styled,
    Text,
    ThematicBreak,
)
from article_convert.ir.split import split_inlines, split_long_paragraphs

from .node_strategies import one_of_each

_PIECES = ["", " ", "  ", "Слово", "к.", "Да! ", " Нет", "ааааааааааааааа", "\u0301", "x. Y", "—", "1.", "\n",
           "abc def ghi", "Вот. Так"]


def _inline(r: random.Random, depth: int) -> object:
    """A random inline tree with what the splitter treats specially: empty texts and containers,
    atoms, line breaks, sentence ends, combining accents, long runs without a space."""
    k = r.random()
    if depth > 3 or k < 0.45:
        return Text(r.choice(_PIECES))
    if k < 0.5:
        return LineBreak()
    if k < 0.53:
        return Code("c")
    kids = tuple(_inline(r, depth + 1) for _ in range(r.randint(0, 4)))
    return r.choice([Emph(kids), Strong(kids), Link(kids, "https://e.kz/"), Span(kids, "en"), Quoted(kids),
                     Styled(kids, "underline")])


def test_i9_split_keeps_untouched_inline_nodes_and_cuts_as_the_rebuilding_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nodes away from every cut are kept as they are (not rebuilt); the pieces are the ones the
    walk that rebuilds every node gives (the fast path switched off by its size limit)."""
    cases = []
    for seed in range(150):
        r = random.Random(seed)
        blocks = tuple(Paragraph(tuple(_inline(r, 0) for _ in range(r.randint(1, 40)))) for _ in range(3))  # type: ignore[misc]
        cases.extend((blocks, limit) for limit in (5, 13, 30, 80))
    fast = [split_long_paragraphs(blocks, limit) for blocks, limit in cases]
    monkeypatch.setattr(split, "_FAST_LIMIT", -1)
    slow = [split_long_paragraphs(blocks, limit) for blocks, limit in cases]
    assert sum(1 for (new, report) in slow if report.split) > 300, "the cases cut nothing: the test tests nothing"
    for (blocks, limit), a, b in zip(cases, fast, slow, strict=True):
        assert a == b, (blocks, limit)


def test_i9_a_long_run_of_links_is_split_identically_and_keeps_its_nodes() -> None:
    links = [n for i in range(12_000) for n in (Link((Strong((Text(f"слово{i}"),)),), f"https://e.kz/{i}"), Text(" "))]
    pieces, by_word, hard = split_inlines(tuple(links))
    assert len(pieces) > 4 and hard == 0 and by_word == len(pieces) - 1  # no sentence end: cut at spaces
    flat = [n for piece in pieces for n in piece]
    kept = {id(n) for n in links}
    assert sum(1 for n in flat if id(n) in kept) >= len(links) - 2 * len(pieces), "links were rebuilt"
    assert [n for n in flat if isinstance(n, Link)] == [n for n in links if isinstance(n, Link)]
    for piece in pieces:
        assert split._length(piece, 10**9) <= split.MAX_PARAGRAPH_CHARS


def test_i9_guard_survey_counts_every_node_where_it_stands() -> None:
    """The survey takes strings and Text children where it meets them: depth, inline and break
    counts, bad characters in a link's address or title or the metadata, a bad list start and a
    value that is no node are all still found."""
    deep = Paragraph((Strong((Emph((Link((Text("a"), Code("b")), "https://e.kz", "т"),)),)),))
    found = survey(Document(Metadata(title="Т"), (deep, ThematicBreak(), ThematicBreak())))
    assert (found.depth, found.inlines, found.breaks) == (3, 5, 2)
    assert not (found.bad_chars or found.bad_start or found.unknown)
    for bad in (Link((Text("a"),), "https://e.kz/\x01"), Link((Text("a"),), "https://e.kz", "\ud800"), Text("x\x7f")):
        assert survey(Document(Metadata(), (Paragraph((Text("ok"), bad)),))).bad_chars, bad
    assert survey(Document(Metadata(title="\x02"), ())).bad_chars
    assert survey(Document(Metadata(), (OrderedList(((Paragraph((Text("x"),)),),), start=10**9),))).bad_start
    assert survey(Document(Metadata(), (Paragraph((Text("x"), {"x": 1})),))).unknown  # type: ignore[arg-type]


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_i9_json_layouts_write_what_json_dumps_writes(indent: int | None) -> None:
    """The emitter writes each node's fixed text once per class and level and Text children in one
    piece: the bytes are still ``json.dumps`` of the plain data, for every node type and nesting."""
    nodes = one_of_each()
    inlines = tuple(n for n in nodes if isinstance(n, (Text, Emph, Strong, Code, Link, Quoted, Span, LineBreak, Styled)))
    doc = Document(Metadata(title="Т", authors=("А", "Б"), section=""),
                   (*[n for n in nodes if n not in inlines], Paragraph(inlines + (Emph(inlines),), "kk")))
    want = json.dumps({"format": "article-convert-ir", "version": 1, "document": to_data(doc)},
                      ensure_ascii=False, indent=indent) + "\n"
    assert document_to_json(doc, indent=indent) == want


_URL_CHARS = "abcXYZ019.-_~:/?#[]@!$&'()*+,;=% жé"


def test_i9_safe_url_fast_path_returns_what_parsing_returns() -> None:
    """An address the pattern passes as it is is exactly what parsing and quoting give; the near
    misses (an empty query or fragment, a second '#', brackets, upper-case scheme) are parsed."""
    r = random.Random(9)
    matched = 0
    for _ in range(20_000):
        url = (r.choice(["http://", "https://", "HTTP://", "http:/", "mailto:"])
               + r.choice(["e.kz", "", "a-b.c:80", "E.KZ:99999", "x@y.kz", "ж.kz"])
               + "".join(r.choice(_URL_CHARS) for _ in range(r.randint(0, 14))))
        if _AS_IS.match(url):
            matched += 1
            assert _parsed_safe_url(url) == url, url
        assert safe_url(url) == _parsed_safe_url(url.strip()), url
    assert matched > 200, "the fast path was never taken: the test tests nothing"
    for url in ("http://e.kz?", "http://e.kz#", "http://e.kz/a#b#c", "http://e.kz/[x]", "HTTP://e.kz", "http://e.kz/a?"):
        assert not _AS_IS.match(url), url
        assert safe_url(url) != url


def test_i9_docx_runs_get_their_own_copy_of_the_shared_properties() -> None:
    """Runs of one format share a template ``w:rPr``: each gets a copy, serialised as ``add_rpr``
    writes it (changing one run's properties changes no other)."""
    from article_convert.writers.docx.xml import RunFormat, add_rpr, add_text_run, new_paragraph, sub, w

    fmt = RunFormat(bold=True, char_style="Hyperlink", lang="kk-KZ", styles=frozenset({"strike"}))
    p = new_paragraph("Normal")
    for text in ("а", "б"):
        add_text_run(sub(p, "hyperlink"), text, fmt)
    first, second = (link[0].find(w("rPr")) for link in p.iter(w("hyperlink")))
    assert first is not second
    reference = sub(new_paragraph("Normal"), "r")
    add_rpr(reference, fmt)
    assert etree.tostring(first) == etree.tostring(second) == etree.tostring(reference[0])
    first.remove(first[0])
    assert etree.tostring(second) == etree.tostring(reference[0])


def test_i9_docx_face_usage_single_walk_matches_the_per_run_reading() -> None:
    """The font usage walk reads runs, their properties and texts in one pass: the same faces and
    characters as reading each run on its own, also beside a text box (runs inside runs)."""
    from docx.oxml.parser import parse_xml

    from article_convert.writers.docx.fontembed import face_usage
    from article_convert.writers.docx.styles import Fonts

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = parse_xml(
        f'<w:body {ns}><w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:i/></w:rPr></w:pPr>'
        '<w:r><w:t>Заголовок</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>жирный</w:t><w:tab/><w:t>ещё</w:t></w:r>'
        '<w:hyperlink><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:i/></w:rPr><w:t>ссылка</w:t></w:r></w:hyperlink>'
        '<w:r><w:t xml:space="preserve"> простой </w:t></w:r><w:r><w:rPr><w:b/></w:rPr></w:r>'
        '<w:r><w:rPr><w:rFonts w:ascii="Mono"/></w:rPr><w:t>код</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>рядом</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:rPr><w:i/></w:rPr><w:t>врезка</w:t></w:r></w:p>'
        '</w:txbxContent></w:drawing></w:r></w:p></w:body>')
    fonts = Fonts()
    got = face_usage([body], fonts)

    from article_convert.writers.docx import fontembed

    traits = fontembed._style_traits()
    want: dict[tuple[str, str], set[int]] = {}
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        p_id = style.get(W + "val") if style is not None else "Normal"
        for r in p.iter(W + "r"):
            text = "".join(t.text or "" for t in r.iter(W + "t"))
            if text:
                face = fontembed._run_face(traits.get(p_id, traits["Normal"]), r.find(W + "rPr"), traits, fonts)
                want.setdefault(face, set()).update(map(ord, text))
    assert got == want
    assert len(got) >= 3
