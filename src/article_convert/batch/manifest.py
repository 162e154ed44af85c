"""The incremental-build manifest in OUTDIR: what each input produced, from which bytes and options.

A file is up to date when its content hash, the options fingerprint and the tool version match
the entry and every requested output still exists with the recorded size and hash. Any state of
the manifest is safe: entries are always checked against the files on disk, so an interrupted
run can only cause extra rebuilds, never a skipped stale output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath
from typing import Any

from ..settings import Settings
from ..stdio import display, json_bytes
from . import storage
from .storage import Location

MANIFEST_NAME = ".article-convert-manifest.json"
FORMAT = 1


def sha256_file(path: Location) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


NOT_IN_FINGERPRINT = frozenset({"options", "paper", "profile"})
"""Settings fields that are spellings, not results: the raw options (every one is resolved into another
field), the ``--paper`` name (``page`` is the page used, from ``--profile`` when given) and the profile
itself (its page, cover size and quirks are in ``page``, ``cover`` and ``quirks``)."""


def settings_fingerprint(settings: Settings, from_format: str | None) -> str:
    """A short stable hash of the resolved settings that change what the writers produce, so that
    ``--paper a4`` and ``--profile a4`` (the same page) are the same build; any new Settings field
    counts unless it is listed in NOT_IN_FINGERPRINT."""
    data = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in NOT_IN_FINGERPRINT}
    data |= {"quirks": sorted(settings.quirks), "from_format": from_format}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # paths may hold any bytes


def _plain(value: object) -> object:
    """A settings value as JSON data: dataclasses by field, paths absolute, sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, PurePath):
        return os.path.abspath(value)
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return repr(value)


@dataclass
class Entry:
    """What one input produced last time."""

    input: str
    """The input's absolute path (another file with the same relative path is a new input)."""
    sha256: str
    options: str
    version: str
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """format -> {"path": rel to OUTDIR, "bytes": int, "sha256": str, "mtime_ns": int}"""
    language: str = ""
    title: str = ""
    source_id: str = ""
    """For an input on storage: the store's identity (ETag…) of the bytes converted, so a later run
    knows them unchanged from a listing, without downloading them ("" = unknown: hash the bytes)."""

    def stale_reason(self, sha: str, options: str, version: str, outdir: Location,
                     wanted: Iterable[tuple[str, PurePosixPath]]) -> str | None:
        """Why this input must be rebuilt, or None when every wanted output is current."""
        if sha != self.sha256:
            return "input changed"
        if options != self.options:
            return "options changed"
        if version != self.version:
            return f"tool version changed ({self.version} -> {version})"
        for fmt, rel in wanted:
            rec = self.outputs.get(fmt)
            if rec is None or rec.get("path") != rel.as_posix():
                return f"no {fmt} output yet"
            problem = _output_problem(outdir.joinpath(*rel.parts), rec)
            if problem:
                return problem
        return None


def _output_problem(path: Location, rec: dict[str, Any]) -> str | None:
    """Why a recorded output can't be trusted (missing, resized, rewritten), or None."""
    try:
        st = path.stat()
    except OSError:
        return f"output missing: {rec.get('path')}"
    if st.st_size != rec.get("bytes"):
        return f"output changed: {rec.get('path')}"
    if st.st_mtime_ns != rec.get("mtime_ns") and sha256_file(path) != rec.get("sha256"):
        return f"output changed: {rec.get('path')}"
    return None


class Manifest:
    """Entries keyed by the input's path relative to its SRC folder; saved atomically."""

    def __init__(self, outdir: Location, entries: dict[str, Entry] | None = None, written: set[str] | None = None) -> None:
        self.outdir = outdir
        self.path = outdir / MANIFEST_NAME
        self.entries: dict[str, Entry] = entries or {}
        self.written: set[str] = set(written or ())
        """Every output any run wrote and that still exists (relative to OUTDIR), whatever formats
        later runs ask for: with OUTDIR = SRC these are never taken as inputs."""
        self.dirty = False

    @classmethod
    def load(cls, outdir: Location) -> tuple[Manifest, str | None]:
        """The manifest in ``outdir`` (empty if none) and a warning if an unusable one was found."""
        path = outdir / MANIFEST_NAME
        if not path.exists():
            return cls(outdir), None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                return cls(outdir), f"{path}: unknown manifest format; rebuilding everything"
            entries = {k: Entry(**v) for k, v in raw["entries"].items()}
            written = {w for w in raw.get("written", []) if isinstance(w, str)}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            return cls(outdir), f"{display(path)}: unreadable manifest ({exc}); rebuilding everything"
        return cls(outdir, entries, written), None

    def output_paths(self) -> set[Location]:
        """Resolved paths of every output recorded now or written by an earlier run (never inputs)."""
        recorded = {rec["path"] for e in self.entries.values() for rec in e.outputs.values()
                    if isinstance(rec.get("path"), str)}
        return {(self.outdir / rel).resolve() for rel in recorded | self.written}

    def record(self, key: str, entry: Entry) -> None:
        """Remember what an input produced."""
        self.entries[key] = entry
        self.written.update(rec["path"] for rec in entry.outputs.values() if isinstance(rec.get("path"), str))
        self.dirty = True

    def forget(self, key: str) -> None:
        """Drop an input's entry (it failed, so its old outputs no longer vouch for anything)."""
        if self.entries.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the manifest atomically (only if something changed); ``OSError`` if it cannot be."""
        if not self.dirty:
            return
        written = sorted(storage.existing(self.outdir, self.written))
        data = {"format": FORMAT, "tool": "article-convert",
                "entries": {k: dataclasses.asdict(e) for k, e in sorted(self.entries.items())},
                "written": written}
        storage.write_file(self.path, json_bytes(data, indent=1, sort_keys=True))
        self.dirty = False


def output_record(outdir: Location, rel: PurePosixPath, size: int, sha: str) -> dict[str, Any]:
    """A manifest record for an output just written (by a worker: on storage, asked of the store itself,
    never of a listing this process cached before the file existed)."""
    path = outdir.joinpath(*rel.parts)
    st = path.stat(fresh=True) if isinstance(path, storage.RemotePath) else path.stat()
    return {"path": rel.as_posix(), "bytes": size, "sha256": sha, "mtime_ns": st.st_mtime_ns}
