"""Non-fatal problems found while converting one file, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import StrictModeError

Severity = Literal["info", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable ``code`` (e.g. ``glyph-fallback``), a message, and where it was."""

    code: str
    message: str
    severity: Severity = "warning"
    where: str = ""

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.severity}: [{self.code}] {self.message}{where}"


@dataclass
class Diagnostics:
    """The diagnostics of one conversion; with ``strict`` a warning raises at once.

    A finding with the code, message and severity of one already recorded is not recorded again:
    each writer meets the same missing image or dropped element, and one report is enough."""

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False, compare=False)

    def add(self, code: str, message: str, *, severity: Severity = "warning", where: str = "") -> None:
        """Record a finding once (raise StrictModeError for warnings in strict mode)."""
        key = (code, message, severity)
        if key in self._seen:
            return
        self._seen.add(key)
        diag = Diagnostic(code, message, severity, where)
        self.items.append(diag)
        if self.strict and severity == "warning":
            raise StrictModeError(f"{message} [{code}] (--strict)")

    def info(self, code: str, message: str, where: str = "") -> None:
        """Record an informational finding (never fatal)."""
        self.add(code, message, severity="info", where=where)

    def warnings(self) -> list[Diagnostic]:
        """Only the warnings."""
        return [d for d in self.items if d.severity == "warning"]

    def by_code(self, code: str) -> list[Diagnostic]:
        """Findings with the given code."""
        return [d for d in self.items if d.code == code]
