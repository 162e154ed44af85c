"""reportlab's TrueType subsetting (``TTFontFile.makeSubset``), the same bytes in less time (issue 18).

reportlab builds each embedded subset by reading the font through its parser one short at a time
(a method call per glyph for the composite check, another per horizontal metric). This does the
same steps in the same order with ``struct.unpack_from`` on the font's bytes, and keeps per face
what never changes between documents: the component glyphs of each composite glyph and where
their indices sit. The font file (its tables, checksums, table order) comes out byte-identical
(``tests/test_pdf_speed_paths.py`` compares every bundled face); a font this code finds odd (a
glyph too short to read) is left to reportlab's own ``makeSubset``.
"""

from __future__ import annotations

import struct
from typing import Any

# composite glyph flags (TrueType 'glyf'), as reportlab names them
_ARG_1_AND_2_ARE_WORDS = 1 << 0
_WE_HAVE_A_SCALE = 1 << 3
_MORE_COMPONENTS = 1 << 5
_WE_HAVE_AN_X_AND_Y_SCALE = 1 << 6
_WE_HAVE_A_TWO_BY_TWO = 1 << 7

Components = tuple[tuple[int, int], ...]  # (offset in the glyph of a component index, that index)
_H = struct.Struct(">h")
_HH = struct.Struct(">HH")


class _Odd(Exception):
    """A glyph this fast path does not read like reportlab does: let reportlab subset the font."""


def _components(glyf: bytes, pos: int, length: int) -> Components:
    """The component glyph indices of one glyph (empty for a simple one), read as reportlab reads them."""
    if length < 2:
        raise _Odd
    if _H.unpack_from(glyf, pos)[0] >= 0:
        return ()
    out: list[tuple[int, int]] = []
    at = 10  # after numberOfContours and the bounding box
    flags = _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        if at + 4 > length:
            raise _Odd
        flags, index = _HH.unpack_from(glyf, pos + at)
        out.append((at + 2, index))
        at += 8 if flags & _ARG_1_AND_2_ARE_WORDS else 6
        if flags & _WE_HAVE_A_SCALE:
            at += 2
        elif flags & _WE_HAVE_AN_X_AND_Y_SCALE:
            at += 4
        elif flags & _WE_HAVE_A_TWO_BY_TWO:
            at += 8
    return tuple(out)


def make_subset(face: Any, subset: list[int]) -> bytes:
    """``face.makeSubset(subset)``, byte for byte (the subset's codes in order; 0 for a missing glyph)."""
    try:
        return _make_subset(face, subset)
    except (_Odd, struct.error):
        from reportlab.pdfbase.ttfonts import TTFontFile

        return bytes(TTFontFile.makeSubset(face, subset))


def _font_file(tables: dict[str, bytes]) -> bytes:
    """``TTFontMaker.makeStream``: the same file, its whole-file checksum summed from the tables'
    (each is padded to four bytes, so it equals the checksum of the whole) instead of read again."""
    from reportlab.lib.rl_accel import add32, calcChecksum

    items = sorted(tables.items())
    count = len(items)
    search, selector = 1, 0
    while search * 2 <= count:
        search, selector = search * 2, selector + 1
    search *= 16
    directory = [struct.pack(">lHHHH", 0x00010000, count, search, selector, count * 16 - search)]
    body: list[bytes] = []
    offset = 12 + count * 16
    head_at = -1
    total = 0
    for tag, data in items:
        if tag == "head":
            head_at = offset
        checksum = calcChecksum(data)
        total = add32(total, checksum)
        directory.append(tag.encode("latin-1") + struct.pack(">LLL", checksum, offset, len(data)))
        offset += (len(data) + 3) & ~3
        body.append(data)
        if len(data) & 3:
            body.append(b"\0" * (4 - (len(data) & 3)))
    head = b"".join(directory)
    out = bytearray(head)
    for part in body:
        out += part
    if head_at < 0:
        raise _Odd
    struct.pack_into(">L", out, head_at + 8, add32(0xB1B0AFBA, -add32(total, calcChecksum(head))) & 0xFFFFFFFF)
    return bytes(out)


