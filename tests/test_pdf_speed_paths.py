"""Issue 18 (in-process PDF cost): each shortcut of the PDF writer gives what reportlab's own path gave.

libdeflate for the Flate streams (same decoded bytes, zlib when the package is missing); font subsets
built by our own copy of reportlab's subsetter (byte-identical); reportlab's object formatting with an
ASCII fast path; the typography rules' faster patterns (the same edits as the old ones, kept here)."""

from __future__ import annotations

import io
import re
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.writers.pdf import PdfWriter, flate
from tests.documents import kitchen_sink

NOW = datetime(2025, 12, 4, 10, 30, tzinfo=timezone.utc)


def _ctx() -> Context:
    return Context(options=ConvertOptions(), diagnostics=Diagnostics(), now=NOW, base_dir=Path.cwd())


def _decoded_streams(data: bytes) -> list[bytes]:
    pdf = pikepdf.open(io.BytesIO(data))
    return sorted(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream))


def test_issue18_libdeflate_streams_decode_to_what_zlib_wrote(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF written with libdeflate's compressor has the same streams, decoded, as with zlib's,
    and zlib (what a viewer's /FlateDecode is) reads every one of them."""
    from reportlab.pdfbase import pdfdoc

    assert flate.install() is True  # ``deflate`` is a dependency
    ours = PdfWriter().write(kitchen_sink(), _ctx())
    monkeypatch.setattr(pdfdoc.PDFStreamFilterZCompress, "encode",
                        lambda self, text: zlib.compress(text.encode("utf8") if isinstance(text, str) else text))
    theirs = PdfWriter().write(kitchen_sink(), _ctx())
    monkeypatch.undo()
    assert ours != theirs  # really another compressor
    assert _decoded_streams(ours) == _decoded_streams(theirs)
    pdf = pikepdf.open(io.BytesIO(ours))
    raw = [obj.read_raw_bytes() for obj in pdf.objects
           if isinstance(obj, pikepdf.Stream) and "/FlateDecode" in str(obj.get("/Filter"))]
    assert raw and all(zlib.decompress(r) for r in raw)


def test_issue18_without_libdeflate_reportlabs_zlib_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``deflate`` package (a Python it has no wheel for), or one that does not compress as the
    tested version does: no compressor, reportlab's zlib stays."""
    monkeypatch.setitem(sys.modules, "deflate", None)  # any import of it now fails
    assert flate.compressor() is None
    import types

    odd = types.ModuleType("deflate")
    odd.zlib_compress = lambda data: data  # type: ignore[attr-defined]  # another version's signature
    monkeypatch.setitem(sys.modules, "deflate", odd)
    assert flate.compressor() is None
    monkeypatch.undo()
    packed = flate.compressor()
    assert packed is not None and zlib.decompress(packed(b"abc" * 1000)) == b"abc" * 1000


def _bundled_faces() -> list[Path]:
    from article_convert import fonts

    families = (fonts.body_family(), fonts.heading_family(), fonts.fallback_family())
    return sorted({p for fam in families for p in fam.faces().values()})


@pytest.mark.parametrize("path", _bundled_faces(), ids=lambda p: p.stem)
def test_issue18_fast_subset_is_byte_identical_to_reportlabs(path: Path) -> None:
    """Every bundled face: random subsets, the composite glyphs (accented letters: their parts join
    the subset and get new indices), codes the face lacks and a subset of one glyph give exactly
    the font file reportlab's ``makeSubset`` gives."""
    import random

    from reportlab.pdfbase.ttfonts import TTFontFile

    from article_convert.writers.pdf import subset
    from article_convert.writers.pdf.ttfcache import load_face

    face = load_face(path)
    codes = sorted(face.charToGlyph)
    start, _ = face.get_table_pos("glyf")

    def is_composite(code: int) -> bool:
        glyph = face.charToGlyph[code]
        at, length = start + face.glyphPos[glyph], face.glyphPos[glyph + 1] - face.glyphPos[glyph]
        return length >= 10 and int.from_bytes(face._ttf_data[at:at + 2], "big", signed=True) < 0

    composite = [c for c in codes if is_composite(c)]
    assert composite  # the test sees the composite path
    rng = random.Random(path.stem)
    subsets = [[0] * 32 + rng.sample(codes, min(220, len(codes))) for _ in range(3)]
    subsets += [[0] * 32 + composite[:200], [0] * 32 + [0x10FFFF, 0xE000], [0, 32]]
    for codes_ in subsets:
        assert subset.make_subset(face, codes_) == TTFontFile.makeSubset(face, codes_)
    assert face.makeSubset(subsets[0]) == TTFontFile.makeSubset(face, subsets[0])  # the cached face uses it


def test_issue18_fast_subset_leaves_an_odd_glyph_to_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    """A glyph the fast path cannot read as reportlab does (too short): reportlab's own subsetter runs."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from article_convert.writers.pdf import subset
    from article_convert.writers.pdf.ttfcache import load_face

    face = load_face(_bundled_faces()[0])
    face.__dict__.pop("_ac_components", None)  # nothing read yet for this face
    calls: list[int] = []

    def odd(glyf: bytes, pos: int, length: int) -> subset.Components:
        calls.append(pos)
        raise subset._Odd

    monkeypatch.setattr(subset, "_components", odd)
    codes = [0] * 32 + sorted(face.charToGlyph)[:50]
    assert subset.make_subset(face, codes) == TTFontFile.makeSubset(face, codes) and calls


def test_issue18_fast_pdfdoc_encoding_gives_reportlabs_bytes_and_errors() -> None:
    """Every character up to U+017F alone and inside ASCII text, and mixed strings: the same bytes
    as reportlab's ``extpdfdoc`` codec, or the same error; bytes pass through untouched."""
    from reportlab.pdfbase import pdfdoc

    from article_convert.writers.pdf.pdfformat import fast_encoder

    def slow(x: object) -> object:
        return x.encode("extpdfdoc") if isinstance(x, str) else x

    fast = fast_encoder(slow)
    samples = [chr(c) for c in range(0x180)] + [f"/Type /Font {chr(c)} 12 0 R\n" for c in range(0x180)]
    samples += ["", "Заголовок", "\u2014", "obj\n<< /Length 3 >>", "a\x18b", "(\\)"]
    for text in samples:
        try:
            expected: object = slow(text)
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                fast(text)
            continue
        assert fast(text) == expected, repr(text)
    assert fast(b"\x18raw") == b"\x18raw"
    from article_convert.writers.pdf.pdfformat import install

    install()
    original = pdfdoc.PDFName.__wrapped__  # the remembered names are reportlab's own
    for name in ("Type", "a b#", "Заг", "F1+0", "x/y", "Type"):
        assert pdfdoc.PDFName(name) == original(name)


# The typography rules' patterns before issue 18 rewrote them to start with what they consume (the oracle).
_UNITS_OLD = (
    "км|м|см|гг|вв|мм|кг|г|мг|т|л|мл|га|кв|куб|руб|р|коп|тыс|млн|млрд|трлн|долл|евро|тенге|теңге|тг|мың|"
    "грн|тис|дин|лв|лева|чел|шт|мин|ч|сек|°C|°|%|‰|₽|₸|₴|\\$|€|км/ч|м²|км²"
)
_PARTICLE_OLD = r"(?:же|ли|бы|ль|б|ж)(?![^\W\d_])"
_DASH_OLD = r"(?P<dash>--|[-–—])"
OLD_TYPOGRAPHY_PATTERNS = {
    "ELLIPSIS": r"(?<!\.)\.\.\.(?!\.)",
    "SPACED_DASH": r"(?<=\S)(?P<sp>[ \u00a0])" + _DASH_OLD + r"(?=[ \u00a0\n]|$)",
    "LINE_START_DASH": r"(?:^|(?<=\n))" + _DASH_OLD + r"(?P<sp>[ \u00a0])(?=\S)",
    "NUMBER_RANGE": r"(?<![\w.,\-–—/:])\d{1,4}(?P<dash>[-—])\d{1,4}(?![\w\-–—/]|[.,]\d)",
    "SHORT_WORD": r"(?<!\d\u00a0)(?<![\w\-'’.])(?!" + _PARTICLE_OLD + r")[^\W\d_]{1,2}(?P<sp> )(?=\S)",
    "PARTICLE": r"(?<=[^\W\d_])(?P<sp> )(?=" + _PARTICLE_OLD + ")",
    "INITIALS": r"(?<!\w)(?P<i>[^\W\d_])\.(?P<sp> )(?=[^\W\d_])",
    "NAME_BEFORE_INITIALS": r"(?<=[^\W\d_]{2})(?P<sp> )(?=(?P<i>[^\W\d_])\.[ \u00a0]?(?P<j>[^\W\d_])\.)",
    "ABBREVIATION": r"(?<!\w)[тТ]\.(?P<sp> )(?=[едпкн]\.)",
    "NUMBER_UNIT": r"(?<=\d)(?P<sp> )(?=(?:" + _UNITS_OLD + r")(?![^\W\d_]))",
    "NUMERO": r"[№§](?P<sp> )(?=\d)",
    "THOUSANDS": r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)",
}
_TYPO_ALPHABET = "ааТтеЖжлибыьАБВ ПkmIiJ.., ...\u00a0\u00a0\n--–—№§%$€0123456789кмгчтыс'’/:@"


def _typography_cases() -> list[str]:
    """Paragraph texts of the seed and of shared articles, plus constructed edge cases."""
    texts = [line for p in [Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt",
                            *sorted((Path(__file__).resolve().parents[2] / "shared" / "articles").glob("*.txt"))[:8]]
             if p.exists() for line in p.read_text(encoding="utf-8", errors="replace").split("\n\n")]
    edge = [
        "— Да, — сказал он...", "....", "a...b", "1941-1945 гг. и 10 000 км", "т. е. А. С. Пушкин", "№ 5 § 2",
        "Т. е. так", "Т. к. так", "т. п.", "от. е.", "я И. И. Иванов", "Иванов И. И.", "Ив И.И.", "ab C. D.",
        "и И. И.", "5 км", "5 кмх", "10 %", "3 ч", "3 чел.", "2 м²", "№5", "12 345", "1 234 567", "1.234 567",
        "12 3456", "1941—1945", "a1941-1945", "12-13-14", "1-2.5", "слово - слово", "слово — слово",
        "слово -- слово", "слово\u00a0- слово", " - ", "- Привет", "-- Привет", "x\n- y", "x\n-- y", "- a",
        "a -- b", "x\n— y", "12 345 678,5", "он же пришёл, ли бы", "кот бы", "а бы", "ж", "в дом", "к 5 домам",
        "5\u00a0в дом", "x-в дом", "’в дом", "в.д ом", "-", "", " ", "А.Б. Ив И. И.",
    ]
    return texts + edge


def _rule_pairs() -> list[tuple[str, object, object]]:
    from article_convert.transforms import typography_rules as tr

    out = []
    for name, old in OLD_TYPOGRAPHY_PATTERNS.items():
        new_rule = getattr(tr, name)
        # the old pattern, the same edits, no prefilter (an empty pattern is found in every text)
        out.append((name, new_rule, tr.Rule(old, new_rule.make, needs=re.compile(""))))
    return out


def _edits(rule: object, text: str, locked_at: int | None = None) -> dict[int, str]:
    from article_convert.transforms.typography_rules import Flat

    flat = Flat()
    flat.add(text, 0)
    if locked_at is not None and text:
        flat.locked[locked_at % len(text)] = True
    return rule(flat)  # type: ignore[operator, no-any-return]


def test_issue18_typography_rules_edit_like_their_old_patterns_on_articles() -> None:
    """Each rewritten rule (pattern starting with what it consumes, a cheap test of what every match
    needs) makes the same edits as its old pattern on real paragraphs and edge cases."""
    for name, new, old in _rule_pairs():
        for text in _typography_cases():
            assert _edits(new, text) == _edits(old, text), (name, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TYPO_ALPHABET, max_size=40), st.integers(min_value=0, max_value=40))
