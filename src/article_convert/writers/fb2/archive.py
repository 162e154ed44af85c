"""The ``.fb2.zip`` container: one FB2 file in a deflated zip, as PocketBook and FBReader expect."""

from __future__ import annotations

import io
import zipfile

_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_fb2(fb2_bytes: bytes, inner_name: str, *, date_time: tuple[int, ...] = _EPOCH) -> bytes:
    """A zip holding ``fb2_bytes`` as ``inner_name``; same input and date -> same bytes."""
    if not inner_name.lower().endswith(".fb2"):
        inner_name += ".fb2"
    stamp = tuple(date_time[:6]) if date_time[0] >= 1980 else _EPOCH
    info = zipfile.ZipInfo(inner_name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(info, fb2_bytes, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()
