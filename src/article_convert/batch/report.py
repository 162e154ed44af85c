"""The JSON report (``--report``) and the summary printed at the end of a batch."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .. import __version__
from ..stdio import display, json_bytes
from .records import BatchResult
from .storage import RemotePath, write_file


def report_data(result: BatchResult, formats: list[str], outdir: Path | RemotePath) -> dict[str, Any]:
    """Everything about the run as plain data: one entry per input plus totals."""
    return {
        "tool": "article-convert",
        "version": __version__,
        "outdir": str(outdir),
        "formats": list(formats),
        "jobs": result.jobs,
        "inputs": [dataclasses.asdict(r) for r in result.records],
        "totals": {
            "inputs": len(result.records) + result.not_started,
            "converted": result.count("converted"),
            "skipped": result.count("skipped"),
            "failed": result.count("failed"),
            "not_started": result.not_started,
            "seconds": round(result.seconds, 3),
            "interrupted": result.signal_name or None,
        },
    }


def write_report(path: Path | RemotePath, result: BatchResult, formats: list[str], outdir: Path | RemotePath) -> None:
    """Write the report as JSON, atomically (a local file or a storage URL)."""
    write_file(path, json_bytes(report_data(result, formats, outdir), indent=2))


def summary_lines(result: BatchResult) -> list[str]:
    """The closing summary: a small table of counts, the time, and every failure with its reason."""
    converted, skipped, failed = result.count("converted"), result.count("skipped"), result.count("failed")
    lines = []
    if result.interrupted:
        lines.append(f"Interrupted by {result.signal_name}: stopped the workers; {result.not_started} input(s) "
                     "not converted (run the same command again to finish).")
    elif not converted and not failed and not result.not_started:
        lines.append(f"Nothing to do: all {skipped} input(s) are up to date." if skipped
                     else "No input files found.")
    total = len(result.records) + result.not_started
    lines += [
        f"  converted {converted:>6}",
        f"  skipped   {skipped:>6}  (up to date)",
        f"  failed    {failed:>6}",
    ]
    if result.not_started:
        lines.append(f"  not done  {result.not_started:>6}")
    lines.append(f"  total     {total:>6}  in {result.seconds:.2f} s with {result.jobs} job(s)")
    failures = [r for r in result.records if r.status == "failed"]
    if failures:
        lines.append("Failures:")
        lines += [f"  {display(r.input)}: {display(r.reason)}" for r in failures]
    if result.errors:
        lines.append("Errors:")
        lines += [f"  {display(e)}" for e in result.errors]
    return lines
