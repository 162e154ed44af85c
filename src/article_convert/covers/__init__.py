"""The cover service: which cover a book gets (``choose``) and drawing a generated one (``draw``).

A service of its own, used by every writer (EPUB, PDF, DOCX, FB2) and by nothing below them:
it reads the IR (``ir.book`` for a bundle's section names), the per-language table for the
date line and the Context for ``--cover`` / ``--cover-image`` / ``--profile``; it imports no
writer and nothing from ``bundle/``. Cheap to import: Pillow loads only when a cover is drawn
or a user's image is checked.
"""

from __future__ import annotations

from .choose import DEFAULT_SIZE, CoverArt, cover_for, cover_size, cover_texts, user_cover, wants_cover

__all__ = ["DEFAULT_SIZE", "CoverArt", "cover_for", "cover_size", "cover_texts", "user_cover", "wants_cover"]
