"""Generated hostile and damaged inputs for the hostile-input suite (issue 9).

Each case is made on the fly (nothing large is stored): a file name, its bytes, what the
conversion must do (``ok``: convert, ``error``: refuse with one clean line), which words must
survive into the output, and whether a warning must be reported (then ``--strict`` must fail).
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass, field

from article_convert.ir import BlockQuote, Document, Emph, Metadata, Paragraph, Text, document_to_json

PROSE = (
    "Городской совет утвердил новый план развития набережной. Работы начнутся весной, "
    "а завершить их обещают к осени следующего года. Жители просили сохранить старые липы."
)


@dataclass(frozen=True)
class Case:
    """One hostile input and what must happen to it."""

    id: str
    name: str
    data: bytes
    outcome: str = "ok"  # "ok" or "error"
    keep: tuple[str, ...] = ()
    """Words that must be in the JSON output (no silent loss)."""
    warns: bool = False
    """A repair or removal happens: it must be a warning, and --strict must make it an error."""
    formats: tuple[str, ...] = ("json",)
    extra_args: tuple[str, ...] = field(default=())


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\ntags: *a{levels - 1}\n---\n\nТекст статьи.\n"


def _nested_quotes_ir(depth: int) -> str:
    block: Paragraph | BlockQuote = Paragraph((Text("глубина"),))
    for _ in range(depth):
        block = BlockQuote((block,))
    return document_to_json(Document(Metadata(title="Заголовок"), (Paragraph((Text("начало"),)), block)))


def _nested_emph_ir(depth: int) -> str:
    inner: Text | Emph = Text("глубина")
    for _ in range(depth):
        inner = Emph((inner,))
    return document_to_json(Document(Metadata(title="Заголовок"), (Paragraph((Text("начало "), inner)),)))


def _random(seed: int, n: int, low: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


ALL_FORMATS = ("json", "docx", "pdf", "epub", "fb2")

SENTENCES = "Городской совет утвердил новый план. Работы начнутся весной, а завершат их к осени. "


def _one_paragraph(size: int, unit: str = SENTENCES) -> str:
    """One paragraph of about ``size`` UTF-8 bytes of ``unit`` repeated, ending in a marker word."""
    return unit * (size // len(unit.encode())) + "Последнееслово."


def _md_flood(unit: str, count: int) -> bytes:
    """A Markdown paragraph with ``count`` copies of ``unit`` between two marker words."""
    return ("# T\n\nначало " + unit * count + " конец\n").encode()


def cases() -> list[Case]:
    """Every hostile case (about 25), cheap to generate."""
    utf8 = ("Заголовок\n\n" + PROSE + "\n").encode()
    return [
        # --- memory and time bombs
        Case("yaml-alias-bomb", "bomb.md", _alias_bomb(10).encode(), keep=("Текст",), warns=True),
        Case("yaml-deep-nesting", "deep-yaml.md",
             ("---\ntitle: " + "[" * 20000 + "]" * 20000 + "\n---\n\nТекст статьи.\n").encode(),
             keep=("Текст",), warns=True),
        Case("yaml-huge-front-matter", "big-yaml.md",
             ("---\ntitle: T\nnote: " + "x" * 200_000 + "\n---\n\nТекст статьи.\n").encode(),
             keep=("Текст",), warns=True),
        Case("md-quotes-1000-deep", "q.md", ("# T\n\n" + "> " * 1000 + "глубина\n").encode(),
             keep=("глубина",), warns=True, formats=ALL_FORMATS),
        Case("md-lists-300-deep", "l.md",
             ("# T\n\n" + "".join("  " * i + f"* Пункт{i}\n" for i in range(300))).encode(),
             keep=("Пункт0", "Пункт150", "Пункт299"), warns=True, formats=ALL_FORMATS),
        Case("md-emphasis-300", "e.md", ("# T\n\nначало " + "*_" * 300 + "глубина" + "_*" * 300 + "\n").encode(),
             keep=("глубина",), formats=ALL_FORMATS),
        Case("md-delimiters-no-space", "d.md", ("# T\n\n" + "a*" * 10000 + "\n").encode(), keep=("T",)),
        Case("ir-json-300-deep", "deep.json", _nested_quotes_ir(300).encode(), outcome="error"),
        Case("ir-json-60-deep", "deep60.json", _nested_quotes_ir(60).encode(),
             keep=("глубина",), warns=True, formats=ALL_FORMATS),
        Case("ir-json-emphasis-70", "em70.json", _nested_emph_ir(70).encode(),
             keep=("глубина",), warns=True, formats=ALL_FORMATS),
        Case("json-arrays-100k-deep", "arr.json", b"[" * 100_000 + b"]" * 100_000, outcome="error"),
        Case("json-5000-digit-number", "num.json",
             b'{"format": "article-convert-ir", "version": 1, "document": ' + b"9" * 5000 + b"}", outcome="error"),
        Case("html-quotes-200-deep", "q.html",
             ("<html><body><article><h1>T</h1><p>Начало текста статьи.</p>" + "<blockquote>" * 200
              + "<p>глубина</p>" + "</blockquote>" * 200 + "</article></body></html>").encode(),
             keep=("глубина",), warns=True, formats=ALL_FORMATS),
        Case("html-list-start", "ol.html",
             ('<html><body><article><h1>T</h1><p>Текст статьи.</p><ol start="²"><li>Первый</li></ol>'
              f'<ol start="{"9" * 5000}"><li>Второй</li></ol><ol start="99999999999"><li>Третий</li></ol>'
              "</article></body></html>").encode(),
             keep=("Первый", "Второй", "Третий"), warns=True, formats=ALL_FORMATS),
        Case("html-span-bomb", "spans.html",  # 64 x 64 cells of colspan=64 rowspan=64: 8 million grid cells
             ("<html><body><article><h1>T</h1><p>Текст статьи.</p><table>"
              + ("<tr>" + "<td colspan=64 rowspan=64>Клетка</td>" * 64 + "</tr>") * 64
              + "</table><p>Последнееслово.</p></article></body></html>").encode(),
             keep=("Клетка", "Последнееслово"), formats=("json", "docx", "pdf")),
        Case("code-long-unbroken-line", "minified.md",  # a minified script: one line, no space (PDF was quadratic)
             ("# T\n\nТекст статьи.\n\n```\n" + "x" * 200_000 + "\n```\n\nПоследнееслово.\n").encode(),
             keep=("x" * 200_000, "Последнееслово"), formats=("json", "pdf")),
        Case("cover-of-a-30000-letter-title", "longtitle.txt", utf8, keep=("липы",), formats=("json", "epub"),
             extra_args=("--cover", "-M", "title=" + "Ж" * 30_000)),  # the cover fitted it for minutes
        Case("pdf-title-of-100000-letters", "title.md",  # the running header shortened it quadratically, per page
             ("# " + "ж" * 100_000 + "\n\nТекст статьи, Последнееслово.\n").encode(),
             keep=("Последнееслово",), formats=("json", "pdf")),
        Case("many-links", "links.md",
             ("# Ссылки\n\n" + "\n\n".join(f"Абзац [ссылка](https://example.org/{i})" for i in range(1500))).encode(),
             keep=("Абзац",), formats=("json", "docx")),
        # --- one huge paragraph (issue 9: memory grew ~100 bytes per character; now split, linear)
        Case("huge-paragraph-txt", "one.txt", ("Заголовок\n\n" + _one_paragraph(1 << 20)).encode(),
             keep=("Последнееслово",), warns=True, formats=("json", "docx")),
        Case("huge-paragraph-md-inlines", "one.md",
             ("# Заголовок\n\n" + _one_paragraph(400_000, "Совет *утвердил план*. Работы [начнутся](https://e.org) "
                                                  "весной. ") + "\n").encode(),
             keep=("Последнееслово", "https://e.org"), warns=True),
        Case("huge-paragraph-html", "one.html",
             ("<html><body><article><h1>Заголовок</h1><p>" + _one_paragraph(400_000)
              + "</p></article></body></html>").encode(), keep=("Последнееслово",), warns=True),
        Case("hard-wrapped-one-paragraph", "wrapped.txt",
             ("Заголовок\n\n" + "\n".join(["слово " * 11] * 15_000) + "\nПоследнееслово\n").encode(),
             keep=("Последнееслово",), warns=True),
        # --- Markdown floods: linear, and a bracket no "]" follows costs what a letter costs
        Case("md-bracket-flood", "br.md", _md_flood("[", 400_000), keep=("начало", "конец"), warns=True),
        Case("md-bracket-word-flood", "brw.md", _md_flood("[a ", 100_000), keep=("начало", "конец"), warns=True),
        Case("md-image-flood", "img.md", _md_flood("![", 200_000), keep=("начало", "конец"), warns=True),
        Case("md-inline-note-flood", "note.md", _md_flood("^[", 200_000), keep=("начало", "конец"), warns=True),
        Case("md-nested-brackets", "nest.md", _md_flood("[", 20_000)[:-8] + b"]" * 20_000 + " конец\n".encode(),
             keep=("начало", "конец"), warns=True),
        Case("md-unclosed-links", "ul.md", _md_flood("[a](b", 20_000), keep=("начало", "конец"), warns=True),
        Case("md-mixed-delimiters", "mix.md", _md_flood("*a_ ", 40_000), keep=("начало", "конец"), warns=True),
        Case("md-angle-entity-backtick-flood", "lt.md", _md_flood("<a&#`", 30_000), keep=("начало", "конец"),
             warns=True),
        # --- item 11: one long unbroken word, cut (marked) in linear time and kept on the page
        Case("long-unbroken-word", "word.txt", ("Заголовок\n\nНачало " + "ж" * 12_000 + " Последнееслово.\n").encode(),
             keep=("ж" * 12_000, "Последнееслово"), formats=("json", "pdf")),
        # --- damaged text
        Case("utf8-cut-inside-a-character", "cut.txt", utf8 + "ж".encode()[:1], keep=("Городской",), warns=True),
        Case("utf8-stray-cp1251-byte", "stray.txt", utf8[:60] + b" \xe6 " + utf8[60:], keep=("набережной",),
             warns=True),
        Case("utf8-cesu-surrogate", "cesu.txt", utf8 + b"\xed\xa0\xbd\xed\xb8\x80", keep=("липы",), warns=True),
        Case("utf16-le-without-bom", "u16le.txt", ("Заголовок\n\n" + PROSE).encode("utf-16-le"), keep=("липы",)),
        Case("utf16-be-without-bom", "u16be.txt", ("Заголовок\n\n" + PROSE).encode("utf-16-be"), keep=("липы",)),
        Case("utf32-with-bom", "u32.txt", ("Заголовок\n\n" + PROSE).encode("utf-32"), keep=("липы",)),
        Case("controls-everywhere", "ctl.txt", ("ab\x01\x02" * 500).encode(), outcome="error"),
        Case("random-bytes", "rand.txt", _random(1, 5000, 1), outcome="error"),
        Case("random-high-bytes", "randhi.txt", _random(2, 5000, 0x80), outcome="error"),
        Case("legacy-cp1251", "cp.txt", ("Заголовок\n\n" + PROSE).encode("cp1251"), keep=("липы",)),
        Case("bom-then-garbage", "bom.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfa" * 100, outcome="error"),
        Case("surrogate-escapes-in-yaml", "sur.md",
             b'---\ntitle: "\\ud800 T"\nauthor: "\\udcff"\n---\n\n' + PROSE.encode() + b"\n", keep=("липы",),
             warns=True, formats=ALL_FORMATS),
        Case("impossible-date", "date.md", ("---\ntitle: T\ndate: 2025-02-30\n---\n\n" + PROSE).encode(),
             keep=("липы",), warns=True, formats=ALL_FORMATS),
    ]
