"""One bundle from start to end: find inputs, read each, arrange, render with one writer, write atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..context import Context, ConvertOptions
from ..diagnostics import Diagnostic, Diagnostics
from ..errors import InputError, UsageError, WriteError
from .arrange import Entry, SectionBy, SortBy, build_bundle
from .collect import Failure, Found, common_base, find_inputs, read_all, rebased


@dataclass(frozen=True)
class BundleConfig:
    """What ``article-convert bundle`` was asked to do."""

    sources: tuple[str, ...]
    output: Path
    options: ConvertOptions = field(default_factory=ConvertOptions)
    from_format: str | None = None
    section_by: SectionBy = "folder"
    sort: SortBy = "date"
    title: str | None = None
    date: str | None = None
    now: datetime | None = None
    """The clock for the default title/date and the writer (None = now, UTC)."""


@dataclass
class BundleResult:
    """What was written, from how many articles, what failed and what was noticed on the way."""

    output: Path
    articles: int
    failures: list[Failure]
    warnings: list[tuple[str, Diagnostic]]
    seconds: dict[str, float]

    @property
    def exit_code(self) -> int:
        """0 when every input made it into the bundle, 1 when some were skipped."""
        return 1 if self.failures else 0


def run_bundle(config: BundleConfig, progress: Callable[[Found, str | None], None] | None = None) -> BundleResult:
    """Build and write the bundle; single failing inputs are skipped (all of them fatal with --strict)."""
    from ..atomic import write_atomic
    from ..pipeline import render, writer_for_output

    writer, options = writer_for_output(config.output, config.options)
    now = config.now or datetime.now(timezone.utc).replace(microsecond=0)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    found = find_inputs(config.sources)
    if not found:
        raise UsageError("no input files found (give article files or folders holding them)")
    collected = read_all(found, options, config.from_format, progress)
    seconds["read"] = time.perf_counter() - t0
    if collected.failures and options.strict:
        first = collected.failures[0]
        raise InputError(f"{len(collected.failures)} input(s) failed; nothing written (--strict). "
                         f"First: {first.message}")
    if not collected.loaded:
        raise InputError("no input could be read; nothing written")
    base = common_base(collected.loaded)
    entries = [Entry(rebased(item, base), item.found.rel.as_posix(), item.found.folder, item.found.order)
               for item in collected.loaded]
    doc = build_bundle(entries, section_by=config.section_by, sort=config.sort, title=config.title,
                       date_text=config.date, lang=options.lang, now=now)
    ctx = Context(options=options, diagnostics=Diagnostics(strict=options.strict), now=now, base_dir=base,
                  source_name=config.output.name)
    t0 = time.perf_counter()
    data = render(doc, writer, ctx)
    seconds["write"] = time.perf_counter() - t0
    try:
        write_atomic(config.output, data)
    except OSError as exc:
        raise WriteError(f"cannot write {config.output}: {exc.strerror or exc}") from exc
    warnings = [(str(item.found.path), d) for item in collected.loaded for d in item.diagnostics.warnings()]
    warnings += [(config.output.name, d) for d in ctx.diagnostics.warnings()]
    return BundleResult(config.output, len(collected.loaded), collected.failures, warnings, seconds)