def test_issue18_typography_rules_edit_like_their_old_patterns_on_random_text(text: str, lock: int) -> None:
    """Random texts of the characters the rules look at, with and without a locked character."""
    for name, new, old in _rule_pairs():
        assert _edits(new, text) == _edits(old, text), (name, text)
        assert _edits(new, text, lock) == _edits(old, text, lock), (name, text, lock)


def _old_clean(positions: list[int], word: str) -> list[int]:
    """The hyphenation's shared rules before issue 18's faster version (the oracle)."""
    from article_convert.hyphenation import _NO_TAIL_START, LEFT_MIN, RIGHT_MIN, VOWELS

    ok = sorted({p for p in positions if LEFT_MIN <= p <= len(word) - RIGHT_MIN})
    ok = [p for p in ok if word[p] not in _NO_TAIL_START]
    ok = [p for p in ok if VOWELS.intersection(word[:p]) and VOWELS.intersection(word[p:])]
    lone = {p for p in ok if p + 1 in ok and word[p] not in VOWELS}
    return [p for p in ok if p not in lone]


def _old_positions(word: str, lang: str) -> tuple[int, ...]:
    from article_convert.hyphenation import LEFT_MIN, RIGHT_MIN, _is_mark, _splitter

    split = _splitter(lang)
    if split is None or any(ch.isdigit() for ch in word):
        return ()
    result: list[int] = []
    offset = 0
    for part in word.split("-"):
        if part:
            if part.isalpha():
                plain, index = part, None
            else:
                kept = [(i, ch) for i, ch in enumerate(part) if not _is_mark(ch)]
                plain, index = "".join(ch for _, ch in kept), [i for i, _ in kept]
            if len(plain) >= LEFT_MIN + RIGHT_MIN:
                raw = [p for p in split(plain.replace("ё", "е").replace("Ё", "Е")) if 0 < p < len(plain)]
                cleaned = _old_clean(raw, plain)
                result.extend(offset + (p if index is None else index[p]) for p in cleaned)
        offset += len(part) + 1
    return tuple(result)


