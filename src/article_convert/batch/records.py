"""The per-input records and the result of a batch (what the report and the summary show)."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["converted", "skipped", "failed"]


@dataclass
class Record:
    """What happened to one input; ``why`` says why it was (re)built or skipped."""

    key: str
    input: str
    status: Status
    reason: str = ""
    why: str = ""
    outputs: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    diagnostics: list[dict[str, str]] = field(default_factory=list)
    language: str = ""
    title: str = ""


@dataclass
class BatchResult:
    """Every record plus the totals; ``interrupted`` is the signal number that stopped the run."""

    records: list[Record] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    planned: int = 0
    """How many inputs needed converting (the progress total)."""
    finished: int = 0
    """How many of those were converted or failed before the run ended."""
    interrupted: int | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Problems of the run itself, not of one input (the manifest could not be saved): exit 1."""

    def count(self, status: Status) -> int:
        """How many inputs ended with ``status``."""
        return sum(1 for r in self.records if r.status == status)

    @property
    def not_started(self) -> int:
        """Inputs that were due for conversion but never finished (only after an interrupt)."""
        return self.planned - self.finished

    @property
    def exit_code(self) -> int:
        """0 all good, 1 any failure, 128+signal after SIGINT/SIGTERM."""
        if self.interrupted is not None:
            return 128 + self.interrupted
        return 1 if self.count("failed") or self.errors else 0

    @property
    def signal_name(self) -> str:
        """SIGINT / SIGTERM, for the summary."""
        return signal.Signals(self.interrupted).name if self.interrupted else ""
