"""reportlab's PDF object formatting with two shortcuts that give the same bytes (issue 18).

When reportlab writes the document it encodes every key, number and string through
``pdfdocEnc`` (a Python-level ``extpdfdoc`` codec) and builds every dictionary key with
``PDFName`` (a loop over its characters): about 18,000 and 5,000 calls for a three-page
article. Here an ASCII string without the eight control characters PDFDocEncoding redefines
(U+0018–U+001F) is encoded by the C ASCII codec, which gives the same bytes, and names are
remembered (a name is a function of its text alone). Everything else goes through reportlab's
own code, unchanged. An array of plain numbers (a font's /Widths) is formatted by one call of
reportlab's C number formatter instead of one dispatch per number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

_REDEFINED = re.compile("[\x18-\x1f]")  # the only ASCII code points extpdfdoc does not map to themselves


def fast_encoder(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``pdfdocEnc`` with the plain-ASCII case done by the ASCII codec (``slow`` for the rest)."""
    search = _REDEFINED.search

    def pdfdoc_enc(x: Any) -> Any:
        if isinstance(x, str):
            if x.isascii() and search(x) is None:
                return x.encode("ascii")
            return slow(x)
        return x

    return pdfdoc_enc


def fast_array_format(slow: Callable[..., bytes], fp_str: Callable[..., str]) -> Callable[..., bytes]:
    """``PDFArray.format`` for an array of plain numbers (a font's /Widths: ~130 each): the numbers
    formatted by one ``fp_str`` call in C (it joins them with spaces, as the elements are joined),
    then laid out exactly as reportlab does; any other array goes to ``slow``."""
    from reportlab import rl_config

    def format_array(self: Any, document: Any, IND: bytes = b"\n ") -> bytes:
        seq = self.sequence
        if not seq or not all(type(e) is int or type(e) is float for e in seq):
            return slow(self, document, IND)
        items = fp_str(seq).encode("ascii").split(b" ")
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            joined = IND.join(items)
        else:
            for i in reversed(range(10, len(items), 10)):  # a line break every 10 numbers, as reportlab
                items.insert(i, b"\n ")
            joined = b" ".join(items)
        return b"[ " + joined + b" ]"

    return format_array


def file_class(base: type) -> type:
    """reportlab's ``PDFFile`` (the output collector) writing into one ``BytesIO`` instead of a list
    joined at the end: ``getvalue`` hands over that buffer without a copy, so the finished file is
    in memory once, not twice (a PDF of 200,000 links is over 100 MB). Same bytes, same offsets."""
    import io

    class PDFFile(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # a list holding the header
            buffer = io.BytesIO()
            for piece in self.strings:
                buffer.write(piece)
            del self.strings  # (read by reportlab's digital signatures only, which are not used)
            self._ac_buffer = buffer
            self.write = buffer.write

        def format(self, document: Any) -> bytes:
            return self._ac_buffer.getvalue()

    return PDFFile


@functools.cache
def install() -> None:
    """Put the shortcuts into reportlab's ``pdfdoc`` (once per process)."""
    from reportlab.pdfbase import pdfdoc

    if not (callable(getattr(pdfdoc, "pdfdocEnc", None)) and callable(getattr(pdfdoc, "PDFName", None))):
        raise RuntimeError("reportlab.pdfbase.pdfdoc changed: update pdfformat.py")
    pdfdoc.pdfdocEnc = fast_encoder(pdfdoc.pdfdocEnc)
    pdfdoc.PDFName = functools.lru_cache(maxsize=4096)(pdfdoc.PDFName)
    pdfdoc.PDFArray.format = fast_array_format(pdfdoc.PDFArray.format, pdfdoc.fp_str)
    pdfdoc.PDFFile = file_class(pdfdoc.PDFFile)
