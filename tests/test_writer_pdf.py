"""The PDF writer: read the produced PDF back (text, fonts, glyphs, metadata, outline, pages)."""

from __future__ import annotations

import io
import re
import unicodedata
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pypdf
import pytest

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.errors import StrictModeError
from article_convert.ir import (
    Document,
    Figure,
    Image,
    Metadata,
    Note,
    Paragraph,
    Question,
    Text,
)
from article_convert.ir.text import document_words, words
from article_convert.profiles import PAPER_SIZES_MM
from article_convert.writers.pdf import PdfWriter
from tests.documents import interview, kitchen_sink, p

NOW = datetime(2025, 12, 4, 10, 30, 0, tzinfo=timezone.utc)
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"


def make_ctx(**options: object) -> Context:
    opts = ConvertOptions(**options)  # type: ignore[arg-type]
    return Context(options=opts, diagnostics=Diagnostics(strict=opts.strict), now=NOW)


def write(doc: Document, ctx: Context | None = None) -> bytes:
    return PdfWriter().write(doc, ctx or make_ctx())


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


# --------------------------------------------------------------------------- text helpers


def page_lines(data: bytes) -> list[str]:
    """Text lines of every page without page furniture (page number, running header)."""
    r = reader(data)
    title = str((r.metadata or {}).get("/Title", ""))
    lines: list[str] = []
    for number, page in enumerate(r.pages, start=1):
        body = page.extract_text().split("\n")
        while body and (body[0].strip() == str(number) or (title and body[0].strip().rstrip("…") and
                                                              title.startswith(body[0].strip().rstrip("…"))
                                                              and number > 1)):
            body.pop(0)
        lines += body
    return lines


def tokens(lines: list[str]) -> list[set[str]]:
    """Words of the lines; a word split by a line-end hyphen becomes {joined, joined-with-hyphen}."""
    out: list[set[str]] = []
    carry = ""
    for line in lines:
        ws = words(line)
        if not ws:
            continue
        if carry:
            head = carry
            carry = ""
            out.append({head[:-1] + ws[0], head + ws[0]})
            ws = ws[1:]
        if ws and ws[-1].endswith("-") and len(ws[-1]) > 1:
            carry = ws.pop()
        out += [{w} for w in ws]
    if carry:
        out.append({carry})
    return out


def assert_words_in_order(expected: list[str], data: bytes) -> None:
    got = tokens(page_lines(data))
    i = 0
    for n, word in enumerate(expected):
        while i < len(got) and word not in got[i]:
            i += 1
        assert i < len(got), f"word {n} {word!r} missing (after {expected[max(0, n - 5):n]})"
        i += 1


def expected_words(doc: Document) -> list[str]:
    """document_words with footnote text moved to the end, where the PDF prints the notes."""
    notes: list[str] = []

    def strip(inlines):
        kept = []
        for node in inlines:
            if isinstance(node, Note):  # the PDF prints a superscript number and the note at the end
                notes.append(f"{len(notes) + 1}.")
                notes.extend(" ".join(words(t)) for t in _note_texts(node))
                kept.append(Text(str(sum(1 for n in notes if re.fullmatch(r"\d+\.", n)))))
            elif hasattr(node, "children"):
                kept.append(type(node)(**{**_fields(node), "children": strip(node.children)}))
            else:
                kept.append(node)
        return tuple(kept)

    from dataclasses import fields, replace

    def _fields(node):
        return {f.name: getattr(node, f.name) for f in fields(node)}

    def walk(block):
        if hasattr(block, "inlines"):
            return replace(block, inlines=strip(block.inlines))
        if hasattr(block, "blocks"):
            return replace(block, blocks=tuple(walk(b) for b in block.blocks))
        if hasattr(block, "items"):
            return replace(block, items=tuple(tuple(walk(b) for b in item) for item in block.items))
        return block

    body = Document(doc.meta, tuple(walk(b) for b in doc.blocks))
    return document_words(body) + words(" ".join(notes))


def _note_texts(note: Note) -> list[str]:
    from article_convert.ir.text import block_texts

    return list(block_texts(note.blocks))


