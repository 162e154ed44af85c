"""Issue 9 (hostile and damaged input), content items: each defect's named regression test.

Every test converts through the real CLI path (CliRunner) or the public functions, then reads
what was produced back and checks that the text is there and the loss or repair was reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from outputs import docx_text, epub_text, pdf_text

from article_convert.cli import main
from article_convert.decoding import MAX_BAD_UTF8_SHARE, damaged_utf8_share, decode_bytes
from article_convert.diagnostics import Diagnostics
from article_convert.errors import InputError, InvalidInputError, StrictModeError
from article_convert.ir import (
    BlockQuote,
    Document,
    Emph,
    Metadata,
    OrderedList,
    Paragraph,
    Text,
    document_from_json,
    document_to_json,
)
from article_convert.ir.depth import MAX_DEPTH, nesting_depth

PROSE = (
    "Городской совет утвердил новый план развития набережной. Работы начнутся весной, "
    "а завершить их обещают к осени следующего года. Жители просили сохранить старые липы.\n\n"
)


def convert(*args: str) -> tuple[int, str]:
    """Run the CLI; exit code and everything it printed to stderr."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in (result.stderr or ""), result.stderr
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def ir_json(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- 2: damaged UTF-8


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b + "ж".encode()[:1], id="cut-inside-a-character"),
        pytest.param(lambda b: b[:200] + b" \xe6 " + b[200:], id="stray-cp1251-byte"),
        pytest.param(lambda b: b + b" \xed\xa0\xbd\xed\xb8\x80 end", id="cesu-surrogate"),
    ],
)
def test_i9_02_one_bad_byte_keeps_utf8(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    raw = ("Заголовок статьи\n\n" + PROSE * 3).encode("utf-8")
    src = tmp_path / "a.txt"
    src.write_bytes(damage(raw))
    diags = Diagnostics()
    decoded = decode_bytes(src.read_bytes(), diagnostics=diags)
    assert decoded.encoding == "utf-8" and decoded.replaced >= 1
    assert "Городской совет утвердил" in decoded.text and "\ufffd" in decoded.text
    assert diags.by_code("invalid-utf8-replaced")
    code, err = convert(str(src), "-t", "json", "-o", str(tmp_path / "a.json"))
    assert code == 0 and "invalid-utf8-replaced" in err
    assert ir_json(tmp_path / "a.json")["document"]["meta"]["title"] == "Заголовок статьи"
    code, err = convert(str(src), "-t", "json", "-o", str(tmp_path / "b.json"), "--strict")
    assert code == 1 and "invalid-utf8-replaced" in err and not (tmp_path / "b.json").exists()


def test_i9_02_bad_byte_share_is_the_decision() -> None:
    text = (PROSE * 2).encode("utf-8")
    assert damaged_utf8_share(text + b"\xff") < 0.01
    for codec in ("cp1251", "koi8-r", "cp866", "mac-cyrillic"):
        share = damaged_utf8_share(PROSE.encode(codec))
        assert share is None or share > MAX_BAD_UTF8_SHARE, codec
        assert decode_bytes(PROSE.encode(codec)).text == PROSE.replace("\n\n", "\n\n"), codec


# ----------------------------------------------------------------------------- 3: UTF-16 without BOM


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_i9_03_utf16_without_bom_plain_cyrillic(codec: str) -> None:
    # no «», no-break space or Kazakh letter: every byte pair was valid (control-character) UTF-8
    text = "Заголовок\n\n" + PROSE * 2
    decoded = decode_bytes(text.encode(codec))
    assert decoded.encoding == codec
    assert decoded.text == text.rstrip("\n") + "\n" or decoded.text.strip() == text.strip()


def test_i9_03_mass_control_character_removal_is_an_error() -> None:
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(("ab\x01\x02" * 50).encode("ascii"))
    diags = Diagnostics()  # a few stray ones are still only a warning
    assert decode_bytes(("Текст\x0c" + PROSE).encode(), diagnostics=diags).text.startswith("Текст")
    assert diags.by_code("control-chars-removed")


def test_i9_27_random_bytes_are_not_text(tmp_path: Path) -> None:
    import random

    rng = random.Random(9)
    for name, low in (("any.txt", 1), ("high.txt", 0x80)):
        data = bytes(rng.randrange(low, 256) for _ in range(4000))
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError):
            decode_bytes(data)
        code, err = convert(str(tmp_path / name), "-t", "json", "-o", str(tmp_path / "x.json"))
        assert code == 1 and "error:" in err
    for codec in ("cp1251", "koi8-r"):  # real legacy text still passes
        assert decode_bytes(PROSE.encode(codec)).encoding == codec


