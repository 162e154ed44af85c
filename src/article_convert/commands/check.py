"""``article-convert check FILE...``: validate EPUB, DOCX, PDF and FB2 files and print a verdict each."""

from __future__ import annotations

import click


@click.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable JSON list instead.")
def command(files: tuple[str, ...], as_json: bool) -> None:
    """Validate produced files (EPUB, DOCX, PDF, FB2); exit 1 if any fails.

    EPUB: structure, metadata, navigation, and EPUBCheck when Java is available.
    DOCX: parts and content types, main document, language.
    PDF: embedded fonts, extractable text, no missing glyphs.
    FB2: the FictionBook 2.0 schema.
    """
    from ..check import check_file
    from ..stdio import display, json_bytes

    results = [check_file(f) for f in files]
    if as_json:
        click.echo(json_bytes([r.to_dict() for r in results], indent=2).decode("utf-8"))
    else:
        for r in results:
            if r.ok:
                click.echo(f"OK    {display(r.path)}  ({r.kind}, {len(r.problems)} problems)")
            else:
                click.echo(f"FAIL  {display(r.path)}: {display('; '.join(r.problems))}")
    if any(not r.ok for r in results):
        raise SystemExit(1)
