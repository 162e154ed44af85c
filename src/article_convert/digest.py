"""SHA-256 digests for the start-up path without importing ``hashlib`` (issue 18).

``import hashlib`` loads OpenSSL's ``_hashlib`` (~4-6 ms CPU of a cold start measured on this
project's machine); ``-t json`` and ``--help`` need no other hash. CPython's own SHA-256 module
(``_sha256``, ``_sha2`` from 3.12) gives the same digest and loads in well under a millisecond;
once something else has imported ``hashlib`` (reportlab does, for the PDF), its faster OpenSSL
function is used. Any other interpreter simply gets ``hashlib``.
"""

from __future__ import annotations

import sys
from typing import Any

_builtin: Any = None


def _constructor() -> Any:
    global _builtin
    loaded = sys.modules.get("hashlib")
    if loaded is not None:
        return loaded.sha256
    if _builtin is None:
        try:
            from _sha256 import sha256 as found  # type: ignore[import-not-found]  # CPython <= 3.11
        except ImportError:
            try:
                from _sha2 import sha256 as found  # type: ignore[import-not-found,no-redef]  # CPython 3.12+
            except ImportError:
                from hashlib import sha256 as found  # type: ignore[assignment]
        _builtin = found
    return _builtin


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits (what ``hashlib.sha256(data).hexdigest()`` gives)."""
    return str(_constructor()(data).hexdigest())


def sha256_object() -> Any:
    """A new SHA-256 hash object (``update`` piece by piece, then ``hexdigest``), as :func:`sha256_hex` makes."""
    return _constructor()()
