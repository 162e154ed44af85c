"""How a batch shows progress: a rich bar on a terminal, plain log lines otherwise, or nothing."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from .records import Record


def describe(record: Record) -> str:
    """``converted sub/a.txt (0.05 s)`` or ``failed b.txt: the file is empty``."""
    if record.status == "failed":
        return f"failed {record.input}: {record.reason}"
    return f"{record.status} {record.input} ({sum(record.seconds.values()):.2f} s)"


class LogLines:
    """``[12/340] converted path (0.05 s)`` per finished input; failures also go to stderr."""

    def __init__(self, out: TextIO | None = None, quiet: bool = False) -> None:
        self.out = out or sys.stdout
        self.quiet = quiet

    def start(self, total: int, skipped: int) -> None:
        if not self.quiet and total:
            print(f"converting {total} file(s); {skipped} up to date", file=self.out, flush=True)

    def done(self, index: int, total: int, record: Record) -> None:
        if record.status == "failed":
            print(f"error: {record.input}: {record.reason}", file=sys.stderr, flush=True)
        if not self.quiet:
            print(f"[{index}/{total}] {describe(record)}", file=self.out, flush=True)

    def stop(self) -> None:
        pass


class Bar:
    """A rich progress bar (files done/total, rate, ETA); failures are printed above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=False)
        self.progress = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                 TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                 TextColumn("ETA"), TimeRemainingColumn(), console=self.console,
                                 auto_refresh=False, transient=True)
        self.task: Any = None

    def start(self, total: int, skipped: int) -> None:
        if total:
            self.progress.start()
            self.task = self.progress.add_task("batch", total=total, rate="")

    def done(self, index: int, total: int, record: Record) -> None:
        if record.status == "failed":
            from rich.markup import escape

            self.console.print(f"[red]error[/red]: {escape(f'{record.input}: {record.reason}')}", highlight=False)
        task = self.progress.tasks[0]
        rate = f"{task.speed:.1f} files/s" if task.speed else ""
        self.progress.update(self.task, completed=index, rate=rate)
        self.progress.refresh()

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
