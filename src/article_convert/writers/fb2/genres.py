"""The genre codes FictionBook allows (read once from the bundled FictionBookGenres.xsd)."""

from __future__ import annotations

import functools
import re


@functools.cache
def known_genres() -> frozenset[str]:
    """Every value of the genre enumeration; empty when the schema is not installed."""
    from ...check.schemas import fb2_schema_dir

    directory = fb2_schema_dir()
    if directory is None:
        return frozenset()
    text = (directory / "FictionBookGenres.xsd").read_text(encoding="utf-8")
    return frozenset(re.findall(r'<xs:enumeration value="([^"]+)"', text))