_HYPH_LANGS = {"ru": "ru", "uk": "uk", "kk": "kk", "sr": "sr", "be": "be", "bg": "bg", "tt": "ru", "ba": "ru"}


def test_issue18_fast_hyphenation_rules_give_the_old_positions_on_corpus_words() -> None:
    """Every distinct word of the shared corpus (each in its language, in English too), with ё,
    capitals, inner hyphens, stress marks and digits: the same break positions as before."""
    import re

    from article_convert import hyphenation

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not at {corpus}")
    words: dict[str, set[str]] = {}
    for folder, lang in _HYPH_LANGS.items():
        for path in sorted((corpus / folder).glob("*.txt"))[:6]:
            text = path.read_bytes().decode("utf-8", "replace")
            words.setdefault(lang, set()).update(re.findall(r"[\w\u0301-]{2,}", text))
    words["en"] = {w for ws in words.values() for w in ws if w.isascii()} | {"hyphenation", "Ω-meter"}
    words["ru"] |= {"ёлочка", "Ёжик", "при\u0301мер", "Касым-Жомарта", "из-за", "е2е4", "инфор\u0301мация", "ьъ"}
    hyphenation._positions_cached.cache_clear()
    checked = 0
    for lang, ws in words.items():
        for word in sorted(ws):
            assert hyphenation.break_positions(word, lang) == list(_old_positions(word, lang)), (lang, word)
            checked += 1
    assert checked > 5000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="аеёиоуыьъйклмнпрстхщЁЪАОaeiouxyzb-\u0301", min_size=1, max_size=14),
       st.sampled_from(["ru", "uk", "en", "kk", "bg"]))
