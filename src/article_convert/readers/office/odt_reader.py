"""OpenDocument text (.odt package or flat .fodt) -> Document, with the DOCX reader's grouping.

Paragraph styles are mapped through their parent chain and outline level; lists take bullet or
number from their list style; notes become Note; annotations are comments (dropped and reported,
or kept with ``--keep-comments``); tracked changes are accepted (the body already holds the
accepted text, deleted text lives only in ``text:tracked-changes``, which is skipped and reported).
"""

from __future__ import annotations

import base64
import posixpath
from collections import Counter
from dataclasses import replace

from ...context import Context
from ...images import data_uri
from ...ir import Block, Document, Image, LineBreak, Metadata, Note, Paragraph, Table, Text
from .docx_body import MAX_NOTE_DEPTH, Para, deep_note_dropped, group
from .docx_runs import media_type
from .finish import bold_interview, clean_langs, finish, settle_language, title_block
from .furniture import odt_furniture, report_furniture
from .inlines import Fmt, InlineBuilder
from .listing import ListEntry
from .odt_styles import OFFICE, STYLE, TEXT, OdtStyles
from .safety import DocumentError, Package, parse_xml
from .unsupported import report_graphics

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
SKIP = frozenset({
    "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start", "reference-mark-end",
    "soft-page-break", "change", "change-start", "change-end", "annotation-end", "note-citation",
    "alphabetical-index-mark", "toc-mark", "toc-mark-start", "toc-mark-end", "sequence-decls",
    "variable-decls", "user-field-decls", "tracked-changes", "forms", "index-title-template",
    "table-of-content-source", "alphabetical-index-source", "illustration-index-source",
})


def _local(el: object) -> str:
    tag = getattr(el, "tag", "")
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_odt(data: bytes, ctx: Context) -> Document:
    """Read an ODT package or a flat ODT (``error: PATH: not a readable OpenDocument document (…)``)."""
    pkg: Package | None = None
    if data[:2] == b"PK":
        pkg = Package(data, "OpenDocument")
        content = pkg.xml("content.xml")
        roots = [pkg.xml("styles.xml")] if pkg.has("styles.xml") else []
        roots.append(content)
        meta_root = pkg.xml("meta.xml") if pkg.has("meta.xml") else None
    else:
        content = parse_xml(data, "OpenDocument", "the flat XML")
        roots = [content]
        meta_root = content
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise DocumentError("OpenDocument", "no office:text body (a spreadsheet or drawing?)")
    conv = OdtConverter(OdtStyles(roots), pkg, ctx)
    blocks = conv.blocks(body)
    meta, declared = odt_meta(meta_root)
    meta, blocks = title_block(meta, blocks)
    blocks = bold_interview(blocks)
    meta = settle_language(meta, blocks, conv.langs, declared)
    blocks = clean_langs(blocks, meta.language)
    if conv.changes:
        ctx.diagnostics.add("tracked-changes", f"tracked changes accepted: {conv.changes} deletion(s) dropped")
    if conv.dropped_comments:
        ctx.diagnostics.add("comments-dropped", f"dropped {conv.dropped_comments} comment(s) (keep them as notes with --keep-comments)")
    if conv.external_images:
        ctx.diagnostics.add("image-external", f"{conv.external_images} linked (external) picture(s) not fetched")
    report_furniture(odt_furniture(roots), ctx)
    report_graphics(conv.graphics_left_out, ctx)
    return finish(meta, blocks, ctx)


