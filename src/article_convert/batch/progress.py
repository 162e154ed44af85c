"""How a batch shows progress: a rich bar on a terminal, plain log lines otherwise, or nothing."""

from __future__ import annotations

from typing import Any, TextIO

from ..stdio import display, print_line, stdout_gone
from .records import Record


def describe(record: Record) -> str:
    """``converted sub/a.txt (0.05 s)`` or ``failed b.txt: the file is empty``."""
    if record.status == "failed":
        return f"failed {display(record.input)}: {display(record.reason)}"
    return f"{record.status} {display(record.input)} ({sum(record.seconds.values()):.2f} s)"


class LogLines:
    """``[12/340] converted path (0.05 s)`` per finished input; failures also go to stderr.

    Standard output closed or its reader gone (``batch … | head -1``): the batch goes on
    converting, says so once on stderr and prints nothing more to stdout (see ``stdio``).
    """

    def __init__(self, out: TextIO | None = None, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet

    def _print(self, text: str) -> None:
        if self.out is None:
            print_line(text)
            return
        try:
            print(text, file=self.out, flush=True)
        except BrokenPipeError:
            stdout_gone("progress is no longer shown; converting continues")

    def start(self, total: int, skipped: int) -> None:
        if not self.quiet and total:
            self._print(f"converting {total} file(s); {skipped} up to date")

    def done(self, index: int, total: int, record: Record) -> None:
        if record.status == "failed":
            print_line(f"error: {display(record.input)}: {display(record.reason)}", err=True)
        if not self.quiet:
            self._print(f"[{index}/{total}] {describe(record)}")

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

            self.console.print(f"[red]error[/red]: {escape(f'{display(record.input)}: {display(record.reason)}')}",
                               highlight=False)
        task = self.progress.tasks[0]
        rate = f"{task.speed:.1f} files/s" if task.speed else ""
        self.progress.update(self.task, completed=index, rate=rate)
        self.progress.refresh()

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
