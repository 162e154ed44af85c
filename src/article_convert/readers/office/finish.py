"""What the DOCX and ODT readers do alike once the body is converted: take the title block from
Title/Subtitle paragraphs and an italic lead, settle languages, and report what was left out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ...context import Context
from ...ir import Block, Div, Document, Emph, Heading, Metadata, Paragraph, Text
from ...ir.depth import field_names
from ...ir.text import inline_text
from ...language import detect_document_language, normalize_language

LEAD_MAX_CHARS = 300
SAMPLE_CHARS = 20000
CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "kk", "ky", "tt", "ba", "sr", "mk", "bg", "mn", "tg", "cv", "sah"})


def title_block(meta: Metadata, blocks: list[Block]) -> tuple[Metadata, list[Block]]:
    """Title- and Subtitle-styled paragraphs -> metadata (the first of each; later ones are headings),
    and a wholly italic short paragraph right under the title -> the lead."""
    out: list[Block] = []
    title_at = -1
    for block in blocks:
        if isinstance(block, Div) and block.role in ("title", "subtitle"):
            para = block.blocks[0]
            assert isinstance(para, Paragraph)
            text = " ".join(inline_text(para.inlines).split())
            if block.role == "title" and not meta.title and text:
                meta = replace(meta, title=text)
                title_at = len(out)
                continue
            if block.role == "subtitle" and not meta.subtitle and text and not out[title_at + 1:]:
                meta = replace(meta, subtitle=text)
                continue
            if block.role == "author" and text and len(text) <= 120:
                meta = replace(meta, authors=(*meta.authors, text))
                continue
            if block.role == "abstract" and not meta.lead and text:
                meta = replace(meta, lead=text)
                continue
            out.append(Heading(1, para.inlines, para.lang) if block.role == "title" else para)
            continue
        out.append(block)
    if meta.title and title_at == 0 and not meta.lead:
        for i, block in enumerate(out[:HEAD_BLOCKS]):
            if isinstance(block, Paragraph) and len(block.inlines) == 1 and isinstance(block.inlines[0], Emph):
                text = " ".join(inline_text(block.inlines).split())
                if len(text.split()) >= 4 and len(text) <= LEAD_MAX_CHARS:
                    meta = replace(meta, lead=text)
                    out = out[:i] + out[i + 1 :]
                break
            if not _short_plain(block):
                break  # the lead stands under the title, after at most a date line or byline
    return meta, out


HEAD_BLOCKS = 4


def _short_plain(block: Block) -> bool:
    """A short unformatted line (a date line, a byline) that may stand between title and lead."""
    from ...ir import Text

    return (isinstance(block, Paragraph) and all(isinstance(i, Text) for i in block.inlines)
            and len(inline_text(block.inlines)) <= 120)


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def is_cyrillic_text(text: str) -> bool:
    """More Cyrillic than Latin letters."""
    return len(_CYRILLIC.findall(text)) >= len(_LATIN.findall(text))


def plausible(tag: str, text_cyrillic: bool) -> bool:
    """A w:lang / fo:language fits text in this script (Word often tags Russian text en-US)."""
    primary = tag.split("-")[0].lower()
    return (primary in CYRILLIC_LANGS) == text_cyrillic


def settle_language(meta: Metadata, blocks: list[Block], langs: Counter[str], declared: str) -> Metadata:
    """The document language from the file's own tags, when they fit the text; else left to detection."""
    texts = [meta.title, meta.lead]
    size = 0
    for b in blocks:  # a sample is enough evidence, and detection costs per paragraph
        if isinstance(b, (Paragraph, Heading)) and size < SAMPLE_CHARS:
            texts.append(inline_text(b.inlines))
            size += len(texts[-1])
    sample = " ".join(texts)[:SAMPLE_CHARS]
    is_cyr = is_cyrillic_text(sample)
    candidates = [declared] + [tag for tag, _ in langs.most_common()]
    detected, confidence = detect_document_language(texts) if sample.strip() else ("und", 0.0)
    for tag in candidates:
        norm = normalize_language(tag) if tag else None
        if not norm or not plausible(norm, is_cyr):
            continue
        if confidence < 0.6 or norm.split("-")[0] == detected.split("-")[0]:
            return replace(meta, language=norm)
    return meta


def finish(meta: Metadata, blocks: list[Block], ctx: Context) -> Document:
    """The Document; an empty body (only fields, rules or pictures nobody can see) is reported."""
    if not blocks and not meta.title:
        ctx.diagnostics.add("empty-document", "the document has no text")
    return Document(meta, tuple(blocks))


def clean_langs(blocks: list[Block], doc_lang: str) -> list[Block]:
    """Keep a paragraph's own language tag only where it fits its text and differs from the document's."""
    import dataclasses

    primary = doc_lang.split("-")[0].lower()

    def fix(node: object) -> object:
        # nodes without a change come back as themselves (a paragraph of 200,000 runs was copied whole)
        if type(node) is tuple:
            items = tuple([fix(x) for x in node])
            return node if all(a is b for a, b in zip(items, node, strict=True)) else items
        names = field_names(type(node))
        if not names or type(node) is Text or isinstance(node, Metadata):
            return node
        changes: dict[str, object] = {}
        for name in names:
            value = getattr(node, name)
            if type(value) is tuple:
                new = fix(value)
                if new is not value:
                    changes[name] = new
        if isinstance(node, (Paragraph, Heading)) and node.lang:
            text = inline_text(node.inlines)
            norm = normalize_language(node.lang)
            keep = primary and norm and plausible(norm, is_cyrillic_text(text)) and norm.split("-")[0] != primary
            changes["lang"] = norm if keep else None
        return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type,type-var]

    return [fix(b) for b in blocks]  # type: ignore[misc]


def _bold_question(block: Block) -> Paragraph | None:
    """A paragraph that is wholly bold and asks something (no turn dash: those are the shared
    transform's), unwrapped from its bold; else None."""
    from ...ir import Strong

    if not isinstance(block, Paragraph) or len(block.inlines) != 1 or not isinstance(block.inlines[0], Strong):
        return None
    text = inline_text(block.inlines).strip()
    if not text or text[0] in "–—-" or not text.rstrip("»\"”) ").endswith(("?", ":")):
        return None
    return Paragraph(block.inlines[0].children, block.lang)


def bold_interview(blocks: list[Block]) -> list[Block]:
    """Questions set in bold, answers in plain paragraphs -> Question/Answer turns, when the
    document has at least two bold questions each followed by an answer."""
    from ...ir import Answer, Question

    marks = [_bold_question(b) for b in blocks]
    asked = [i for i, q in enumerate(marks) if q is not None and i + 1 < len(blocks)
             and isinstance(blocks[i + 1], Paragraph) and marks[i + 1] is None]
    questions = [q for q in (marks[i] for i in asked) if q is not None and inline_text(q.inlines).rstrip().endswith("?")]
    if len(asked) < 2 or len(questions) < 2:
        return blocks
    out: list[Block] = list(blocks[: asked[0]])
    i = asked[0]
    while i < len(blocks):
        q = marks[i]
        if q is None:
            out.append(blocks[i])
            i += 1
            continue
        answer: list[Block] = []
        j = i + 1
        while j < len(blocks) and marks[j] is None and isinstance(blocks[j], (Paragraph,)) :
            answer.append(blocks[j])
            j += 1
        out.append(Question((q,)))
        if answer:
            out.append(Answer(tuple(answer)))
        i = j
    return out
