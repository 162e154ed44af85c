"""The language transform: the document's language, and the paragraphs written in another one."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import ClassVar

from ..context import Context
from ..ir import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    Div,
    Document,
    Figure,
    Heading,
    OrderedList,
    Paragraph,
    Question,
    Table,
    Text,
    ThematicBreak,
    block_texts,
    document_texts,
    inline_text,
)
from ..ir.text import title_texts
from ..ir.walk import assert_never
from ..language import best_language, detect_document_language, normalize_language, score_languages

MIN_PARAGRAPH_LETTERS = 40
"""Shorter paragraphs keep the document's language: too little evidence to tell."""
MIN_PARAGRAPH_CONFIDENCE = 0.8
MIN_SCORE_LEAD = 1.5
"""How far a paragraph's language must score above the document's without distinctive letters."""

TextBlock = Paragraph | Heading


def choose_language(meta_language: str, texts: list[str], forced: str | None = None,
                    fallback: str | None = None) -> tuple[str, str]:
    """The language and how it was found: ``--lang``, the document's own tag, detection, or
    ``fallback`` (a bundle's ``--lang``) when nothing can be detected."""
    if forced:
        return normalize_language(forced) or forced, "from --lang"
    given = normalize_language(meta_language) if meta_language else None
    if given:
        return given, "from the document"
    lang, conf = detect_document_language(texts)
    how = f"detected ({conf:.2f})"
    if lang == "und" and fallback:
        lang, how = fallback, "from --lang (nothing to detect)"
    if meta_language:
        how += f"; the document's {meta_language!r} is no language tag"
    return lang, how


class _Marker:
    """Walks the blocks, marking paragraphs in another language and setting each Article's language."""

    def __init__(self, fallback: str | None = None) -> None:
        self.fallback = fallback
        self.found: Counter[str] = Counter()
        self.articles: list[str] = []

    def blocks(self, blocks: tuple[Block, ...], lang: str) -> tuple[Block, ...]:
        return tuple(self.block(b, lang) for b in blocks)

    def block(self, block: Block, lang: str) -> Block:
        match block:
            case Paragraph() | Heading():
                return self.mark(block, lang)
            case BlockQuote(blocks=b) | Question(blocks=b) | Answer(blocks=b) | Div(blocks=b):
                return replace(block, blocks=self.blocks(b, lang))
            case BulletList(items=items) | OrderedList(items=items):
                return replace(block, items=tuple(self.blocks(item, lang) for item in items))
            case Article(meta=meta, blocks=b):
                texts = title_texts(meta) + list(block_texts(b, lang))
                own, how = choose_language(meta.language, texts, fallback=self.fallback)
                self.articles.append(f"article {len(self.articles) + 1} {own} {how}")
                return Article(replace(meta, language=own), self.blocks(b, own))
            case Table(rows=rows):
                return replace(block, rows=tuple(tuple(self.blocks(c, lang) for c in row) for row in rows))
            case Figure() | CodeBlock() | ThematicBreak():
                return block
            case _:
                assert_never(block)

    def mark(self, block: TextBlock, lang: str) -> TextBlock:
        if block.lang is not None:
            return block
        inlines = block.inlines
        if len(inlines) == 1 and type(run := inlines[0]) is Text:  # one plain run: its text, without a walk
            text = run.text
        else:
            text = inline_text(inlines, lang)
        if len(text) < MIN_PARAGRAPH_LETTERS:  # as paragraph_language decides, before splitting the tag
            return block
        other = paragraph_language(text, lang.split("-")[0])
        if other is None:
            return block
        self.found[other] += 1
        return replace(block, lang=other)

    def summary(self) -> str:
        parts = [f"{n} paragraph{'s' if n > 1 else ''} in {code}" for code, n in sorted(self.found.items())]
        return "".join(f"; {p}" for p in self.articles + parts)


def paragraph_language(text: str, doc_lang: str) -> str | None:
    """The language of a paragraph when it clearly differs from ``doc_lang``, else None.

    Clear means: enough letters, a confident guess, and distinctive evidence — at least two
    letters the document language's alphabet lacks, or a score far above the document
    language's (so a Russian paragraph that merely has no ы is never called Bulgarian, while
    a Russian paragraph in a Kazakh article is found). Latin text becomes ``en`` only when
    it reads as English.
    """
    if len(text) < MIN_PARAGRAPH_LETTERS:  # cannot hold enough letters to be told apart: not scored
        return None
    scores = score_languages(text)
    lang, conf = best_language(scores)
    if lang in ("und", doc_lang) or conf < MIN_PARAGRAPH_CONFIDENCE:
        return None
    if lang == "en":
        enough = scores.latin >= MIN_PARAGRAPH_LETTERS and len(text.split()) >= 5
        return "en" if enough else None
    if scores.cyrillic < MIN_PARAGRAPH_LETTERS:
        return None
    distinct_letters = scores.foreign.get(doc_lang, 2) >= 2
    far_ahead = scores.scores[lang] - scores.scores.get(doc_lang, float("-inf")) >= MIN_SCORE_LEAD
    return lang if distinct_letters or far_ahead else None


class DetectLanguage:
    """Set the document language (``--lang``, the document's own, or detected) and mark paragraphs in others."""

    name: ClassVar[str] = "language"
    description: ClassVar[str] = "detect the language of the document and of paragraphs in another language"
    order: ClassVar[int] = 20

    def apply(self, doc: Document, ctx: Context) -> Document:
        """Return ``doc`` with ``meta.language`` set and ``lang`` on paragraphs that differ.

        In a bundle each Article keeps its own language tag or gets one detected (``--lang``
        sets the bundle's language only, and is the fallback where nothing can be detected).
        """
        settings = ctx.settings
        lang, how = choose_language(doc.meta.language, document_texts(doc), settings.language,
                                    settings.fallback_language)
        marker = _Marker(settings.fallback_language)
        blocks = marker.blocks(doc.blocks, lang)
        ctx.diagnostics.info("language", f"language {lang} {how}{marker.summary()}")
        return Document(replace(doc.meta, language=lang), blocks)
