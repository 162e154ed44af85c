"""Font subsets for every writer that embeds fonts (EPUB ``--embed-fonts``, DOCX by default):
a face cut down to the characters a document shows, made once and cached.

Subsetting costs 0.2-0.7 s per face, so every subset is kept in an in-process LRU and on disk
(``$XDG_CACHE_HOME/article-convert/fonts`` or ``~/.cache/article-convert/fonts``), keyed by the
font file's hash and the sorted code points. Output is deterministic (no timestamps recalculated).

So that a new user's first DOCX does not pay the subsetter either, the subsets of the bundled
Noto faces for the most common block sets (``SHIPPED_BLOCK_SETS``) are made at build time by
``python -m article_convert.fontsubset`` and shipped in ``article_convert/fontsubsets/``, named by
the same key as the disk cache (so a changed font file simply misses them; a test checks they are
up to date with ``fonts/``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import zlib
from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent / "fontsubsets"
# 128-character blocks (first code point) whose subsets ship with the package: the DOCX writer asks
# for whole blocks (writers/docx/fontembed.py), and these are what Russian and Kazakh/Tatar/Bashkir
# articles touch (measured over the shared corpus): ASCII, Latin-1 (guillemets), Cyrillic, its
# second half, General Punctuation.
SHIPPED_BLOCK_SETS: tuple[tuple[int, ...], ...] = (
    (0x0000, 0x0080, 0x0400, 0x2000),
    (0x0000, 0x0080, 0x0400, 0x0480, 0x2000),
    (0x0000, 0x0400, 0x2000),
    (0x0000, 0x0400, 0x0480, 0x2000),
    (0x0000, 0x2000),  # digits and dashes only (a byline, a page number)
)
SHIPPED_FACES = ("NotoSerif", "NotoSans")


@functools.lru_cache(maxsize=1024)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    """SHA-256 of a font file, kept in the user cache by (path, size, mtime) like the cmaps: reading
    and hashing the four ~0.6 MB faces a DOCX embeds cost ~3 ms of every cold start (issue 18)."""
    from .cache import file_key, read_cached, write_cached

    name = file_key(Path(path), "sha256-v1")
    cached = read_cached("filehash", name)
    if cached is not None and len(cached) == 64 and not cached.strip(b"0123456789abcdef"):
        return cached.decode("ascii")
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    write_cached("filehash", name, digest.encode("ascii"))
    return digest


def cache_dir() -> Path:
    """Where subsets are kept between runs."""
    from .cache import user_cache_dir

    return user_cache_dir("fonts")


@functools.lru_cache(maxsize=64)
def subset(path: str, codepoints: tuple[int, ...]) -> bytes:
    """The face at ``path`` cut down to ``codepoints`` (from the disk cache when made before)."""
    name = subset_name(path, codepoints)
    try:
        return zlib.decompress((SHIPPED_DIR / f"{name}.z").read_bytes())
    except (OSError, zlib.error):
        pass
    cached = cache_dir() / name
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = make_subset(path, codepoints)
    try:
        from .atomic import write_atomic

        write_atomic(cached, data)
    except OSError:
        pass  # a read-only home: the in-process cache still helps
    return data


def subset_name(path: str, codepoints: tuple[int, ...]) -> str:
    """The file name of a subset: a hash of the font file's bytes and of the code points."""
    st = os.stat(path)
    digest = hashlib.sha256(
        (_file_hash(path, st.st_mtime_ns, st.st_size) + ":" + ",".join(f"{c:x}" for c in codepoints)).encode()
    ).hexdigest()
    return f"{digest[:32]}.ttf"


def shipped_requests() -> list[tuple[str, tuple[int, ...]]]:
    """(font file, code points) of every subset made at build time: each bundled Noto face, each
    ``SHIPPED_BLOCK_SETS`` entry cut to the characters the face has (as the DOCX writer asks)."""
    from .fonts import cmap, fonts_dir

    out = []
    for stem in SHIPPED_FACES:
        for style in ("Regular", "Bold", "Italic", "BoldItalic"):
            path = fonts_dir() / f"{stem}-{style}.ttf"
            have = sorted(cmap(path))
            for blocks in SHIPPED_BLOCK_SETS:
                out.append((str(path), tuple(cp for cp in have if cp - cp % 128 in blocks)))
    return out


def build_shipped(dest: Path = SHIPPED_DIR) -> list[Path]:
    """Make the shipped subsets (deflated) into ``dest``, removing stale ones; the files written."""
    dest.mkdir(parents=True, exist_ok=True)
    wanted = {subset_name(path, cps) + ".z": (path, cps) for path, cps in shipped_requests()}
    for old in dest.glob("*.ttf.z"):
        if old.name not in wanted:
            old.unlink()
    for name, (path, cps) in wanted.items():
        if not (dest / name).is_file():
            (dest / name).write_bytes(zlib.compress(make_subset(path, cps), 9))
    return sorted(dest / name for name in wanted)


def make_subset(path: str, codepoints: tuple[int, ...]) -> bytes:
    """Run fontTools' subsetter (uncached): outlines without hinting, every name kept."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamp (DejaVu): not subsettable
    font = TTFont(path, recalcTimestamp=False, fontNumber=0)  # fontNumber: a .ttc gives its first face
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


if __name__ == "__main__":  # python -m article_convert.fontsubset: rebuild the shipped subsets
    for made in build_shipped():
        print(made)
