"""Batch conversion of whole folders: discovery, output mapping, an incremental manifest, workers.

No click in here; ``article_convert.commands.batch`` is the command-line face. Nothing heavy
is imported at package import: writers load inside the workers.
"""

from __future__ import annotations

from .records import BatchResult, Record
from .report import report_data, summary_lines, write_report
from .runner import BatchConfig, Events, run_batch

__all__ = ["BatchConfig", "BatchResult", "Events", "Record", "report_data", "run_batch", "summary_lines",
           "write_report"]
