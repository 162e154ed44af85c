"""pyphen's parsed hyphenation patterns kept in the per-user cache (issue 18).

``pyphen.HyphDict`` parses a ``hyph_*.dic`` of ~15,000 patterns at every start (0.1-0.3 s per
language on a loaded machine). The parsed table is plain data, so it is written with ``marshal``
(``…/article-convert/pyphen``), keyed by the dictionary file (path, size, mtime) and pyphen's
version; a damaged record is parsed again. Dictionaries with non-standard alternatives (pyphen's
``DataInt`` objects, which marshal refuses) are never cached.
"""

from __future__ import annotations

import itertools
import marshal
from pathlib import Path
from typing import Any

FORMAT = "pyphen-v1"


def _plain(patterns: dict[Any, Any]) -> bool:
    """True when the patterns look like ``str -> (int, tuple of int)`` (marshal itself refuses
    pyphen's DataInt alternatives, so a sample of entries suffices)."""
    for k, v in itertools.islice(patterns.items(), 0, None, max(1, len(patterns) // 64)):  # no list of all
        if not (type(k) is str and type(v) is tuple and len(v) == 2 and type(v[0]) is int
                and type(v[1]) is tuple and all(type(x) is int for x in v[1])):
            return False
    return True


def hyph_dict(path: Path) -> Any:
    """A ``pyphen.HyphDict`` for ``path``, from the cache when valid, else parsed (and cached)."""
    import pyphen

    from ..cache import file_key, read_cached, write_cached

    name = file_key(path, FORMAT, str(getattr(pyphen, "VERSION", getattr(pyphen, "__version__", "")))) + ".marshal"
    raw = read_cached("pyphen", name)
    if raw is not None:
        try:
            patterns = marshal.loads(raw)
            if isinstance(patterns, dict) and patterns and _plain(patterns):
                hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
                hd.patterns = patterns
                hd.cache = {}
                hd.maxlen = max(map(len, patterns))
                return hd
        except (ValueError, EOFError, TypeError):
            pass  # damaged: parse again below
    hd = pyphen.HyphDict(path)
    try:
        write_cached("pyphen", name, marshal.dumps(hd.patterns))
    except ValueError:
        pass  # alternatives (DataInt objects): not plain data, parsed at every start
    return hd


def install(dict_name: str) -> None:
    """Put the (cached) parsed dictionary where ``pyphen.Pyphen(lang=dict_name)`` looks first."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(dict_name)]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = hyph_dict(Path(path))