def test_issue18_fast_hyphenation_rules_give_the_old_positions_on_random_words(word: str, lang: str) -> None:
    """Random letter strings (vowel-less runs, ь/ъ, marks, hyphens): the same positions as before."""
    from article_convert import hyphenation

    assert hyphenation._positions_cached.__wrapped__(word, lang) == _old_positions(word, lang)


def _frag_state(frag: object) -> dict[str, object]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in vars(frag).items()}


def test_issue18_plain_paragraph_fragments_equal_reportlabs_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every paragraph the PDF writer makes of the seed and shared articles (body, headings, lead,
    interview turns, captions): the fragments made without the XML parser equal the parser's, and
    no two paragraphs share a fragment's lists."""
    from reportlab.platypus.paragraph import Paragraph

    from article_convert.pipeline import load_source, make_context, read_source
    from article_convert.writers.pdf.blocks import _paragraph_class

    made: list[tuple[object, ...]] = []
    cls = _paragraph_class()
    real = cls.__init__

    def record(self: object, text: str, style: object, bulletText: object = None, **k: object) -> None:
        real(self, text, style, bulletText=bulletText, **k)
        if not isinstance(text, str) or k.get("frags") is not None:
            return  # a part of a split paragraph: reportlab passes its fragments
        frags = self.frags  # type: ignore[attr-defined]
        lists = [v for f in frags for v in vars(f).values() if isinstance(v, list)]  # kept alive: ids stay unique
        made.append((text, style, bulletText, self.text, [_frag_state(f) for f in frags], lists))  # type: ignore[attr-defined]

    monkeypatch.setattr(cls, "__init__", record)
    paths = [Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt",
             *sorted((Path(__file__).resolve().parents[2] / "shared" / "articles").glob("*.txt"))[:6]]
    for path in paths:
        source = load_source(path)
        ctx = make_context(source, ConvertOptions())
        ctx.now = NOW
        PdfWriter().write(read_source(source, ctx), ctx)
    monkeypatch.undo()
    plain = 0
    for text, style, bullet, own_text, states, _ in made:
        parsed = Paragraph(text, style, bulletText=bullet)  # reportlab's own parse
        assert own_text == parsed.text and style is parsed.style
        assert states == [_frag_state(f) for f in parsed.frags], text
        plain += "<" not in text and "&" not in text  # type: ignore[operator]
    assert plain > 50
    plain_lists = [id(v) for text, *_, lists in made if "<" not in text and "&" not in text  # type: ignore[operator]
                   for v in lists]  # type: ignore[attr-defined]
    assert len(plain_lists) == len(set(plain_lists))  # no two paragraphs share a fragment's list