def odt_meta(root: object) -> tuple[Metadata, str]:
    """meta.xml (or the flat file's office:meta) -> Metadata with fallback title/author/date."""
    from .docx_meta import MACHINE_AUTHORS

    meta_el = root.find(f".//{OFFICE}meta") if root is not None else None  # type: ignore[attr-defined]
    if meta_el is None:
        return Metadata(), ""

    def text(tag: str) -> str:
        el = meta_el.find(tag)
        return " ".join((el.text or "").split()) if el is not None else ""

    extra: dict[str, str] = {}
    if text(DC + "title"):
        extra["fallback:title"] = text(DC + "title")
    creator = text(META + "initial-creator") or text(DC + "creator")
    if creator and not MACHINE_AUTHORS.match(creator):
        extra["fallback:authors"] = creator
    created = text(META + "creation-date")
    if len(created) >= 10 and created[4] == "-":
        extra["fallback:date"] = created[:10]
    for key, tag in (("subject", DC + "subject"), ("description", DC + "description")):
        if text(tag):
            extra[key] = text(tag)
    keywords = tuple(" ".join((k.text or "").split()) for k in meta_el.iter(META + "keyword") if (k.text or "").strip())
    return Metadata(keywords=keywords, extra=tuple(sorted(extra.items()))), text(DC + "language")