def fonts_used(data: bytes) -> dict[str, dict]:
    """BaseFont -> font dictionary, over every page and form XObject."""
    found: dict[str, dict] = {}

    def visit(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                visit(xobj.get("/Resources"))

    for page in reader(data).pages:
        visit(page.get("/Resources"))
    return found


# --------------------------------------------------------------------------- words


def test_kitchen_sink_keeps_every_word_in_order() -> None:
    doc = kitchen_sink()
    data = write(doc)
    assert data.startswith(b"%PDF-")
    assert_words_in_order(expected_words(doc), data)


def test_interview_keeps_every_word_and_sets_questions_bold() -> None:
    doc = interview()
    data = write(doc)
    assert_words_in_order(document_words(doc), data)
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            runs.append((str(font["/BaseFont"]), text))

    reader(data).pages[0].extract_text(visitor_text=visit)
    bold = " ".join(t for f, t in runs if f.endswith("NotoSerif-Bold"))
    regular = " ".join(t for f, t in runs if f.endswith("NotoSerif-Regular"))
    assert "Насколько в США" in bold and "Какие сферы" in bold
    assert "Вашингтоне" in regular and "Вашингтоне" not in bold
    title = " ".join(t for f, t in runs if f.endswith("NotoSans-Bold"))
    assert "Якорная роль" in title


def test_interview_turns_open_with_a_dash() -> None:
    lines = [line.strip() for line in page_lines(write(interview()))]
    assert any(line.startswith("— Насколько") for line in lines)
    assert any(line.startswith("— В Вашингтоне") for line in lines)


def test_soft_hyphens_never_reach_the_text_layer() -> None:
    word = "со\u00adтруд\u00adни\u00adче\u00adство"
    doc = Document(Metadata(title="Тест", language="ru"), (p(" ".join([word] * 300)),))
    data = write(doc)
    text = "".join(page.extract_text() for page in reader(data).pages)
    assert "\u00ad" not in text
    got = tokens(page_lines(data))
    assert sum(1 for t in got if "сотрудничество" in t) == 300


def test_long_lines_are_hyphenated_in_the_document_language() -> None:
    text = ("Взаимодействие государственных институтов предполагает последовательное "
            "совершенствование законодательства и всестороннее сотрудничество. ") * 30
    data = write(Document(Metadata(language="ru"), (p(text),)), make_ctx(paper="a5"))
    lines = page_lines(data)
    hyphenated = [line for line in lines if re.search(r"\w-$", line.strip())]
    assert len(hyphenated) >= 3
    assert_words_in_order(words(text), data)


def test_very_long_paragraph_is_kept_whole() -> None:
    sentence = "Предложение номер {} рассказывает о пути через степь, горы и реки. "
    text = "".join(sentence.format(i) for i in range(900))  # ~60 000 characters in one paragraph
    data = write(Document(Metadata(language="ru"), (p(text),)))
    assert_words_in_order(words(text), data)


# --------------------------------------------------------------------------- fonts and glyphs


def test_every_font_is_embedded_noto_or_dejavu() -> None:
    data = write(kitchen_sink())
    found = fonts_used(data)
    assert found
    for name, font in found.items():
        assert re.fullmatch(r"/[A-Z]{6}\+(NotoSerif|NotoSans|DejaVuSans)(-[A-Za-z]+)?", name), name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name
    raw = data + b"".join(zlib.decompress(m) for m in _streams(data))
    for base14 in (b"Helvetica", b"Times", b"Courier", b"ZapfDingbats"):
        assert base14 not in raw


def _streams(data: bytes) -> list[bytes]:
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            zlib.decompress(m.group(1))
        except zlib.error:
            continue
        out.append(m.group(1))
    return out


def _to_unicode(font: dict) -> dict[int, str]:
    """Character code -> text from a font's ToUnicode CMap."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    result: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            result[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for lo, hi, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = ord(bytes.fromhex(start).decode("utf-16-be"))
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                result[code] = chr(first + k)
    return result


def drawn_glyphs(data: bytes) -> dict[str, list[tuple[str, str, int]]]:
    """Character -> [(font, glyph name, contour count)] from the embedded subset fonts."""
    from fontTools.ttLib import TTFont

    out: dict[str, list[tuple[str, str, int]]] = {}
    for name, font in fonts_used(data).items():
        blob = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        tt = TTFont(io.BytesIO(blob))
        cmap = {}
        for table in tt["cmap"].tables:
            cmap.update(table.cmap)
        glyf = tt["glyf"]
        for code, text in _to_unicode(font).items():
            glyph = cmap.get(code, ".notdef")
            g = glyf[glyph]
            contours = g.numberOfContours if glyph != ".notdef" else 0
            for ch in text:
                out.setdefault(ch, []).append((name, glyph, contours))
    return out


def test_every_cyrillic_code_point_has_a_real_glyph() -> None:
    cyrillic = [chr(c) for c in range(0x0400, 0x0530) if unicodedata.name(chr(c), None)]
    extra = list("«»„“—–…№₸₽₴") + ["а\u0301"]
    text = " ".join("".join(cyrillic[i:i + 16]) for i in range(0, len(cyrillic), 16)) + " " + " ".join(extra)
    doc = Document(Metadata(title="Кириллица целиком", language="ru"),
                   (p(text), Paragraph((Text(text),)), Question((p(text),))))
    ctx = make_ctx()
    data = write(doc, ctx)
    glyphs = drawn_glyphs(data)
    wanted = set(cyrillic) | set("«»„“—–…№₸₽₴\u0301")
    missing = sorted(wanted - set(glyphs))
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    for ch in wanted:
        for font, glyph, contours in glyphs[ch]:
            assert glyph != ".notdef", (f"U+{ord(ch):04X}", font)
            assert contours != 0, (f"U+{ord(ch):04X}", font, glyph)
    assert not ctx.diagnostics.by_code("glyph-missing")


def _fallback_only_char() -> str:
    from article_convert import fonts

    for ch in "✓☺♥♫⌘∞→":
        if not fonts.covers(fonts.body_family().regular, ch) and fonts.covers(fonts.fallback_family().regular, ch):
            return ch
    raise AssertionError("no character of ✓☺♥♫⌘∞→ is drawn by the fallback font only: the test needs a new one")


def test_characters_the_body_font_lacks_come_from_dejavu() -> None:
    ch = _fallback_only_char()
    ctx = make_ctx()
    data = write(Document(Metadata(language="ru"), (p(f"Галочка {ch} стоит здесь."),)), ctx)
    glyphs = drawn_glyphs(data)
    assert any("DejaVuSans" in font and contours for font, _, contours in glyphs[ch])
    assert ctx.diagnostics.by_code("glyph-fallback")
    assert all(d.severity == "info" for d in ctx.diagnostics.by_code("glyph-fallback"))


def test_characters_no_font_has_are_visible_and_reported() -> None:
    ctx = make_ctx()
    data = write(Document(Metadata(language="ru"), (p("Иероглиф 中 в тексте."),)), ctx)
    text = "".join(page.extract_text() for page in reader(data).pages)
    assert "[U+4E2D]" in text
    (diag,) = ctx.diagnostics.by_code("glyph-missing")
    assert "U+4E2D" in diag.message and "CJK UNIFIED IDEOGRAPH-4E2D" in diag.message
    assert "block 1" in diag.where
    with pytest.raises(StrictModeError):
        write(Document(Metadata(language="ru"), (p("Иероглиф 中"),)), make_ctx(strict=True))


# --------------------------------------------------------------------------- document structure


def test_metadata_and_language() -> None:
    r = reader(write(kitchen_sink()))
    meta = r.metadata
    assert meta["/Title"] == "Кухонная раковина: всё сразу"
    assert meta["/Author"] == "Иван Петров, Әсел Қасымова"
    assert meta["/Subject"].startswith("Короткий лид")
    assert "кириллица" in meta["/Keywords"]
    assert meta["/Creator"] == "article-convert"
    assert meta["/CreationDate"].startswith("D:20251204103000")
    root = r.trailer["/Root"]
    assert root["/Lang"] == "ru-RU"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_author_falls_back_to_source_and_lang_follows_document() -> None:
    doc = Document(Metadata(title="Мақала", source="Liter.kz", language="kk"), (p("Қазақстан жаңалықтары."),))
    r = reader(write(doc))
    assert r.metadata["/Author"] == "Liter.kz"
    assert r.trailer["/Root"]["/Lang"] == "kk-KZ"


def test_outline_has_title_headings_and_notes() -> None:
    r = reader(write(kitchen_sink()))

    def flatten(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth, str(item["/Title"])

    entries = list(flatten(r.outline))
    assert entries == [
        (0, "Кухонная раковина: всё сразу"),
        (1, "Раздел первый"),
        (2, "Интервью"),
        (3, "Конец"),
        (1, "Примечания"),
    ]


def test_notes_are_numbered_and_printed_at_the_end() -> None:
    lines = [line.strip() for line in page_lines(write(kitchen_sink()))]
    assert "Примечания" in lines
    after = lines[lines.index("Примечания"):]
    assert any(line.startswith("1.") and "Текст сноски" in line for line in after)


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES_MM))
def test_page_size(paper: str) -> None:
    r = reader(write(interview(), make_ctx(paper=paper)))
    box = r.pages[0].mediabox
    w_mm, h_mm = (float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72)
    assert (round(w_mm), round(h_mm)) == tuple(round(x) for x in PAPER_SIZES_MM[paper])


def test_page_numbers_and_running_header() -> None:
    doc = Document(Metadata(title="Длинная статья", language="ru"),
                   tuple(p(f"Абзац номер {i} с достаточно длинным текстом, чтобы заполнить страницы. " * 4)
                         for i in range(60)))
    r = reader(write(doc))
    assert len(r.pages) >= 3
    for number, page in enumerate(r.pages, start=1):
        lines = [line.strip() for line in page.extract_text().split("\n")]
        assert str(number) in lines[:3]
        header: list[str] = []

        def visit(text, cm, tm, font, size, header=header):
            if font and str(font["/BaseFont"]).endswith("NotoSans-Italic"):
                header.append(text.strip())

        page.extract_text(visitor_text=visit)
        assert ("Длинная статья" in header) == (number > 1)


def test_output_is_reproducible() -> None:
    assert write(kitchen_sink()) == write(kitchen_sink())


def test_links_become_uri_annotations() -> None:
    r = reader(write(kitchen_sink()))
    uris = [a.get_object()["/A"]["/URI"] for page in r.pages for a in page.get("/Annots") or []
            if a.get_object().get("/A", {}).get("/URI")]
    assert "https://example.org/%D0%BF%D1%83%D1%82%D1%8C?a=1&b=2" in uris


# --------------------------------------------------------------------------- images


def test_missing_image_is_reported_and_its_caption_kept(tmp_path: Path) -> None:
    ctx = make_ctx()
    ctx.base_dir = tmp_path
    doc = Document(Metadata(language="ru"),
                   (Figure(Image("нет.png", "описание"), caption=(Text("Подпись к фото"),)),))
    data = write(doc, ctx)
    assert ctx.diagnostics.by_code("image-missing")
    assert_words_in_order(["Подпись", "к", "фото"], data)


def test_image_outside_the_input_folder_is_refused(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (10, 10)).save(tmp_path / "secret.png")
    inner = tmp_path / "article"
    inner.mkdir()
    ctx = make_ctx()
    ctx.base_dir = inner
    write(Document(Metadata(language="ru"), (Figure(Image("../secret.png")),)), ctx)
    assert ctx.diagnostics.by_code("image-refused")


def _drawn_images(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every image drawn on the first page."""
    page = reader(data).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    return [(float(w), float(h)) for w, h in
            re.findall(r"([\d.]+) 0 0 ([\d.]+) [-\d.]+ [-\d.]+ cm\s*/FormXob\.\w+ Do", content)]


def test_image_is_rotated_by_exif_and_never_upscaled(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    im = PILImage.new("RGB", (300, 150), "red")
    exif = im.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    im.save(tmp_path / "photo.jpg", exif=exif)
    ctx = make_ctx()
    ctx.base_dir = tmp_path
    data = write(Document(Metadata(language="ru"), (Figure(Image("photo.jpg"), caption=(Text("Фото"),)),)), ctx)
    assert not ctx.diagnostics.warnings()
    ((w, h),) = _drawn_images(data)
    assert h > w  # upright: 150 x 300 pixels
    assert w == pytest.approx(150 * 72 / 150, abs=0.5)  # 150 dpi at most, not stretched to the frame


def test_big_image_is_scaled_to_the_frame(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (3000, 1000), "blue").save(tmp_path / "wide.png")
    ctx = make_ctx(paper="a5")
    ctx.base_dir = tmp_path
    data = write(Document(Metadata(language="ru"), (Figure(Image("wide.png")),)), ctx)
    ((w, h),) = _drawn_images(data)
    frame = 148 * 72 / 25.4 * (1 - 2 * 0.14)
    assert w == pytest.approx(frame, abs=1)
    assert h == pytest.approx(frame / 3, abs=1)


# --------------------------------------------------------------------------- the seed


def test_seed_article_six_bold_questions_every_word() -> None:
    from article_convert import pipeline

    doc = pipeline.read_document(SEED, ConvertOptions())
    questions = [b for b in doc.blocks if isinstance(b, Question)]
    assert len(questions) == 6, f"the seed's six questions were not recognised (found {len(questions)})"
    data = write(doc)
    assert_words_in_order(expected_words(doc), data)
    bold: list[str] = []

    def visit(text, cm, tm, font, size):
        if font and str(font["/BaseFont"]).endswith("NotoSerif-Bold"):
            bold.append(text)

    for page in reader(data).pages:
        page.extract_text(visitor_text=visit)
    bold_text = " ".join(" ".join(bold).split())
    for q in questions:
        first = " ".join(words(" ".join(_block_words(q))))[:30]
        assert first.split()[0] in bold_text


def _block_words(block) -> list[str]:
    from article_convert.ir.text import block_texts

    return list(block_texts((block,)))


def test_no_page_ends_with_a_hyphenated_word() -> None:
    text = ("Взаимодействие государственных институтов предполагает последовательное "
            "совершенствование законодательства и всестороннее сотрудничество. ") * 400
    data = write(Document(Metadata(title="Переносы", language="ru"), (p(text), p(text))), make_ctx(paper="a5"))
    pages = reader(data).pages
    assert len(pages) > 5
    hyphenated_lines = 0
    for page in pages[:-1]:
        lines = [line.strip() for line in page.extract_text().split("\n") if line.strip()]
        hyphenated_lines += sum(1 for line in lines if line.endswith("-"))
        assert not lines[-1].endswith("-"), lines[-1]
    assert hyphenated_lines > 10  # hyphenation is on; only the page ends are spared


def test_issue13_running_header_draws_every_title_character() -> None:
    """Regression (issue 13 / issue 9 item 26): the running header drew .notdef boxes for title
    characters its face lacks (tab, newline, emoji, CJK, ☃) and ``check`` then failed our own file.
    It now takes them from the fallback font as the body does, on one line."""
    from article_convert.check import check_file

    title = "Заголовок\tс ☃\nи 😀 и 中"
    doc = Document(Metadata(title=title, language="ru"),
                   tuple(p(f"Абзац номер {i} с достаточно длинным текстом, чтобы заполнить страницы. " * 4)
                         for i in range(40)))
    data = write(doc)
    r = reader(data)
    assert len(r.pages) >= 2
    header = r.pages[1].extract_text().split("\n")[0]
    assert header.strip() == "Заголовок с ☃ и 😀 и [U+4E2D]"
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "header.pdf"
        path.write_bytes(data)
        result = check_file(path)
    assert result.ok, result.problems


def test_issue13_characters_beyond_the_bmp_extract_as_themselves() -> None:
    """Regression: reportlab wrote ToUnicode entries beyond U+FFFF as odd-length hex (<1F600>):
    an emoji in the text extracted as U+1F60 or not at all."""
    doc = Document(Metadata(title="Смайлы", language="ru"), (p("Улыбка 😀 и снеговик ☃ в тексте."),))
    text = reader(write(doc)).pages[0].extract_text()
    assert "Улыбка 😀 и снеговик ☃" in text
