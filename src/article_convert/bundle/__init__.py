"""Many articles -> one book: discovery, reading each with its own Context, sections, order, cover.

No click in here (``article_convert.commands.bundle`` is the command-line face) and nothing heavy
at import: writers and Pillow load when a bundle is written.
"""

from __future__ import annotations

from ..ir.book import Part, articles, is_bundle, parts
from .arrange import build_bundle, default_title
from .run import BundleConfig, BundleResult, run_bundle

__all__ = ["BundleConfig", "BundleResult", "Part", "articles", "build_bundle", "default_title", "is_bundle",
           "parts", "run_bundle"]
