"""``article-convert formats``: what readers, writers and transforms are installed."""

from __future__ import annotations

import click


@click.command("formats")
def command() -> None:
    """List installed readers, writers and transforms (built-in and plugins)."""
    from .. import registry

    click.echo("Readers (-f):")
    for name in registry.reader_names():
        r = registry.get_reader(name)
        click.echo(f"  {name:<10} {' '.join(r.extensions):<22} {r.description}")
    click.echo("Writers (-t):")
    for name in registry.writer_names():
        w = registry.get_writer(name)
        click.echo(f"  {name:<10} {w.suffix:<22} {w.description}")
    click.echo("Transforms (in order):")
    for t in registry.transforms():
        click.echo(f"  {t.order:>3} {t.name:<14} {t.description}")