# ----------------------------------------------------------------------------- 8 and 16: nesting


def _md_nested_quotes(n: int) -> str:
    return "# T\n\n" + "".join("> " * i + f"Level{i}\n" + "> " * i + "\n" for i in range(1, n + 1))


def _md_nested_list(n: int) -> str:
    return "# T\n\n" + "".join("  " * i + f"* Item{i}\n" for i in range(n))


@pytest.mark.parametrize(
    ("source", "words", "flattened"),
    [
        pytest.param(_md_nested_quotes(25), [f"Level{i}" for i in range(1, 26)], False, id="quotes-25"),
        pytest.param(_md_nested_quotes(120), [f"Level{i}" for i in range(1, 121)], True, id="quotes-120"),
        pytest.param(_md_nested_list(14), [f"Item{i}" for i in range(14)], False, id="list-14-levels"),
        pytest.param(_md_nested_list(40), [f"Item{i}" for i in range(40)], True, id="list-40-levels"),
    ],
)
def test_i9_08_deep_markdown_keeps_its_text(tmp_path: Path, source: str, words: list[str], flattened: bool) -> None:
    src = tmp_path / "deep.md"
    src.write_text(source, encoding="utf-8")
    code, err = convert(str(src), "-t", "json,docx,pdf,epub", "-o", f"{tmp_path}/")
    assert code == 0
    for text in (
        (tmp_path / "deep.json").read_text(encoding="utf-8"),
        docx_text(tmp_path / "deep.docx"),
        pdf_text(tmp_path / "deep.pdf"),
        epub_text(tmp_path / "deep.epub"),
    ):
        missing = [w for w in words if w not in text]
        assert not missing, missing[:5]
    assert ("nesting-flattened" in err) == flattened
    if flattened:
        code, _ = convert(str(src), "-t", "json", "-o", str(tmp_path / "s.json"), "--strict")
        assert code == 1


def test_i9_16_300_nested_emphasis_markers(tmp_path: Path) -> None:
    src = tmp_path / "em.md"
    src.write_text("# T\n\nначало " + "*_" * 300 + "глубина" + "_*" * 300 + " конец\n", encoding="utf-8")
    code, _ = convert(str(src), "-t", "json,docx,pdf,epub,fb2", "-o", f"{tmp_path}/")
    assert code == 0
    assert "глубина" in docx_text(tmp_path / "em.docx") and "глубина" in pdf_text(tmp_path / "em.pdf")


def test_i9_16_nested_emphasis_in_the_ir_is_flattened(tmp_path: Path) -> None:
    inner: Text | Emph = Text("глубина")
    for _ in range(70):
        inner = Emph((inner,))
    src = tmp_path / "em.json"
    src.write_text(document_to_json(Document(Metadata(title="T"), (Paragraph((Text("а "), inner)),))), "utf-8")
    code, err = convert(str(src), "-t", "docx,pdf,epub,fb2,json", "-o", f"{tmp_path}/out/")
    assert code == 0 and "nesting-flattened" in err
    assert nesting_depth(document_from_json((tmp_path / "out/em.json").read_text("utf-8"))) <= MAX_DEPTH
    assert "глубина" in epub_text(tmp_path / "out/em.epub")


def test_i9_16_ir_json_nested_300_deep_is_a_clear_error(tmp_path: Path) -> None:
    block: Paragraph | BlockQuote = Paragraph((Text("глубина"),))
    for _ in range(300):
        block = BlockQuote((block,))
    src = tmp_path / "deep.json"
    src.write_text(document_to_json(Document(Metadata(title="T"), (block,))), "utf-8")
    code, err = convert(str(src), "-t", "docx", "-o", str(tmp_path / "x.docx"))
    assert code == 1 and "nested deeper than" in err
    with pytest.raises(InvalidInputError, match="nested too deeply"):
        document_from_json("[" * 100_000 + "]" * 100_000)


def test_i9_16_ir_json_60_deep_is_flattened_not_lost(tmp_path: Path) -> None:
    block: Paragraph | BlockQuote = Paragraph((Text("глубина"),))
    for _ in range(60):
        block = BlockQuote((block,))
    src = tmp_path / "deep.json"
    src.write_text(document_to_json(Document(Metadata(title="T"), (Paragraph((Text("начало"),)), block))), "utf-8")
    code, err = convert(str(src), "-t", "docx,pdf", "-o", f"{tmp_path}/")
    assert code == 0 and "nesting-flattened" in err
    assert "глубина" in docx_text(tmp_path / "deep.docx") and "глубина" in pdf_text(tmp_path / "deep.pdf")


