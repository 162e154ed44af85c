"""reportlab's parsed TrueType tables cached per font file (issue 18): the cached face is the parsed
one, and a damaged record or a changed font file is parsed again, never used."""

from __future__ import annotations

import marshal
import shutil
from array import array
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from article_convert.fonts import body_family, fallback_family, heading_family
from article_convert.writers.pdf import ttfcache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "article-convert" / "reportlab"


def _plain(value: object) -> object:
    """Typed arrays and the metrics view as the lists reportlab's parser makes."""
    return list(value) if isinstance(value, (array, ttfcache.Metrics)) else value


def _same(a: TTFont, b: TTFont) -> None:
    """``b`` (from the cache, or parsed) has every attribute of ``a`` (parsed), with equal values."""
    assert set(vars(a)) == set(vars(b))
    for key in vars(a.face):
        if key != "_pdfScale":
            assert _plain(getattr(a.face, key)) == _plain(getattr(b.face, key)), key
    if hasattr(a.face, "_pdfScale"):  # reportlab 5 (4.x scales inside extractInfo only)
        assert a.face._pdfScale(1234) == b.face._pdfScale(1234)
    assert a.face.name.ustr == b.face.name.ustr
    assert getattr(a, "shapable", None) == getattr(b, "shapable", None) and a._asciiReadable == b._asciiReadable


@pytest.mark.parametrize("family", ["body", "fallback"])
def test_issue18_cached_face_equals_parsed_face(cache_home: Path, family: str) -> None:
    """Noto (1000 units per em) and DejaVu (2048: reportlab keeps some advances as scaled floats)."""
    path = body_family().bold if family == "body" else fallback_family().regular
    fresh = TTFont("X", str(path))
    first = ttfcache.make_ttfont("X", path)  # parses and writes the record
    assert list(cache_home.glob("*.marshal"))
    second = ttfcache.make_ttfont("X", path)  # from the record
    _same(fresh, first)
    _same(fresh, second)
    text = "Съешь же ещё этих мягких французских булок — қазақ ✓ ∑ ⅞"
    assert second.stringWidth(text, 11) == fresh.stringWidth(text, 11)
    assert second.face.makeSubset(list(map(ord, text))) == fresh.face.makeSubset(list(map(ord, text)))


def test_issue18_damaged_cache_record_is_parsed_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = heading_family().regular
    ttfcache.make_ttfont("Y", path)
    (record,) = cache_home.glob("*.marshal")
    for junk in (b"", b"\x00garbage", record.read_bytes()[:100]):
        record.write_bytes(junk)
        _same(TTFont("Y", str(path)), ttfcache.make_ttfont("Y", path))
    assert len(record.read_bytes()) > 1000  # rewritten whole
    good = marshal.loads(record.read_bytes())
    for wrong in ({**good, "glyphPos": good["glyphPos"][:-8]},  # one glyph offset short
                  {**good, "advances": (good["advances"][0], good["advances"][1][:-1])},  # not whole items
                  {**good, "advances": ("u", good["advances"][1])},  # a type code of no use
                  {**good, "charWidths": list(good["charWidths"].items())},  # another shape
                  {**good, "state": {}}):
        record.write_bytes(marshal.dumps(wrong))
        _same(TTFont("Y", str(path)), ttfcache.make_ttfont("Y", path))
        assert marshal.loads(record.read_bytes()) == good  # parsed again and rewritten


def test_issue18_cached_face_unpacks_shaping_table_only_when_asked(cache_home: Path) -> None:
    """glyphToChar (read by reportlab's shaping only) stays packed until used, then equals the parsed one."""
    path = body_family().regular
    ttfcache.make_ttfont("W", path)
    face = ttfcache.make_ttfont("W", path).face
    assert "glyphToChar" not in vars(face)
    parsed = TTFont("W", str(path)).face
    if not hasattr(parsed, "glyphToChar"):  # reportlab 4.x keeps no such table: nor does the cache
        with pytest.raises(AttributeError):
            face.glyphToChar  # noqa: B018
        return
    assert face.glyphToChar == parsed.glyphToChar
    assert "glyphToChar" in vars(face) and "_packed_glyphToChar" not in vars(face)
    face.glyphToChar.setdefault(0xF000, []).append(0xE000)  # as reportlab's hbAddPrivate does
    assert face.glyphToChar[0xF000] == [0xE000]
    with pytest.raises(AttributeError):
        face.no_such_table  # noqa: B018


def test_issue18_changed_font_file_is_not_served_from_cache(cache_home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The record names the font bytes' size and CRC: another font under the same name, size and mtime
    (the weakest case for a path/size/mtime key) is parsed, not taken from the record."""
    font = tmp_path / "Face.ttf"
    shutil.copy(body_family().regular, font)
    ttfcache.make_ttfont("Z", font)
    record = next(cache_home.glob("*.marshal"))
    monkeypatch.setattr(ttfcache, "_cache_name", lambda p: record.name)  # force the same key
    other = tmp_path / "Other.ttf"
    shutil.copy(heading_family().bold, other)
    got = ttfcache.make_ttfont("Z", other)
    assert got.face.familyName.ustr == "Noto Sans"
    _same(TTFont("Z", str(other)), got)


LAZY_PROBE = (
    "import json, sys\n"
    "from article_convert.writers.pdf import ttfcache\n"
    "loaded = []\n"
    "orig = ttfcache.load_face\n"
    "ttfcache.load_face = lambda p: (loaded.append(p.name), orig(p))[1]\n"
    "from article_convert.cli import main\n"
    "try:\n"
    "    main([sys.argv[1], '-t', 'pdf', '-o', sys.argv[2], '-q'])\n"
    "except SystemExit as exc:\n"
    "    assert not exc.code, exc.code\n"
    "print(json.dumps(loaded))\n"
)


def _faces_loaded(text: str, tmp_path: Path) -> tuple[list[str], bytes]:
    import json
    import subprocess
    import sys

    src, pdf = tmp_path / "a.txt", tmp_path / "a.pdf"
    src.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", LAZY_PROBE, str(src), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1]), pdf.read_bytes()


def test_issue18_pdf_reads_only_the_faces_it_draws_with(tmp_path: Path) -> None:
    """Ten faces are registered, but the fallback (DejaVu) is read only when a character needs it."""
    plain = "Заголовок статьи\n\nОбычный абзац текста о городе и людях. Ещё одно предложение.\n"
    loaded, pdf = _faces_loaded(plain, tmp_path)
    assert loaded and len(loaded) < 10 and not any(n.startswith("DejaVu") for n in loaded)
    assert b"NotoSerif-Regular" in pdf and b"DejaVuSans" not in pdf
    loaded, pdf = _faces_loaded(plain.replace("городе", "городе ✓ ∑"), tmp_path)
    assert "DejaVuSans.ttf" in loaded and b"DejaVuSans" in pdf  # drawn, so read and embedded
