"""Image paths of one article made relative to the bundle's folder, checked against the article's own.

A writer resolves images under one ``base_dir``; in a bundle that is the common folder of all
articles, so ``photo.jpg`` of ``ru/a.txt`` becomes ``ru/photo.jpg``. A path that would escape its
own article's folder (``../x.png``, absolute, a URL) is replaced by one every writer refuses, so
the safety rule still holds per article (the writer reports it; the alt text stays).
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Any

from ..diagnostics import Diagnostics
from ..images import image_src_problem
from ..ir import Block, Image

REFUSED_PREFIX = "refused:"
"""Written before an unsafe path: looks like a URL scheme, so every writer refuses to load it."""


def rebase_images(blocks: tuple[Block, ...], prefix: str, diagnostics: Diagnostics) -> tuple[Block, ...]:
    """``blocks`` with every Image ``src`` prefixed by ``prefix`` (the article's folder below the base)."""
    if not prefix:
        return blocks
    return tuple(_map(b, prefix, diagnostics) for b in blocks)


def _map(node: Any, prefix: str, diagnostics: Diagnostics) -> Any:
    if isinstance(node, Image):
        return dataclasses.replace(node, src=_rebase(node.src, prefix, diagnostics))
    if isinstance(node, tuple):
        return tuple(_map(x, prefix, diagnostics) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple) or dataclasses.is_dataclass(value):
                new = _map(value, prefix, diagnostics)
                if new is not value:
                    changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _rebase(src: str, prefix: str, diagnostics: Diagnostics) -> str:
    problem = image_src_problem(src)
    if problem is not None:
        return src if "://" in src or src.startswith(("data:", REFUSED_PREFIX)) else REFUSED_PREFIX + src
    del diagnostics  # the writer reports the refused path when it meets it
    return posixpath.normpath(f"{prefix}/{src.strip()}")