# ----------------------------------------------------------------------------- 10: YAML bombs


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\ntags: *a{levels - 1}\n---\n\nТекст статьи.\n"


def test_i9_10_yaml_alias_bomb_in_front_matter(tmp_path: Path) -> None:
    src = tmp_path / "bomb.md"
    src.write_text(_alias_bomb(), encoding="utf-8")
    assert src.stat().st_size < 600
    code, err = convert(str(src), "-t", "json", "-o", str(tmp_path / "b.json"))
    assert code == 0 and "alias bomb" in err and "front-matter-invalid" in err
    assert "Текст статьи" in (tmp_path / "b.json").read_text(encoding="utf-8")
    code, _ = convert(str(src), "-t", "json", "-o", str(tmp_path / "c.json"), "--strict")
    assert code == 1


def test_i9_10_deeply_nested_yaml_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "deep.md"
    src.write_text("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n\nТекст.\n", encoding="utf-8")
    code, err = convert(str(src), "-t", "json", "-o", str(tmp_path / "d.json"))
    assert code == 0 and "nested deeper than" in err


# ----------------------------------------------------------------------------- 15: dates


def test_i9_15_impossible_front_matter_date(tmp_path: Path) -> None:
    src = tmp_path / "d.md"
    src.write_text("---\ntitle: Заголовок\ndate: 2025-02-30\n---\n\nТекст статьи.\n", encoding="utf-8")
    code, err = convert(str(src), "-t", "fb2,json", "-o", f"{tmp_path}/")
    assert code == 0 and "date-invalid" in err and "2025-02-30" in err
    meta = ir_json(tmp_path / "d.json")["document"]["meta"]
    assert meta["date"] == "" and ["date", "2025-02-30"] in meta["extra"]
    assert 'value="2025-02-30"' not in (tmp_path / "d.fb2").read_text(encoding="utf-8")


def test_i9_15_impossible_date_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "d.md"
    src.write_text("# Заголовок\n\nТекст статьи.\n", encoding="utf-8")
    code, err = convert(str(src), "-t", "fb2", "-o", str(tmp_path / "d.fb2"), "-M", "date=2025-13-45")
    assert code == 2 and "not a real date" in err and not (tmp_path / "d.fb2").exists()


@pytest.mark.parametrize("date", ["2025", "2025-02", "2025-2-3", "2025-02-03", "2025-02-03 10:30"])
def test_i9_15_partial_dates_in_every_writer(tmp_path: Path, date: str) -> None:
    from article_convert.check import check_file

    src = tmp_path / "d.md"
    src.write_text(f"---\ntitle: Заголовок\ndate: {date}\n---\n\nТекст статьи о городе.\n", encoding="utf-8")
    code, err = convert(str(src), "-t", "fb2,epub,docx,pdf,json", "-o", f"{tmp_path}/")
    assert code == 0 and "date-invalid" not in err
    assert ir_json(tmp_path / "d.json")["document"]["meta"]["date"].startswith(date[:4])
    report = check_file(tmp_path / "d.fb2")
    assert report.ok, report


_DISPLAYED = [
    ("ru", "2025", "2025"), ("ru", "2025-02", "февраль 2025"), ("ru", "2025-12-04", "4 декабря 2025"),
    ("kk", "2025", "2025"), ("kk", "2025-02", "2025 жылғы ақпан"), ("kk", "2025-12-04", "2025 жылғы 4 желтоқсан"),
]


@pytest.mark.slow
def test_i9_15_partial_dates_display_the_same_in_every_writer(tmp_path: Path) -> None:
    """Before: DOCX printed raw ISO, PDF ``02.2025``, EPUB ``2025-02``; now all print ``languages.human_date``."""
    from article_convert.languages import human_date

    def seen(text: str) -> str:
        return " ".join(text.replace("\u00a0", " ").split())

    for lang, date, shown in _DISPLAYED:
        assert human_date(date, lang) == shown
        src = tmp_path / f"{lang}-{date}.md"
        src.write_text(f"---\ntitle: Заголовок\nlang: {lang}\ndate: {date}\n---\n\nТекст статьи о городе.\n",
                       encoding="utf-8")
        out = tmp_path / f"{lang}-{date}"
        code, err = convert(str(src), "-t", "epub,docx,pdf", "-o", f"{out}/")
        assert code == 0, err
        texts = {
            "epub": seen(epub_text(out / f"{src.stem}.epub")),
            "docx": seen(docx_text(out / f"{src.stem}.docx")),
            "pdf": seen(pdf_text(out / f"{src.stem}.pdf")),
        }
        for writer, text in texts.items():
            assert shown in text, (lang, date, writer, text[:300])
            if date != shown:
                assert date not in text, (lang, date, writer, "raw ISO date shown")


