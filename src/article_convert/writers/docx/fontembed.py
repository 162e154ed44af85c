"""Embedded fonts, as Word's "Embed fonts in the file" writes them, so that Word and LibreOffice
show our faces on a machine that has none of them installed.

For every face the document really uses (family by style and run, weight, slant) the bundled
TTF is cut down to the characters set in it (``article_convert.fontsubset``: fontTools, cached)
and stored as an obfuscated ``word/fonts/fontN.odttf`` part (ECMA-376 Part 1, 17.8.1: the first
32 bytes XORed with the font key, a GUID, read backwards). ``fontTable.xml`` names each part
with ``w:embedRegular``/``w:embedBold``/… and its ``w:fontKey``; settings.xml says
``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``. Families without a file here (the mono
family) are only named, as before.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ...fonts import FontFamily, cmap, heading_family, style_name
from ...fontsubset import subset
from .styles import STYLES, FontRole, Fonts, font_table_xml
from .xml import w

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element

FONT_CT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
EMBED_TAGS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
              "bolditalic": "embedBoldItalic"}
STORY_PARTS = ("/word/document.xml", "/word/footnotes.xml", "/word/footer1.xml")
# Drawn without a w:t: page and note numbers, list numbers and bullets.
ALWAYS = frozenset(map(ord, " 0123456789.,()•–—-"))
BLOCK = 128
_KEY_NAMESPACE = uuid.UUID("6f1f8f3e-1d2b-5a53-9a61-3c0e2f4d7b10")


@dataclass(frozen=True)
class Embedded:
    """One embedded face: its family, style name, key and relationship id in fontTable.xml."""

    family: str
    style: str
    key: str
    rel_id: str
    size: int


@functools.lru_cache(maxsize=64)
def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation (its own inverse): XOR the first 32 bytes with the GUID's bytes
    taken from its last hex pair to its first."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes(int(digits[i:i + 2], 16) for i in range(30, -1, -2))
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def coverage_blocks(codepoints: set[int], path: Path) -> tuple[int, ...]:
    """The code points of every 128-character block the text touches that the face at ``path`` has.

    Rounding up to blocks makes most articles of one script ask for the same subset, so the
    cached subset is reused (subsetting costs ~0.5 s per face) and the DOCX stays editable
    beyond the exact letters used; a face is then ~50 KB instead of ~600 KB.
    """
    return _blocks_in_face(tuple(sorted({cp - cp % BLOCK for cp in codepoints})), path)


@functools.lru_cache(maxsize=256)
def _blocks_in_face(blocks: tuple[int, ...], path: Path) -> tuple[int, ...]:
    wanted = set(blocks)
    return tuple(cp for cp in sorted(cmap(path)) if cp - cp % BLOCK in wanted)


@functools.lru_cache(maxsize=64)
def font_key(family: str, style: str, data: bytes) -> str:
    """A GUID for one face, stable for the same bytes (reproducible output), in Word's form."""
    guid = uuid.uuid5(_KEY_NAMESPACE, f"{family}/{style}/{hashlib.sha256(data).hexdigest()}")
    return "{" + str(guid).upper() + "}"


def _flag(rpr: str, tag: str) -> bool | None:
    """True/False when a style's rPr switches ``tag`` (b, i) on/off, None when it says nothing."""
    if f"<w:{tag}/>" in rpr:
        return True
    if f'<w:{tag} w:val="0"/>' in rpr:
        return False
    return None


@functools.cache
def _style_traits() -> dict[str, tuple[str, bool, bool]]:
    """Style id -> (font role, bold, italic) with basedOn inheritance resolved."""
    by_id = {s.style_id: s for s in STYLES}
    out: dict[str, tuple[str, bool, bool]] = {}
    for sid in by_id:
        role: str | None = None
        bold = italic = None
        s = by_id.get(sid)
        while s is not None:
            role = role if role is not None or not s.font else s.font
            bold = bold if bold is not None else _flag(s.rpr, "b")
            italic = italic if italic is not None else _flag(s.rpr, "i")
            s = by_id.get(s.based_on) if s.based_on else None
        out[sid] = (role or "", bool(bold), bool(italic))
    return out


def _run_flag(rpr: _Element | None, tag: str) -> bool | None:
    el = rpr.find(w(tag)) if rpr is not None else None
    if el is None:
        return None
    return el.get(w("val"), "1") not in ("0", "false", "off")


FaceUsage = dict[tuple[str, str], set[int]]
"""(family, style name) -> code points set in that face."""


