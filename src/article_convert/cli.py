"""The command line: a thin click layer over pipeline/batch that prints and sets exit codes.

Heavy libraries are never imported here; sub-commands live in ``commands/`` and are
loaded only when called, so ``--help`` and ``formats`` stay fast.
"""

from __future__ import annotations

from . import startup  # noqa: F401  first: cached regexes and dataclass methods, GC threshold (issue 18)

# isort: split
import importlib
import signal
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import ArticleConvertError
from .stdio import display, print_line, stdout_gone, write_stdout_bytes

EPILOG = """\b
Examples:
  article-convert статья.txt -o статья.pdf            format from the suffix
  article-convert статья.txt -t epub,docx,pdf -o out/  three files named after the input
  article-convert статья.txt -t json                   the IR as JSON on standard output
  article-convert статья.txt -o a.epub -M author="Иван Петров" --lang kk
  article-convert статья.txt --explain -o /dev/null -t json
  article-convert https://site.kz/news/1 -o a.epub     a web page (http/https, public addresses only)
  article-convert batch архив/ -o out/ -t epub,pdf     whole folders (see batch --help)
  article-convert formats                              installed readers and writers
\b
Output rules: -o FILE.ext writes one file (format from the suffix unless -t);
-o DIR/ (or an existing folder) with -t writes DIR/STEM.ext per format; without -o,
JSON goes to standard output and other formats to STEM.ext in the current folder.
Every file is written to a temporary name and renamed into place; into a
device, FIFO or /dev/stdout the bytes are streamed; a symbolic link is written through.
"""

SUBCOMMANDS = {
    "formats": "article_convert.commands.formats:command",
    "batch": "article_convert.commands.batch:command",
    "bundle": "article_convert.commands.bundle:command",
    "check": "article_convert.commands.check:command",
}


class ArticleGroup(click.Group):
    """A group whose default command is ``convert``: ``article-convert FILE ...`` just works."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["convert"] + [n for n in SUBCOMMANDS if self.get_command(ctx, n) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None  # that sub-command is not part of this build
            raise
        cmd: click.Command = getattr(mod, attr)
        return cmd

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C ends every command with 130 (as batch does), a closed stdout without a traceback."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _say_interrupted(signal.SIGINT)
            sys.exit(130)
        except BrokenPipeError:
            stdout_gone()
            sys.exit(1)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in ("--help", "-h", "--version") and self.get_command(ctx, args[0]) is None:
            args = ["convert", *args]
        return super().parse_args(ctx, args)


@click.group(cls=ArticleGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, "--version", prog_name="article-convert")
def main() -> None:
    """Convert Cyrillic-script articles to EPUB, DOCX and PDF that look right.

    Run `article-convert INPUT [options]` to convert one file (see `article-convert convert --help`).
    """


def split_formats(_: click.Context, __: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """Split repeated and comma-separated -t values."""
    return [v.strip().lower() for value in values for v in value.split(",") if v.strip()]


def parse_pairs(_: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``key=value`` pairs, split; their values are checked once, with every other option, by
    ``settings.resolve_settings`` (UTF-8, no control characters, a valid ``lang`` and ``date``)."""
    out = []
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {display(value)!r}", param=param)
        out.append((key.strip(), val))
    return tuple(out)


