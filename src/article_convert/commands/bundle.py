"""``article-convert bundle``: many articles -> one book (EPUB, PDF, DOCX, FB2) with sections and a cover."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..cli import build_options, conversion_options, fail

EPILOG = """\b
Examples:
  article-convert bundle неделя/ -o digest.epub
  article-convert bundle ru/ kk/ uk/ -o digest.fb2.zip --title "Обзор прессы"
  article-convert bundle статьи/ -o digest.pdf --profile kindle --section-by date --sort title
\b
Sections: by default each sub-folder of a SRC folder (or each SRC folder) is a section; with
--section-by source the articles' publisher, date their day, none gives a flat list. A single
section means no section level. Inside a section articles go by date (undated ones after, by file
name), or by --sort name|title. Title and date default to "Подборка статей, DD.MM.YYYY" and today,
in the language most articles share (or --lang). Bundles always get a cover (generated, or
--cover-image FILE). An input that cannot be read is reported and left out; the bundle of the
rest is still written and the exit code is 1 (with --strict nothing is written). Exit codes:
0 every input is in the bundle, 1 some input failed (or --check failed), 2 usage error.
"""


@click.command("bundle", epilog=EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SRC...")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The book to write: .epub, .pdf, .docx, .fb2 or .fb2.zip.")
@click.option("--title", metavar="TEXT", help='Book title (default: "Подборка статей, DD.MM.YYYY").')
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Book date (default: today).")
@click.option("--section-by", type=click.Choice(["folder", "source", "date", "none"]), default="folder",
              show_default=True, help="What makes a section.")
@click.option("--sort", type=click.Choice(["date", "name", "title"]), default="date", show_default=True,
              help="Order of the articles inside a section.")
@click.option("--check", "run_check", is_flag=True, help="Validate the written book (as `check` does).")
@conversion_options
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def command(sources: tuple[str, ...], output: str, title: str | None, date_text: str | None, section_by: str,
            sort: str, run_check: bool, quiet: bool, from_format: str | None, **kw: Any) -> None:
    """Bundle the articles under SRC folders (and SRC files) into one book with a table of contents."""
    from ..bundle import BundleConfig, run_bundle
    from ..errors import ArticleConvertError

    config = BundleConfig(tuple(sources), Path(output), build_options(kw), from_format,
                          section_by, sort, title, date_text)  # type: ignore[arg-type]

    def progress(found: Any, error: str | None) -> None:
        if error:
            click.echo(f"error: {error}", err=True)

    try:
        result = run_bundle(config, progress)
    except ArticleConvertError as exc:
        fail(exc)
        return
    if not quiet:
        for name, diag in result.warnings:
            click.echo(f"warning: {name}: {diag.message} [{diag.code}]", err=True)
        skipped = f", {len(result.failures)} skipped" if result.failures else ""
        click.echo(f"wrote {result.output} ({result.articles} articles{skipped})", err=True)
    code = result.exit_code
    if run_check:
        code = max(code, _check(result.output))
    sys.exit(code)


def _check(path: Path) -> int:
    """Validate the written book; 1 when the check fails."""
    from ..check import check_file

    verdict = check_file(path)
    if verdict.ok:
        click.echo(f"OK    {path}  ({verdict.kind})", err=True)
        return 0
    click.echo(f"FAIL  {path}: {'; '.join(verdict.problems)}", err=True)
    return 1