def face_usage(stories: list[_Element], fonts: Fonts, usage: FaceUsage | None = None) -> FaceUsage:
    """(family, style name) -> code points set in that face, over every paragraph and run of
    ``stories`` (added to ``usage`` when given: a long body is looked at piece by piece). The face
    of a run is worked out once per paragraph style and run properties (a page of links repeats
    them 200,000 times); the text of each face is joined and turned into code points once."""
    from lxml.etree import tostring

    traits = _style_traits()
    usage = {} if usage is None else usage
    faces: dict[tuple[str, bytes], tuple[str, str]] = {}
    texts: dict[tuple[str, str], list[str]] = {}
    p_tag, r_tag, t_tag, rpr_tag, val = w("p"), w("r"), w("t"), w("rPr"), w("val")
    pstyle_path = f"{w('pPr')}/{w('pStyle')}"
    def add(p_id: str, rpr: _Element | None, text: str) -> None:
        key = (p_id or "", tostring(rpr) if rpr is not None else b"")
        face = faces.get(key)
        if face is None:
            face = faces[key] = _run_face(traits.get(p_id, traits["Normal"]), rpr, traits, fonts)
        texts.setdefault(face, []).append(text)

    for root in stories:
        for p in root.iter(p_tag):
            pstyle = p.find(pstyle_path)
            p_id = pstyle.get(val) if pstyle is not None else "Normal"
            if sum(1 for _ in p.iter(p_tag)) > 1:  # a paragraph inside (a text box): runs may nest
                for r in p.iter(r_tag):
                    text = "".join([t.text or "" for t in r.iter(t_tag)])
                    if text:
                        add(p_id, r.find(rpr_tag), text)
                continue
            # runs do not nest here: one walk over runs, their properties and texts, in document
            # order (a run's own w:rPr is the first one after it), instead of three lookups per run
            run: _Element | None = None
            rpr: _Element | None = None
            parts: list[str] = []
            for el in p.iter(r_tag, rpr_tag, t_tag):
                tag = el.tag
                if tag == t_tag:
                    if run is not None:
                        parts.append(el.text or "")
                elif tag == r_tag:
                    if parts:
                        text = "".join(parts)
                        if text:
                            add(p_id, rpr, text)
                        parts = []
                    run, rpr = el, None
                elif run is not None and rpr is None and not parts:
                    rpr = el
            if parts:
                text = "".join(parts)
                if text:
                    add(p_id, rpr, text)
    for face, parts in texts.items():
        usage.setdefault(face, set()).update(map(ord, set("".join(parts))))
    return usage


def _run_face(p_traits: tuple[str, bool, bool], rpr: _Element | None, traits: dict[str, tuple[str, bool, bool]],
              fonts: Fonts) -> tuple[str, str]:
    """(family, style name) of a run with properties ``rpr`` in a paragraph of ``p_traits``."""
    role, bold, italic = p_traits
    rstyle = rpr.find(w("rStyle")) if rpr is not None else None
    if rstyle is not None:
        c_role, c_bold, c_italic = traits.get(rstyle.get(w("val")), ("", False, False))
        role, bold, italic = c_role or role, bold or c_bold, italic or c_italic
    explicit = rpr.find(w("rFonts")) if rpr is not None else None
    family = explicit.get(w("ascii")) if explicit is not None else fonts.for_role(cast(FontRole, role or "body"))
    b, i = _run_flag(rpr, "b"), _run_flag(rpr, "i")
    return family or fonts.body, style_name(bold if b is None else b, italic if i is None else i)


def family_files(fonts: Fonts, body: FontFamily) -> dict[str, FontFamily]:
    """Family name (as the document names it) -> the files to embed it from; ``body`` is the
    resolved ``--font-family`` (``Settings.body_family()``)."""
    out = {fonts.heading: heading_family()}
    out[fonts.body] = body  # after: a --font-family may be Noto Sans
    return out


def _story_tree(part: Any, etree: Any) -> _Element:
    """The part's element tree: its live one when it keeps one, else parsed from its bytes."""
    element = getattr(part, "element", None)
    return element if element is not None else etree.fromstring(part.blob)


def embed_fonts(document: DocxDocument, fonts: Fonts, body: FontFamily, usage: FaceUsage | None = None) -> list[Embedded]:
    """Add subset, obfuscated font parts for the faces used, and point fontTable/settings at them;
    ``usage``: the faces of content no longer in the trees (a long body's frozen part)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    package = document.part.package
    parts = {str(p.partname): p for p in package.iter_parts()}
    # the live trees of XML parts (python-docx's XmlPart keeps one): re-parsing their serialised
    # blob doubled the writer's peak memory on a long document (200,000 links: ~400 MB)
    stories = [_story_tree(parts[name], etree) for name in STORY_PARTS if name in parts]
    table_part = parts.get("/word/fontTable.xml")
    if table_part is None:
        return []
    files = family_files(fonts, body)
    embedded: list[Embedded] = []
    used = face_usage(stories, fonts, {key: set(points) for key, points in (usage or {}).items()})
    for (family, style), codepoints in sorted(used.items()):
        source = files.get(family)
        if source is None:
            continue  # no file for it here (the mono family): named only
        path = source.faces()[style]
        data = subset(str(path), coverage_blocks(codepoints | ALWAYS, path))
        key = font_key(family, style, data)
        part = Part(PackURI(f"/word/fonts/font{len(embedded) + 1}.odttf"), FONT_CT, obfuscate(data, key), package)
        rel_id = table_part.relate_to(part, FONT_RT)
        embedded.append(Embedded(family, style, key, rel_id, len(data)))
    if not embedded:
        return []
    embeds: dict[str, list[tuple[str, str, str]]] = {}
    for e in embedded:
        embeds.setdefault(e.family, []).append((EMBED_TAGS[e.style], e.rel_id, e.key))
    _set_blob(table_part, font_table_xml(fonts, embeds))
    _settings_say_embedded(document)
    return embedded


def _set_blob(part: object, data: bytes) -> None:
    """Replace a part's content, whether python-docx loaded it as XML or as plain bytes."""
    if hasattr(part, "_element"):
        from docx.oxml.parser import parse_xml

        part._element = parse_xml(data)
    else:
        part._blob = data  # type: ignore[attr-defined]


def _settings_say_embedded(document: DocxDocument) -> None:
    """``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts`` after ``w:zoom`` (CT_Settings order)."""
    from lxml import etree

    settings = document.settings.element
    if settings.find(w("embedTrueTypeFonts")) is not None:
        return
    anchor = settings.find(w("zoom"))
    index = list(settings).index(anchor) + 1 if anchor is not None else 0
    for offset, tag in enumerate(("embedTrueTypeFonts", "saveSubsetFonts")):
        settings.insert(index + offset, etree.Element(w(tag)))