def _make_subset(face: Any, subset: list[int]) -> bytes:
    from reportlab.pdfbase.ttfonts import TTFontMaker, _set_ushort

    c2g = face.charToGlyph
    glyph_map = [0]  # new glyph index -> old glyph index
    glyph_set = {0: 0}  # old glyph index -> new glyph index
    code_to_glyph: dict[int, int] = {}
    for code in subset:
        g = c2g.get(code, 0)
        new = glyph_set.get(g)
        if new is None:
            new = glyph_set[g] = len(glyph_map)
            glyph_map.append(g)
        code_to_glyph[code] = new

    data = face._ttf_data
    glyf_start, glyf_length = face.get_table_pos("glyf")
    glyph_pos = face.glyphPos
    known: dict[int, Components] = face.__dict__.setdefault("_ac_components", {})
    comps: dict[int, Components] = {}
    n = 0
    while n < len(glyph_map):  # the composite glyphs' parts join the subset, in reportlab's order
        g = glyph_map[n]
        n += 1
        start = glyph_pos[g]
        length = glyph_pos[g + 1] - start
        if not length:
            continue
        parts = known.get(g)
        if parts is None:
            parts = known[g] = _components(data, glyf_start + start, length)
        if parts:
            comps[g] = parts
            for _, index in parts:
                if index not in glyph_set:
                    glyph_set[index] = len(glyph_map)
                    glyph_map.append(index)

    output = TTFontMaker()
    for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):  # copied from the original
        try:
            output.add(tag, face.get_table(tag))
        except KeyError:
            pass
    output.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)

    num_glyphs = len(glyph_map)
    metrics = face.hmetrics
    advances = getattr(metrics, "advances", None)
    hmtx: list[int] = []
    if advances is not None:  # ttfcache.Metrics: two typed arrays
        bearings = metrics.bearings
        for g in glyph_map:
            hmtx.append(int(advances[g]))
            hmtx.append(int(bearings[g]))
    else:
        for g in glyph_map:
            aw, lsb = metrics[g]
            hmtx.append(int(aw))
            hmtx.append(int(lsb))
    k = len(hmtx) - 2
    while k and hmtx[k] == hmtx[k - 2]:
        k -= 2
    k += 2
    number_of_hmetrics = k >> 1
    hmtx = hmtx[:k] + hmtx[k + 1::2]
    output.add("hmtx", struct.pack(f">{len(hmtx)}H", *hmtx))
    output.add("hhea", _set_ushort(face.get_table("hhea"), 34, number_of_hmetrics))
    output.add("maxp", _set_ushort(face.get_table("maxp"), 4, num_glyphs))

    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)]
    cmap.extend(map(code_to_glyph.get, subset))  # type: ignore[arg-type]
    output.add("cmap", struct.pack(f">{len(cmap)}H", *cmap))

    glyf = memoryview(data)[glyf_start:glyf_start + glyf_length]  # slices stop at the table's end, as reportlab's
    pieces: list[bytes] = []
    offsets: list[int] = []
    pos = 0
    for g in glyph_map:
        offsets.append(pos)
        start = glyph_pos[g]
        length = glyph_pos[g + 1] - start
        piece = glyf[start:start + length]
        parts = comps.get(g)
        if parts is not None and length > 2:
            mutable = bytearray(piece)
            for at, index in parts:
                struct.pack_into(">H", mutable, at, glyph_set[index])
            pieces.append(bytes(mutable))
        else:
            pieces.append(bytes(piece))
        pos += length
        if pos & 3:
            pad = 4 - (pos & 3)
            pieces.append(b"\0" * pad)
            pos += pad
    offsets.append(pos)
    output.add("glyf", b"".join(pieces))
    if (pos + 1) >> 1 > 0xFFFF:
        loc_format = 1
        loca = struct.pack(f">{len(offsets)}L", *offsets)
    else:
        loc_format = 0
        loca = struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
    output.add("loca", loca)
    output.add("head", _set_ushort(face.get_table("head"), 50, loc_format))
    return _font_file(output.tables)
