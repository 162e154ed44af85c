"""Issue 18 (in-process PDF cost): each shortcut of the PDF writer gives what reportlab's own path gave.

libdeflate for the Flate streams (same decoded bytes, zlib when the package is missing)."""

from __future__ import annotations

import io
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pytest

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
    """No ``deflate`` package (a Python it has no wheel for): no compressor, nothing patched."""
    monkeypatch.setitem(sys.modules, "deflate", None)  # any import of it now fails
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
