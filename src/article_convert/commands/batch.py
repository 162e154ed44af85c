"""``article-convert batch``: convert whole folders with workers, incrementally, with a report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..cli import (
    build_fetch,
    build_options,
    check_outputs,
    conversion_options,
    fail,
    split_formats,
    web_options,
)
from ..stdio import display, is_gone, print_line

EPILOG = """\b
Examples:
  article-convert batch архив/ -o out/ -t epub,docx,pdf
  article-convert batch a/ b/ one.txt -o out/ -t pdf --jobs 4 --report report.json
  article-convert batch архив/ -o out/ -t epub --include '*.txt' --exclude 'drafts/*'
\b
The source tree is mirrored under OUTDIR (архив/2024/x.txt -> out/2024/x.epub); files given
directly go to the top of OUTDIR. Hidden files and folders are skipped. A second run converts
only what changed: a manifest in OUTDIR (.article-convert-manifest.json) remembers the content
hash, the options and the tool version of every input and the outputs it produced; --force
rebuilds everything. Two inputs that would write the same output (a.txt and a.md) both fail
with a clear reason; nothing is overwritten. Exit codes: 0 all converted or up to date, 1 some
input failed (or the manifest/report could not be written), 2 usage error, 130/143 interrupted
by SIGINT/SIGTERM (no partial files are left; run again to finish). A worker process that dies
(killed, out of memory) fails its file and leaves no partial file; workers exit by themselves
if the batch process is killed. Temporary files of killed runs (.article-convert-*.part, untouched
for 15 minutes) are removed by the next run.
\b
Symbolic links that lead out of a SRC folder are skipped with a warning unless
--follow-symlinks. Files an earlier run wrote (the manifest remembers them) are never inputs, so
OUTDIR may be the SRC folder itself. If standard output is closed (batch … | head -1), the batch
goes on converting: it says so once on standard error and prints its summary there.
\b
URLs (and --urls FILE, one per line) are fetched and converted on every run into OUTDIR/HOST/SLUG.ext;
the HTTP cache (~/.cache/article-convert/http, --no-cache) means an unchanged page is not downloaded
again. http(s) only, public addresses only unless --allow-private-network.
"""


@click.command("batch", epilog=EPILOG)
@click.argument("sources", nargs=-1, metavar="SRC|URL...")
@click.option("--urls", "url_files", multiple=True, metavar="FILE",
              help="A file of URLs (and paths), one per line; # starts a comment.")
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", help="Folder for the outputs.")
@click.option("-t", "--to", "formats", multiple=True, callback=split_formats, required=True, metavar="FORMATS",
              help="Output format(s), comma-separated: epub, docx, pdf, json…")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: number of CPUs; 1 = in this process).")
@click.option("--scheduler", metavar="local:N|tcp://HOST:PORT",
              help="Convert on Dask: N workers on this machine, or a running `dask scheduler` "
                   "(needs the dask extra; default: local worker processes).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only files matching GLOB (path below SRC or name); default: every extension a reader claims.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB.")
@click.option("--force", is_flag=True, help="Rebuild everything, even outputs that are up to date.")
@click.option("--report", "report_path", metavar="FILE", help="Write a JSON report of every input and the totals.")
@click.option("--check", "check", is_flag=True,
              help="Validate every file this run wrote (as `check` does); exit 1 if any fails.")
@click.option("--follow-symlinks", is_flag=True,
              help="Also convert files reached through symbolic links that lead out of SRC (off: skipped).")
@conversion_options
@web_options
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
def command(sources: tuple[str, ...], outdir: str, formats: list[str], jobs: int | None, include: tuple[str, ...],
            exclude: tuple[str, ...], force: bool, report_path: str | None, check: bool, follow_symlinks: bool,
            quiet: bool, from_format: str | None, url_files: tuple[str, ...], scheduler: str | None,
            **kw: Any) -> None:
    """Convert every article under SRC folders (and SRC files, and URLs) into OUTDIR, mirroring the tree."""
    from ..batch import BatchConfig, run_batch, summary_lines, write_report
    from ..batch.storage import location
    from ..errors import ArticleConvertError, UsageError
    from .bundle import read_url_files

    try:
        inputs = list(sources) + list(read_url_files(url_files))
        if not inputs:
            raise UsageError("nothing to convert: give SRC folders, files or URLs, or --urls FILE")
        out = location(outdir)
        report_to = location(report_path) if report_path else None
        if check and not isinstance(out, Path):
            raise UsageError("--check validates local files only: OUTDIR is on storage")
    except ArticleConvertError as exc:
        fail(exc)
        return
    config = BatchConfig(inputs, out, formats, build_options(kw), from_format, jobs,
                         tuple(include), tuple(exclude), force, build_fetch(kw), follow_symlinks, scheduler)
    events = _events(quiet)
    try:
        result = run_batch(config, events)
    except ArticleConvertError as exc:
        fail(exc)
        return
    finally:
        events.stop()
    for warning in result.warnings:
        print_line(f"warning: {display(warning)}", err=True)
    for error in result.errors:
        print_line(f"error: {display(error)}", err=True)
    exit_code = result.exit_code
    if report_to is not None:
        try:
            write_report(report_to, result, formats, config.outdir)
        except OSError as exc:
            print_line(f"error: --report {display(report_path)}: cannot write the report "
                       f"({exc.strerror or exc})", err=True)
            exit_code = max(exit_code, 1)
    for line in summary_lines(result):
        print_line(line, err=is_gone())  # stdout gone (| head): the summary still reaches a person
    if check and result.interrupted is None:
        written = [Path(o["path"]) for r in result.records if r.status == "converted" for o in r.outputs]
        if check_outputs(written, quiet) and exit_code == 0:
            exit_code = 1
    sys.exit(exit_code)


def _events(quiet: bool) -> Any:
    """A rich bar on a terminal, log lines when piped, only errors with --quiet."""
    from ..batch.progress import Bar, LogLines

    if not quiet and sys.stdout.isatty():
        try:
            return Bar()
        except ImportError:  # rich missing: plain lines still work
            pass
    return LogLines(quiet=quiet)