# ----------------------------------------------------------------------------- 17: list start


@pytest.mark.parametrize(
    ("start", "expected", "warned"),
    [("²", 1, True), ("9" * 5000, 1, True), ("99999999999", 32767, True), ("-5", 0, True), (" 7 ", 7, False)],
)
def test_i9_17_ordered_list_start_is_validated_once(tmp_path: Path, start: str, expected: int, warned: bool) -> None:
    src = tmp_path / "ol.html"
    src.write_text(
        f'<html><body><article><h1>Заголовок</h1><p>Текст статьи.</p><ol start="{start}">'
        "<li>Первый пункт</li><li>Второй пункт</li></ol></article></body></html>",
        encoding="utf-8",
    )
    code, err = convert(str(src), "-t", "json,docx,pdf,epub,fb2", "-o", f"{tmp_path}/")
    assert code == 0
    blocks = ir_json(tmp_path / "ol.json")["document"]["blocks"]
    assert [b["start"] for b in blocks if b["type"] == "OrderedList"] == [expected]
    assert ("list-start" in err) == warned
    assert "Второй пункт" in docx_text(tmp_path / "ol.docx")


def test_i9_17_list_start_from_ir_json_is_clamped(tmp_path: Path) -> None:
    doc = Document(Metadata(title="T"), (OrderedList(((Paragraph((Text("пункт"),)),),), 10**40),))
    src = tmp_path / "ol.json"
    src.write_text(document_to_json(doc), encoding="utf-8")
    code, err = convert(str(src), "-t", "docx,epub,pdf", "-o", f"{tmp_path}/out/")
    assert code == 0 and "list-start-clamped" in err


# ----------------------------------------------------------------------------- 20: surrogates


def test_i9_20_surrogate_escapes_from_json_and_yaml(tmp_path: Path) -> None:
    doc = Document(Metadata(title="Заголовок\ud800"), (Paragraph((Text("слово\udc00 и\x01 ещё"),)),))
    (tmp_path / "s.json").write_text(
        document_to_json(doc).replace("\ud800", "\\ud800").replace("\udc00", "\\udc00"), encoding="utf-8"
    )
    (tmp_path / "y.md").write_text(
        '---\ntitle: "Заголовок \\ud800 и \\ud83d\\ude00"\nauthor: "Иван\\udcff"\n---\n\nТекст статьи.\n',
        encoding="utf-8",
    )
    for name in ("s.json", "y.md"):
        code, err = convert(str(tmp_path / name), "-t", "docx,epub,pdf,fb2,json", "-o", f"{tmp_path}/{name}.out/")
        assert code == 0 and "invalid-characters-repaired" in err, err
    meta = ir_json(tmp_path / "y.md.out/y.json")["document"]["meta"]
    assert meta["title"].replace("\xa0", " ") == "Заголовок \ufffd и \U0001f600"
    with pytest.raises(StrictModeError):
        from article_convert.ir.guard import guard_document

        guard_document(doc, Diagnostics(strict=True))


# ----------------------------------------------------------------------------- 9: missing inline image


def test_i9_09_missing_inline_image_keeps_alt_text_in_every_writer(tmp_path: Path) -> None:
    from outputs import pdf_text

    src = tmp_path / "a.md"
    src.write_text(
        "# Заголовок\n\nТекст с картинкой ![Пропавшая картинка](nope.png) посреди фразы.\n", encoding="utf-8"
    )
    code, err = convert(str(src), "-t", "docx,epub,pdf,fb2", "-o", f"{tmp_path}/")
    assert code == 0 and "image-missing" in err
    texts = {
        "docx": docx_text(tmp_path / "a.docx"),
        "epub": epub_text(tmp_path / "a.epub"),
        "pdf": pdf_text(tmp_path / "a.pdf"),
        "fb2": (tmp_path / "a.fb2").read_text(encoding="utf-8"),
    }
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert "Пропавшая картинка" in flat, fmt
        assert "посреди фразы" in flat, fmt


# ----------------------------------------------------------------------------- 14: DOCX links