def test_issue18_plain_paragraph_shortcut_leaves_markup_and_empty_text_to_the_parser() -> None:
    """Markup, entities, bullets and texts empty after cleaning are parsed as before."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from article_convert.writers.pdf.paragraph import _plain_frags

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=11)
    assert _plain_frags(style, "", cleanBlockQuotedText) is None
    one, two = _plain_frags(style, "a b", cleanBlockQuotedText), _plain_frags(style, "c", cleanBlockQuotedText)
    assert one and two and one[0].text == "a b" and two[0].text == "c" and one[0].link is not two[0].link
    other = _plain_frags(ParagraphStyle("u", fontName="Courier", fontSize=8), "a", cleanBlockQuotedText)
    assert other and other[0].fontName == "Courier" and other[0].fontSize == 8


def test_issue18_glyph_clean_searches_before_translating() -> None:
    """``clean`` (soft hyphens, zero-width and control characters out) gives what the plain
    translation gives for every character up to U+3000 and the special ones above it."""
    from article_convert.writers.pdf.glyphs import DROP, clean

    for code in [*range(0x3000), 0xFEFF, 0x2060]:
        text = f"а{chr(code)}б"
        assert clean(text) == text.translate(DROP), hex(code)
    assert clean("x\u00ady\u200b\tz") == "xy z"


def _old_word_lang(word: str, lang: str) -> str:
    """``linebreak.word_lang`` before issue 18 (the oracle)."""
    import re

    base = lang.split("-")[0].lower()
    if re.search(r"[\u0400-\u052f]", word):
        if set("әғқңөұүһӘҒҚҢӨҰҮҺ").intersection(word) and base != "kk":
            return "kk"
        if set("їєґЇЄҐ").intersection(word) and base != "uk":
            return "uk"
        return "ru" if base == "en" else lang
    if re.search(r"[A-Za-z]", word) and base != "en":
        return "en"
    return lang


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="абвәқңїєґЇҚaBz-1 ", max_size=8), st.sampled_from(["ru", "kk", "uk", "en", "sr-Cyrl", "EN-us", ""]))
def test_issue18_word_language_by_regex_equals_the_set_version(word: str, lang: str) -> None:
    """Which language a word is hyphenated in: the same answer as before the regex shortcut."""
    from article_convert.writers.pdf.linebreak import word_lang

    assert word_lang(word, lang) == _old_word_lang(word, lang)


def test_issue18_tounicode_map_from_remembered_pieces_equals_formatting_each_entry() -> None:
    """The ToUnicode map built from remembered code and destination strings: the text formatting
    every entry gives, for subsets of 1 to 256 codes (and a longer list), BMP and beyond."""
    import random

    from article_convert.writers.pdf.tounicode import _utf16_hex, make_to_unicode_cmap

    def formatted(name: str, subset: list[int]) -> str:
        entries = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
        head = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
                f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def",
                f"/CMapName /{name} def", "/CMapType 2 def", "1 begincodespacerange",
                f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar"]
        tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(head + entries + tail)

    rng = random.Random(18)
    subsets = [[0], list(range(256)), list(range(300)), [0x1F600, 0x10FFFF, 0xFFFF, 0xD7FF]]
    subsets += [[rng.choice([rng.randrange(0x500), rng.randrange(0x10000, 0x1F700)]) for _ in range(n)]
                for n in (1, 2, 37, 128, 255, 256)]
    for subset in subsets:
        assert make_to_unicode_cmap("AAAAAA+NotoSerif", subset) == formatted("AAAAAA+NotoSerif", subset)


def test_issue18_number_arrays_format_like_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrays of numbers (1 to 300 ints and floats, negative, tiny, huge), a compact array, a
    multi-line setting and arrays holding other things: the bytes reportlab's own format gives."""
    import random

    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    from article_convert.writers.pdf.pdfformat import install

    install()
    fast = pdfdoc.PDFArray.format
    slow = next(c.cell_contents for c in fast.__closure__ if getattr(c.cell_contents, "__name__", "") == "format")
    rng = random.Random(18)
    doc = pdfdoc.PDFDocument()

    def number() -> object:
        return rng.choice([rng.randrange(-3000, 3000), rng.uniform(-1e4, 1e4), rng.random(), 0, 0.0, 1e-7, 2.5e6])

    arrays = [[number() for _ in range(n)] for n in (1, 2, 9, 10, 11, 20, 21, 130, 300)]
    arrays += [[1, "/Name", 2.5], [True, 3], [pdfdoc.PDFName("X")], [1, 2, pdfdoc.PDFString("t")]]
    for multiline in (0, 1):
        monkeypatch.setattr(rl_config, "pdfMultiLine", multiline)
        for seq in arrays:
            for cls in (pdfdoc.PDFArray, pdfdoc.PDFArrayCompact):
                array = cls(seq)
                assert fast(array, doc) == slow(array, doc), (cls.__name__, multiline, seq)
