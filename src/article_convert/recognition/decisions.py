"""What recognition decided about one line, and why: the material of ``--explain``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decision:
    """One recognised part: ``part`` (title, lead, byline, date, boilerplate...), the line it came from,
    and the evidence (``why``)."""

    part: str
    line: str
    why: str = ""

    def __str__(self) -> str:
        line = self.line if len(self.line) <= 80 else self.line[:79] + "…"
        return f"{self.part} ← «{line}»" + (f" ({self.why})" if self.why else "")
