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
