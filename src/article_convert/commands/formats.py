"""``article-convert formats``: what readers, writers and transforms are installed."""

from __future__ import annotations

import click


@click.command("formats")
def command() -> None:
    """List installed readers, writers and transforms (built-in and plugins)."""
    from .. import registry

    readers = {name: registry.get_reader(name) for name in registry.reader_names()}
    writers = {name: registry.get_writer(name) for name in registry.writer_names()}
    width = max(10, *(len(n) for n in (*readers, *writers)))  # columns fit the longest name
    exts = max(22, *(len(" ".join(r.extensions)) for r in readers.values()))
    click.echo("Readers (-f):")
    for name, r in readers.items():
        click.echo(f"  {name:<{width}} {' '.join(r.extensions):<{exts}} {r.description}")
    click.echo("Writers (-t):")
    for name, w in writers.items():
        click.echo(f"  {name:<{width}} {w.suffix:<{exts}} {w.description}")
    click.echo("Transforms (in order):")
    transforms = registry.transforms()
    tw = max(14, *(len(t.name) for t in transforms))
    for t in transforms:
        click.echo(f"  {t.order:>3} {t.name:<{tw}} {t.description}")