def test_i9_14_docx_links_do_not_rescan_relationships(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx's relate_to scans all relationships per link (quadratic); the writer must not use it."""
    import docx
    from docx.opc.rel import Relationships

    calls = {"n": 0}
    original = Relationships._get_matching

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Relationships, "_get_matching", counting)
    links = "\n\n".join(f"Абзац {i}: [ссылка](https://example.org/p/{i % 150})" for i in range(300))
    src = tmp_path / "links.md"
    src.write_text("# Ссылки\n\n" + links + "\n", encoding="utf-8")
    code, _ = convert(str(src), "-t", "docx", "-o", str(tmp_path / "links.docx"))
    assert code == 0
    assert calls["n"] < 10, f"{calls['n']} relationship scans for 300 links"
    d = docx.Document(str(tmp_path / "links.docx"))
    targets = [r.target_ref for r in d.part.rels.values() if r.is_external]
    assert sorted(targets) == sorted(f"https://example.org/p/{i}" for i in range(150))  # one per URL
    assert len({r for r in d.part.rels}) == len(d.part.rels)
    xml = d.element.xml
    assert xml.count("<w:hyperlink") == 300


# ----------------------------------------------------------------------------- 20: CMYK JPEG


def test_i9_20_cmyk_jpeg_as_cover_and_inline_image(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("CMYK", (120, 160), (0, 128, 255, 0)).save(tmp_path / "cmyk.jpg")
    src = tmp_path / "a.md"
    src.write_text("# Заголовок\n\nТекст ![Фото](cmyk.jpg) статьи.\n\n![Подпись к фото](cmyk.jpg)\n", "utf-8")
    code, err = convert(
        str(src), "-t", "docx,epub,pdf,fb2", "-o", f"{tmp_path}/out/", "--cover-image", str(tmp_path / "cmyk.jpg")
    )
    assert code == 0, err
    import zipfile

    with zipfile.ZipFile(tmp_path / "out/a.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media
        for name in media:
            with Image.open(__import__("io").BytesIO(z.read(name))) as img:
                assert img.mode in ("RGB", "L"), (name, img.mode)


# ----------------------------------------------------------------------------- 27: right-to-left text


def test_i9_27_rtl_runs_are_reordered_and_shaped() -> None:
    from article_convert.writers.pdf.bidi import visual_order

    assert visual_order("Он сказал: שלום עולם. И ушёл.") == "Он сказал: םלוע םולש. И ушёл."
    shaped = visual_order("مرحبا")
    assert shaped != "مرحبا" and all("\ufe70" <= c <= "\ufeff" for c in shaped)  # joined forms
    assert __import__("unicodedata").normalize("NFKC", shaped)[::-1] == "مرحبا"
    assert visual_order("Только кириллица, 2025.") == "Только кириллица, 2025."


def test_i9_27_rtl_text_in_pdf_reads_back_in_logical_order(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import unicodedata

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    src = tmp_path / "rtl.md"
    src.write_text(
        "# Заголовок\n\nОн сказал на иврите: שלום עולם, ומה שלומך? И ушёл.\n\nПо-арабски: مرحبا بالعالم и всё.\n",
        encoding="utf-8",
    )
    code, _ = convert(str(src), "-o", str(tmp_path / "rtl.pdf"))
    assert code == 0
    out = subprocess.run(
        ["pdftotext", str(tmp_path / "rtl.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", out).translate({0x202A: None, 0x202B: None, 0x202C: None})
    assert "שלום עולם" in text and "ומה שלומך" in text
    assert "مرحبا بالعالم" in text
    assert "Он сказал на иврите" in text


def test_i9_16_depth_walker_reaches_children_at_any_tuple_nesting() -> None:
    """The depth measure must see containers however deeply a node type nests its tuples (list items,
    table rows and cells): it takes them from the one exhaustive ``ir.walk.children``."""
    from article_convert.ir import Table
    from article_convert.ir.walk import children

    inner = Paragraph((Emph((Text("x"),)),))
    quote = BlockQuote((inner,))
    lst = OrderedList(((quote,), (inner,)))
    assert children(lst) == (quote, inner)
    assert children(Table((((quote,), (inner,)),), caption=(Text("c"),))) == (Text("c"), quote, inner)
    deep: Paragraph | OrderedList | BlockQuote = Paragraph((Text("глубоко"),))
    for i in range(50):
        deep = OrderedList(((deep,),)) if i % 2 else BlockQuote((deep,))
    assert nesting_depth(Document(Metadata(), (deep,))) == 50
