"""Find the inputs of a batch: folders walked recursively, files taken as given, globs applied."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..atomic import TEMP_PREFIX, TEMP_SUFFIX
from ..errors import UsageError


@dataclass(frozen=True, order=True)
class Input:
    """One input file: ``rel`` is its path below the SRC folder it was found in (mirrored under OUTDIR)."""

    rel: PurePosixPath
    path: Path
    url: str | None = None
    """For a URL input: the URL (``rel`` is then HOST/SLUG, ``path`` the same, never read)."""
    source_id: str | None = field(default=None, compare=False)
    """For an input on storage: what its listing says identifies its content (``storage.identity``)."""
    size: int | None = field(default=None, compare=False)
    """For an input on storage: its size in bytes as the listing gives it (largest-first order without a stat)."""

    @property
    def key(self) -> str:
        """The manifest and report key: the relative path with forward slashes."""
        return self.rel.as_posix()

    @property
    def shown(self) -> str:
        """How reports name this input: its path, or its URL when it is on storage (``s3://…``)."""
        from .storage import is_storage_url

        return self.url if self.url is not None and is_storage_url(self.url) else str(self.path)


@dataclass(frozen=True)
class Filters:
    """Which files a folder walk keeps: ``include`` replaces the default extension test; ``exclude`` wins."""

    extensions: frozenset[str]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    skip: frozenset[Any] = frozenset()
    """Resolved paths (``Path`` or ``storage.RemotePath``) never taken (OUTDIR below a SRC folder, outputs recorded in the manifest)."""
    follow_symlinks: bool = False
    """Follow symbolic links (files and folders) that lead out of the SRC folder; off by default, so
    ``src/p.txt -> /etc/passwd`` is skipped (with a note), not converted."""

    def excluded(self, rel: PurePosixPath) -> bool:
        """True when an ``--exclude`` glob matches the relative path or the name."""
        return _matches(rel, self.exclude)

    def wanted(self, rel: PurePosixPath) -> bool:
        """True for a file found in a folder that the batch should convert."""
        if self.excluded(rel) or _is_ours(rel.name):
            return False
        if self.include:
            return _matches(rel, self.include)
        return rel.name.lower().endswith(tuple(self.extensions))


def _matches(rel: PurePosixPath, patterns: Iterable[str]) -> bool:
    text = rel.as_posix()
    return any(fnmatch.fnmatchcase(text, p) or fnmatch.fnmatchcase(rel.name, p) for p in patterns)


def _is_ours(name: str) -> bool:
    """Our temporary files and the manifest are never inputs."""
    return (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)) or name.startswith(".article-convert")


def url_input(url: str) -> Input:
    """A URL as a batch input: its outputs go to OUTDIR/HOST/SLUG.ext."""
    from urllib.parse import urlsplit

    from ..web.urls import url_stem

    host = (urlsplit(url).hostname or "web").replace(":", "_")
    rel = PurePosixPath(host) / url_stem(url)
    return Input(rel, Path(rel.as_posix()), url)


def discover(sources: Iterable[str | Path], filters: Filters, notes: list[str] | None = None) -> list[Input]:
    """Every input under ``sources`` in a stable order; a missing SRC is a usage error.

    ``notes`` receives one line per symbolic link skipped because it leads out of its SRC folder.
    """
    found: dict[tuple[str, Path], Input] = {}
    notes = notes if notes is not None else []
    for src in sources:
        root = Path(src)
        if root.is_dir():
            items: Iterable[Input] = _walk(root, filters, notes)
        elif root.is_file():
            rel = PurePosixPath(root.name)
            items = [] if filters.excluded(rel) else [Input(rel, root)]
        elif root.is_symlink():
            raise UsageError(f"{src}: a broken symbolic link")
        else:
            raise UsageError(f"{src}: no such file or folder")
        for item in items:
            found.setdefault((item.key, item.path.resolve()), item)
    return sorted(found.values())


def _escapes(path: Path, top: Path, filters: Filters, notes: list[str]) -> bool:
    """True (and a note) for a symbolic link leading out of ``top`` when links are not to be followed."""
    if filters.follow_symlinks or not path.is_symlink():
        return False
    target = path.resolve()
    if target == top or top in target.parents:
        return False
    from ..stdio import display

    notes.append(f"{display(path)}: a symbolic link out of the source folder (to {display(target)}); "
                 "skipped (use --follow-symlinks to convert it)")
    return True


def _walk(root: Path, filters: Filters, notes: list[str]) -> Iterator[Input]:
    """Files below ``root``, following symbolic links inside it (and out of it only when asked),
    never visiting a folder twice."""
    seen: set[tuple[int, int]] = set()
    top = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        st = here.stat()
        if (st.st_dev, st.st_ino) in seen or here.resolve() in filters.skip:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        rel_dir = PurePosixPath(here.relative_to(root).as_posix())
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not filters.excluded(rel_dir / d)
                         and not _escapes(here / d, top, filters, notes))
        for name in sorted(files):
            path = here / name
            rel = rel_dir / name
            if name.startswith(".") or not filters.wanted(rel) or not path.is_file():
                continue
            if _escapes(path, top, filters, notes):
                continue
            if path.resolve() in filters.skip:
                continue
            yield Input(rel, path)
