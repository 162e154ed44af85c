"""Font subsets for every writer that embeds fonts (EPUB ``--embed-fonts``, DOCX by default):
a face cut down to the characters a document shows, made once and cached.

Subsetting costs 0.2-0.7 s per face, so every subset is kept in an in-process LRU and on disk
(``$XDG_CACHE_HOME/article-convert/fonts`` or ``~/.cache/article-convert/fonts``), keyed by the
font file's hash and the sorted code points. Output is deterministic (no timestamps recalculated).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path


@functools.lru_cache(maxsize=1024)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cache_dir() -> Path:
    """Where subsets are kept between runs."""
    from .cache import user_cache_dir

    return user_cache_dir("fonts")


@functools.lru_cache(maxsize=64)
def subset(path: str, codepoints: tuple[int, ...]) -> bytes:
    """The face at ``path`` cut down to ``codepoints`` (from the disk cache when made before)."""
    st = os.stat(path)
    digest = hashlib.sha256(
        (_file_hash(path, st.st_mtime_ns, st.st_size) + ":" + ",".join(f"{c:x}" for c in codepoints)).encode()
    ).hexdigest()
    cached = cache_dir() / f"{digest[:32]}.ttf"
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