def conversion_options(func: Any) -> Any:
    """Options shared by convert, batch and bundle (how to read and how to write)."""
    decorators = [
        click.option("-f", "--from", "from_format", metavar="FORMAT", help="Input format (default: by extension)."),
        click.option("-M", "--metadata", multiple=True, callback=parse_pairs, metavar="KEY=VALUE",
                     help="Set or override metadata: title, subtitle, lead, author, date, source, lang, keywords…"),
        click.option("--lang", metavar="TAG", help="Document language (BCP 47: ru, uk, kk, sr…); default: detect."),
        click.option("--encoding", metavar="NAME", help="Input encoding (default: detect)."),
        click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default="a4", show_default=True,
                     help="Page size for PDF and DOCX."),
        click.option("--keep-boilerplate", is_flag=True, help="Keep closing boilerplate (Читайте также…)."),
        click.option("--extract", type=click.Choice(["auto", "article", "page"], case_sensitive=False), default="auto",
                     show_default=True, help="Web pages: the extractors' article (auto), the page's whole <article>/<main> "
                     "(article), or the whole page (page), so nothing the extractor cuts is lost."),
        click.option("--keep-comments", is_flag=True, help="Keep Word/ODT comments, as notes (default: dropped, reported)."),
        click.option("--no-typography", is_flag=True, help="Leave quotes, dashes and spaces as in the input."),
        click.option("--soft-hyphens", is_flag=True, help="Insert soft hyphens into EPUB text for old readers."),
        click.option("--font-family", metavar="NAME|DIR", help="Body font: a bundled family or a folder of TTFs."),
        click.option("--profile", metavar="DEVICE",
                     help="Device profile: kindle, kobo, pocketbook, onyx, ereader-6in, tablet, a4, a5."),
        click.option("--cover", is_flag=True, help="Add a generated cover (title, source, date)."),
        click.option("--cover-image", metavar="FILE", help="Use this image as the cover."),
        click.option("--embed-fonts", is_flag=True, help="Embed subset fonts in EPUB output."),
        click.option("--no-embed-fonts", is_flag=True, help="Embed no fonts (DOCX embeds subsets by default)."),
        click.option("--strict", is_flag=True, help="Fail on warnings (missing glyphs, dropped content)."),
        click.option("--writer-option", "writer_options", multiple=True, callback=parse_pairs, metavar="KEY=VALUE",
                     help="Option for a writer plugin (e.g. zip=1 for fb2)."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def web_options(func: Any) -> Any:
    """Options for URL and feed inputs: the network policy, the HTTP cache, the timeout."""
    decorators = [
        click.option("--allow-private-network", is_flag=True,
                     help="Allow URLs on loopback, private and link-local addresses (intranet, this machine)."),
        click.option("--allow-network", "allow_networks", multiple=True, metavar="CIDR",
                     help="Allow only these non-public networks (e.g. 192.168.1.0/24); repeatable."),
        click.option("--no-cache", is_flag=True, help="Neither use nor fill the HTTP cache."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar="SECONDS",
                     help="Network timeout for connecting and for each read."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def build_fetch(kw: dict[str, Any]) -> Any:
    """FetchSettings from the web options."""
    from .web.settings import FetchSettings

    timeout = float(kw.get("timeout") or 20.0)
    return FetchSettings(timeout=timeout, total_timeout=max(120.0, 4 * timeout),
                         allow_private=bool(kw.get("allow_private_network")),
                         allow_networks=tuple(kw.get("allow_networks") or ()), use_cache=not kw.get("no_cache"))


def build_options(kw: dict[str, Any]) -> Any:
    """ConvertOptions from the shared click options, raw: ``settings.resolve_settings`` checks and resolves them."""
    from .context import ConvertOptions

    return ConvertOptions(
        lang=kw.get("lang"),
        encoding=kw.get("encoding"),
        keep_boilerplate=kw.get("keep_boilerplate", False),
        keep_comments=kw.get("keep_comments", False),
        extract=kw.get("extract") or "auto",
        metadata=kw.get("metadata", ()),
        paper=kw.get("paper", "a4"),
        strict=kw.get("strict", False),
        typography=not kw.get("no_typography", False),
        soft_hyphens=kw.get("soft_hyphens", False),
        font_family=kw.get("font_family"),
        profile=kw.get("profile"),
        cover=kw.get("cover", False),
        cover_image=kw.get("cover_image"),
        embed_fonts=kw.get("embed_fonts", False),
        no_embed_fonts=kw.get("no_embed_fonts", False),
        writer_options=kw.get("writer_options", ()),
    )


def fail(exc: ArticleConvertError) -> None:
    """Print an error the way every command does and exit with its code."""
    print_line(f"error: {display(exc)}", err=True)
    sys.exit(exc.exit_code)


def _say_interrupted(signum: int) -> None:
    print_line(f"error: interrupted by {signal.Signals(signum).name}; no partial file was left", err=True)


@main.command("convert", epilog=EPILOG)
@click.argument("input_path", metavar="INPUT")
@click.option("--send-to", "send_to", metavar="DIR",
              help="Also copy the result into DIR (an e-reader mounted as a folder), atomically.")
@click.option("-o", "--output", metavar="FILE|DIR/", help="Output file, or folder (ending in /) for several formats.")
@click.option("-t", "--to", "formats", multiple=True, callback=split_formats, metavar="FORMATS",
              help="Output format(s), comma-separated: epub, docx, pdf, json…")
@conversion_options
@click.option("--explain", is_flag=True, help="Print what was detected (title, lead, byline, interview…).")
@click.option("--check", "run_check", is_flag=True,
              help="Validate each written file (as `check` does) and print a verdict per file; exit 1 if any "
                   "fails. A failing file is kept: it was written atomically and is complete.")
@web_options
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def convert_command(input_path: str, output: str | None, formats: list[str], explain: bool, run_check: bool,
                    quiet: bool, from_format: str | None, send_to: str | None, **kw: Any) -> None:
    """Convert one article (INPUT: a file, an http(s) URL, or - for standard input)."""
    from .explain import explain as explain_text
    from .interrupts import Interrupted, raising
    from .pipeline import convert_file

    try:
        device = _device(send_to, output)
        with raising():  # SIGINT/SIGTERM unwind: the temporary file of a write in progress is removed
            result = convert_file(input_path, output=output, formats=formats, options=build_options(kw),
                                  from_format=from_format, fetch=build_fetch(kw))
        if device is not None:
            from .sendto import send_files

            for path in send_files(result.outputs, device):
                if not quiet:
                    print_line(f"sent {display(path)}", err=True)
    except ArticleConvertError as exc:
        fail(exc)
        return
    except Interrupted as exc:
        _say_interrupted(int(exc.args[0]))
        sys.exit(128 + int(exc.args[0]))
    report_stream_err = result.stdout is not None
    if explain:
        click.echo(explain_text(result.document, result.diagnostics, display(result.source)), err=report_stream_err,
                   nl=False)
    if not quiet:
        for diag in result.diagnostics.warnings():
            print_line(f"warning: {display(result.source)}: {display(diag.message)} [{diag.code}]", err=True)
    if result.stdout is not None:
        if not write_stdout_bytes(result.stdout):
            fail(ArticleConvertError("cannot write to standard output (closed or broken pipe)"))
    elif not quiet:
        for path in result.outputs:
            print_line(f"wrote {display(path)}", err=True)
    if run_check and check_outputs(result.outputs, quiet):
        sys.exit(1)


def _device(send_to: str | None, output: str | None) -> Path | None:
    """The checked ``--send-to`` folder (before any work is done), or None."""
    if send_to is None:
        return None
    from .errors import UsageError
    from .sendto import check_folder

    if output == "-":
        raise UsageError("--send-to needs a file, not standard output (-o -)")
    return check_folder(send_to)


def check_outputs(paths: list[Path], quiet: bool = False) -> bool:
    """Validate written files with ``check_file``, one verdict line each on stderr; True if any failed.

    Formats no checker knows (JSON, third-party writers) are named as not checked, never failed.
    """
    from .check import check_file, detect_kind

    failed = False
    for path in paths:
        kind = detect_kind(path)
        if kind == "unknown":
            if not quiet:
                print_line(f"SKIP  {display(path)}  (no checker for this format)", err=True)
            continue
        verdict = check_file(path)
        if verdict.ok:
            if not quiet:
                print_line(f"OK    {display(path)}  ({verdict.kind})", err=True)
        else:
            failed = True
            print_line(f"FAIL  {display(path)}: {display('; '.join(verdict.problems))}", err=True)
    return failed


if __name__ == "__main__":  # pragma: no cover
    main()
