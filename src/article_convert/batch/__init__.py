"""Batch conversion of whole folders: discovery, output mapping, an incremental manifest, workers.

No click in here; ``article_convert.commands.batch`` is the command-line face. Nothing heavy
is imported at package import: writers load inside the workers, and the names below load on
first use (PEP 562), so a single conversion that only asks ``batch.storage`` whether a path is a
storage URL does not import the runner, multiprocessing and concurrent.futures (issue 18).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import BatchResult, Record
    from .report import report_data, summary_lines, write_report
    from .runner import BatchConfig, Events, run_batch

_WHERE = {"BatchResult": "records", "Record": "records", "report_data": "report", "summary_lines": "report",
          "write_report": "report", "BatchConfig": "runner", "Events": "runner", "run_batch": "runner"}

__all__ = ["BatchConfig", "BatchResult", "Events", "Record", "report_data", "run_batch", "summary_lines",
           "write_report"]


def __getattr__(name: str) -> Any:
    """The public names, imported from their module on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
