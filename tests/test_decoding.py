"""Encoding detection: every corpus text survives every legacy Cyrillic encoding it fits in."""

from __future__ import annotations

import codecs

import pytest
from conftest import CORPUS, corpus_files, require_corpus

from article_convert.decoding import CYRILLIC_CODECS, cyrillic_score, decode_bytes, sniff_binary
from article_convert.diagnostics import Diagnostics
from article_convert.errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".html")


def _utf8_texts() -> list[tuple[str, str]]:
    """(name, normalised text) of every UTF-8 text file in the corpus."""
    out = []
    for path in corpus_files(*TEXT_SUFFIXES):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append((path.relative_to(CORPUS).as_posix(), decode_bytes(data).text))
    return out


def _representable(text: str, codec: str) -> bool:
    try:
        return not text.encode(codec).isascii()
    except UnicodeEncodeError:
        return False


def _cases() -> list[tuple[str, str]]:
    """(file, codec) pairs where the file's text can be written in the codec (and is not ASCII)."""
    return [
        (name, codec)
        for name, text in _utf8_texts()
        for codec in CYRILLIC_CODECS
        if _representable(text, codec)
    ]


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    require_corpus()
    return dict(_utf8_texts())


@pytest.mark.parametrize(("name", "codec"), _cases() or [("none", "cp1251")])
def test_corpus_text_reencoded_decodes_back_exactly(
    corpus_texts: dict[str, str], name: str, codec: str
) -> None:
    text = corpus_texts.get(name)
    assert text is not None, f"{name} is not among the corpus texts"
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text, f"{name} in {codec} was read as {decoded.encoding}"


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32"])
def test_unicode_with_bom(corpus_texts: dict[str, str], bom_codec: str) -> None:
    text = corpus_texts["kk/kkwiki-arystan-bab-mausoleum.txt"]
    if bom_codec == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif bom_codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(bom_codec)
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert not decoded.text.startswith("\ufeff")
    assert decoded.confidence == 1.0


def test_utf16_without_bom_is_text_not_binary() -> None:
    text = "Привет, мир! Қазақстан — это страна.\n" * 5
    for codec in ("utf-16-le", "utf-16-be"):
        data = text.encode(codec)
        assert sniff_binary(data) is None
        assert decode_bytes(data).text == text


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("be/culturax-ipac-school-mt.cp1251.txt", "cp1251"),
        ("bg/culturax-burgas-1997-explosion-comments.cp1251.txt", "cp1251"),
        ("sr/culturax-bronhitis-numbered.cp1251.txt", "cp1251"),
        ("sr/culturax-pop-mico-wiki.cp1251.txt", "cp1251"),
        ("uk/culturax-pharmacology-lecture.koi8-u.txt", "koi8-u"),
        ("kk/culturax-transit-seals-news.kz1048.txt", "kz1048"),
        ("html/ru-newsru-rss-2006.koi8-r.xml", "koi8-r"),
        ("html/bg-ecloga-blog-rss-2006.cp1251.xml", "cp1251"),
    ],
)
def test_legacy_corpus_files_detected(name: str, codec: str) -> None:
    require_corpus()
    decoded = decode_bytes((CORPUS / name).read_bytes())
    assert decoded.encoding == codec
    assert decoded.confidence >= 0.9
    assert decoded.text == (CORPUS / name).read_bytes().decode(codec).replace("\r\n", "\n").replace(
        "\r", "\n"
    )


def test_kz1048_file_has_kazakh_letters_and_matches_its_utf8_twin() -> None:
    require_corpus()
    decoded = decode_bytes((CORPUS / "kk/culturax-transit-seals-news.kz1048.txt").read_bytes())
    twin = decode_bytes((CORPUS / "kk/culturax-transit-seals-news.utf8.txt").read_bytes())
    assert decoded.text == twin.text
    for letter in "әқң":
        assert letter in decoded.text
    assert "Навигациялық пломбалардың" in decoded.text


def test_short_koi8_text_is_not_read_as_cp1251() -> None:
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю."
    for codec in ("koi8-r", "cp1251", "cp866", "iso8859-5", "mac-cyrillic"):
        assert decode_bytes(text.encode(codec)).text == text, codec


def test_scorer_prefers_real_text_over_case_swapped_mojibake() -> None:
    text = "Телефонный разговор стал четким сигналом для всех сторон."
    wrong = text.encode("koi8-r").decode("cp1251")
    assert cyrillic_score(text) > cyrillic_score(wrong) + 1


def test_latin_text_is_left_to_the_general_detector() -> None:
    text = "Größe und Übermaß für schöne Mädchen — Grüße aus München und Köln."
    assert decode_bytes(text.encode("cp1252")).text == text


def test_encoding_override_wins_and_names_are_normalised() -> None:
    data = "Привет".encode("cp1251")
    decoded = decode_bytes(data, encoding="windows-1251")
    assert (decoded.text, decoded.encoding, decoded.confidence) == ("Привет", "cp1251", 1.0)
    assert decode_bytes(data, encoding="mac-cyrillic").text != "Привет"


def test_unknown_or_wrong_override_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", encoding="no-such-codec")
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        decode_bytes("Привет".encode("cp1251"), encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04" + bytes(50), "ZIP"),
        (b"abc\x00\x01\x02\x00\xff\xfe\x00\x00\x10", "NUL"),
    ],
)
def test_binary_input_refused(data: bytes, what: str) -> None:
    with pytest.raises(InputError, match=what):
        decode_bytes(data)


def test_empty_and_blank_input_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"")
    with pytest.raises(InputError, match="white space"):
        decode_bytes(b" \n\t ")


def test_normalisation_line_endings_nfc_and_controls() -> None:
    diags = Diagnostics()
    raw = "Е\u0308лка\r\nвторая\rтретья\x0bконец\x0c".encode()
    decoded = decode_bytes(raw, diagnostics=diags)
    assert decoded.text == "Ёлка\nвторая\nтретьяконец"
    assert diags.by_code("control-chars-removed")
