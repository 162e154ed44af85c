"""Map inputs to output files under OUTDIR (mirroring the source tree) and find name collisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .discover import Input
from .storage import Location


@dataclass(frozen=True)
class Planned:
    """One input and the file each requested format goes to (relative to OUTDIR)."""

    input: Input
    outputs: tuple[tuple[str, PurePosixPath], ...]


def output_rel(rel: PurePosixPath, suffix: str) -> PurePosixPath:
    """``sub/a.txt`` + ``.epub`` -> ``sub/a.epub``: the mirrored output path."""
    return rel.parent / (rel.stem + suffix)


def plan(inputs: Sequence[Input], suffixes: dict[str, str]) -> tuple[list[Planned], dict[str, str]]:
    """The planned outputs, and for every input whose output another input also claims, why it fails.

    Policy: when two inputs (``a.txt`` and ``a.md``) map to one output, *all* of them fail; the
    result does not depend on the order files are found in, and nothing is overwritten.
    """
    planned = [
        Planned(item, tuple((fmt, output_rel(item.rel, suffix)) for fmt, suffix in suffixes.items()))
        for item in inputs
    ]
    claims: dict[PurePosixPath, list[Input]] = defaultdict(list)
    for p in planned:
        for out in dict.fromkeys(rel for _, rel in p.outputs):
            claims[out].append(p.input)
    collisions: dict[str, str] = {}
    for out, owners in sorted(claims.items()):
        if len(owners) < 2:
            continue
        for owner in owners:
            others = ", ".join(o.shown for o in owners if o is not owner)
            collisions.setdefault(collision_key(owner), f"output name collision: {out} would also be "
                                  f"written from {others}; rename one of them")
    return planned, collisions


def collision_key(item: Input) -> str:
    """The key ``plan`` uses in its collision table for one input."""
    return item.key + "\0" + str(item.path)


def absolute(outdir: Location, rel: PurePosixPath) -> Location:
    """An output's real path."""
    return outdir.joinpath(*rel.parts)