class OdtConverter:
    """Converts the office:text body of one OpenDocument file."""

    def __init__(self, styles: OdtStyles, pkg: Package | None, ctx: Context) -> None:
        self.styles = styles
        self.pkg = pkg
        self.ctx = ctx
        self.keep_comments = ctx.settings.keep_comments
        self.dropped_comments = 0
        self.external_images = 0
        self.graphics_left_out: list[tuple[str, str]] = []
        self.changes = 0
        self.langs: Counter[str] = Counter()
        self.counters: dict[tuple[str, int], int] = {}
        self.note_depth = 0

    def blocks(self, container: object) -> list[Block]:
        return group(self.items(container), None)  # type: ignore[arg-type]

    def items(self, container: object) -> list[Para | Block]:
        out: list[Para | Block] = []
        for child in container:  # type: ignore[attr-defined]
            name = _local(child)
            if name in ("p", "h") and child.tag.startswith(TEXT):
                out.extend(self.paragraph(child))
            elif name == "list":
                entries: list[tuple[ListEntry | None, Para | Block]] = []
                self.list(child, 0, None, entries)
                out.extend(item for _, item in entries)
            elif name == "table" and child.tag.startswith(TABLE):
                out.append(self.table(child))
            elif name == "tracked-changes":
                self.changes += sum(1 for region in child.iter(TEXT + "deletion"))
            elif name in ("section", "index-body", "table-of-content", "alphabetical-index", "illustration-index",
                          "table-index", "bibliography", "user-index", "object-index", "text", "deletion"):
                if name != "deletion":
                    out.extend(self.items(child))
            elif name in SKIP:
                continue
            elif name in ("frame", "a"):
                p = Para("p", ())
                b = InlineBuilder()
                after: list[Block] = []
                self.inline(child, b, {}, None, after)
                p.inlines = b.build()
                if p.inlines:
                    out.append(p)
                out.extend(after)
            elif name and len(child):  # type: ignore[arg-type]
                # a wrapper read nowhere else (text:numbered-paragraph, text:index-title, a page-anchored
                # draw:custom-shape or draw:g): its paragraphs, never nothing
                out.extend(self.items(child))
        return out

    def paragraph(self, el: object, list_entry: tuple[str, int, bool, int] | None = None) -> list[Para | Block]:
        style = el.get(TEXT + "style-name")  # type: ignore[attr-defined]
        kind = self.styles.kind(style) or "p"
        if _local(el) == "h":
            level = el.get(TEXT + "outline-level") or "1"  # type: ignore[attr-defined]
            kind = kind if kind in ("title", "subtitle") else f"h{int(level) if level.isdigit() else 1}"
        body_like = kind in ("p", "caption")
        flags, lang = self.styles.flags("paragraph", style)
        base = {**self.styles.default_flags, **flags} if body_like else {}
        b = InlineBuilder()
        after: list[Block] = []
        langs: Counter[str] = Counter()
        self.inline(el, b, base, None, after, lang or self.styles.default_lang, langs)
        inlines = b.build()
        para_lang = langs.most_common(1)[0][0] if langs else None
        if para_lang:
            self.langs[para_lang] += sum(langs.values())
        out: list[Para | Block] = []
        if inlines or list_entry is not None or kind == "hr":
            out.append(Para(kind, inlines, para_lang, list_entry))
        if after:
            from ...ir import Div

            out.append(Div("textbox", tuple(after)))
        return out

    def inline(self, el: object, b: InlineBuilder, flags: dict[str, bool], link: str | None,
               after: list[Block], lang: str | None = None, langs: Counter[str] | None = None) -> None:
        """Text and inline elements of ``el`` in document order (element tails included)."""
        fmt = Fmt(frozenset(k for k, v in flags.items() if v), link)
        if el.text:  # type: ignore[attr-defined]
            self._text(el.text, b, fmt, lang, langs)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            name = _local(child)
            if name in SKIP or not name:
                pass
            elif name == "span":
                sflags, slang = self.styles.flags("text", child.get(TEXT + "style-name"))
                self.inline(child, b, {**flags, **sflags}, link, after, slang or lang, langs)
            elif name == "a":
                self.inline(child, b, flags, child.get(XLINK + "href") or link, after, lang, langs)
            elif name == "s":
                count = child.get(TEXT + "c") or "1"
                b.text(" " * min(int(count) if count.isdigit() else 1, 100), fmt)
            elif name == "tab":
                b.text(" ", fmt)
            elif name == "line-break":
                b.node(LineBreak(), fmt)
            elif name == "note":
                body = child.find(TEXT + "note-body")
                if body is not None and self.note_depth >= MAX_NOTE_DEPTH:
                    deep_note_dropped(self.ctx)
                elif body is not None:
                    self.note_depth += 1
                    try:
                        blocks = tuple(self.blocks(body))
                    finally:
                        self.note_depth -= 1
                    if blocks:
                        b.node(Note(blocks), Fmt(frozenset(), link))
            elif name == "annotation":
                self._annotation(child, b)
            elif name == "frame":
                self._frame(child, b, fmt, after)
            elif name in ("p", "h", "list", "table"):
                after.extend(self.blocks([child]))  # type: ignore[list-item]
            else:
                self.inline(child, b, flags, link, after, lang, langs)  # fields, ruby, meta: keep their text
            if child.tail:
                self._text(child.tail, b, fmt, lang, langs)

    def _text(self, text: str, b: InlineBuilder, fmt: Fmt, lang: str | None, langs: Counter[str] | None) -> None:
        text = " ".join(text.replace("\n", " ").split(" ")) if "\n" in text else text
        b.text(text, fmt)
        if lang and langs is not None and text.strip():
            langs[lang] += len(text)

    def _annotation(self, el: object, b: InlineBuilder) -> None:
        if not self.keep_comments:
            self.dropped_comments += 1
            return
        author = el.find(DC + "creator")  # type: ignore[attr-defined]
        paras = [p for p in el if _local(p) in ("p", "list")]  # type: ignore[attr-defined]
        blocks = tuple(self.blocks(paras))
        label = (Text(f"[{' '.join((author.text or '').split())}] "),) if author is not None and author.text else ()
        if blocks and isinstance(blocks[0], Paragraph):
            blocks = (Paragraph(label + blocks[0].inlines, blocks[0].lang), *blocks[1:])
        if blocks:
            b.node(Note(blocks))

    def _frame(self, frame: object, b: InlineBuilder, fmt: Fmt, after: list[Block]) -> None:
        title = frame.find(SVG + "title")  # type: ignore[attr-defined]
        desc = frame.find(SVG + "desc")  # type: ignore[attr-defined]
        alt = " ".join(((desc.text if desc is not None else None) or (title.text if title is not None else None) or "").split())
        pictured = texted = False
        for child in frame:  # type: ignore[attr-defined]
            name = _local(child)
            if name == "image" and not pictured:  # further draw:image children are fallbacks of the same picture
                image = self._image(child, alt)
                if image is not None:
                    b.node(image, Fmt(frozenset(), fmt.link))
                pictured = True
            elif name == "text-box":  # its text is kept even where ODF makes it a picture's alternative
                after.extend(self.blocks(child))
                texted = True
                break
        embedded = any(_local(child) in ("object", "object-ole", "plugin", "applet") for child in frame)  # type: ignore[attr-defined]
        if embedded and not pictured and not texted:  # a chart or embedded object without its replacement image
            self.graphics_left_out.append(("embedded object", alt))

    def _image(self, el: object, alt: str) -> Image | None:
        href = el.get(XLINK + "href") or ""  # type: ignore[attr-defined]
        binary = el.find(OFFICE + "binary-data")  # type: ignore[attr-defined]
        if binary is not None and binary.text:
            try:
                data = base64.b64decode("".join(binary.text.split()))
            except ValueError:
                return Image("", alt)
            return Image(data_uri(data, _sniff(data)), alt)
        if not href:
            return None
        if "://" in href or href.startswith(("/", "..")):
            self.external_images += 1
            return Image(href, alt)
        name = posixpath.normpath(href.removeprefix("./"))
        if self.pkg is None or not self.pkg.has(name):
            return Image(href, alt)
        return Image(data_uri(self.pkg.read(name), media_type(name)), alt)

    def list(self, el: object, level: int, style: str | None, out: list) -> None:  # type: ignore[type-arg]
        """Flatten a text:list into paragraph records carrying their list place."""
        style = el.get(TEXT + "style-name") or style  # type: ignore[attr-defined]
        continues = el.get(TEXT + "continue-numbering") == "true" or el.get(TEXT + "continue-list")  # type: ignore[attr-defined]
        key = style or ""
        if level == 0 and not continues:
            for k in [k for k in self.counters if k[0] == key]:
                del self.counters[k]
        for item in el:  # type: ignore[attr-defined]
            if _local(item) not in ("list-item", "list-header"):
                continue
            info = self.styles.list_level(style, level)
            start = item.get(TEXT + "start-value")
            number = int(start) if start and start.isdigit() else self.counters.get((key, level), info.start - 1) + 1
            if _local(item) == "list-item":
                self.counters[(key, level)] = number
                for k in [k for k in self.counters if k[0] == key and k[1] > level]:
                    del self.counters[k]
            first = True
            for child in item:
                name = _local(child)
                if name == "list":
                    self.list(child, level + 1, style, out)
                elif name in ("p", "h"):
                    entry = (key or "list", level, info.ordered, number) if first else None
                    paras = self.paragraph(child, entry)
                    if not first:  # a further paragraph of the same item
                        paras = [Para(p.kind, p.inlines, p.lang, (key or "list", level, info.ordered, -1))
                                 if isinstance(p, Para) else p for p in paras]
                    out.extend((None, p) for p in paras)
                    first = False
                else:
                    out.extend((None, x) for x in self.items([child]))

    def table(self, el: object) -> Table:
        rows: list[tuple[tuple[Block, ...], ...]] = []
        header = 0

        def walk(node: object, in_header: bool) -> None:
            nonlocal header
            for child in node:  # type: ignore[attr-defined]
                name = _local(child)
                if name == "table-row":
                    cells: list[tuple[Block, ...]] = []
                    for cell in child:
                        cname = _local(cell)
                        if cname == "table-cell":
                            cells.append(tuple(self.blocks(cell)))
                        elif cname == "covered-table-cell":  # ODF writes one for each spanned column
                            cells.append(())
                    rows.append(tuple(cells))
                    if in_header:
                        header += 1
                elif name in ("table-header-rows", "table-rows", "table-row-group"):
                    walk(child, in_header or name == "table-header-rows")

        walk(el, False)
        return Table(tuple(rows), header)


def _sniff(data: bytes) -> str:
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"GIF8":
        return "image/gif"
    return "application/octet-stream"


__all__ = ["STYLE", "read_odt", "replace"]
