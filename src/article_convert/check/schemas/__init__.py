"""Where the bundled validation schemas live (FictionBook 2.0 XSDs, BSD-style licence in LICENSE.md)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_FB2 = "ARTICLE_CONVERT_FB2_SCHEMAS"
_BUNDLED_FB2 = Path(__file__).resolve().parent / "fb2"


def fb2_schema_dir() -> Path | None:
    """The folder holding FictionBook.xsd: $ARTICLE_CONVERT_FB2_SCHEMAS, else the bundled copy."""
    for candidate in (os.environ.get(ENV_FB2), _BUNDLED_FB2):
        if candidate and (Path(candidate) / "FictionBook.xsd").is_file():
            return Path(candidate)
    return None
