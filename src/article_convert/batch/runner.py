"""Run a batch: discover, plan, skip what is up to date, convert the rest, keep the manifest."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from .. import __version__, registry
from ..atomic import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temp_files
from ..context import ConvertOptions
from ..errors import ArticleConvertError, UsageError
from ..paths import lookup_problem, resolved
from ..settings import Settings, resolve_settings
from ..stdio import display
from . import signals, storage
from .discover import Filters, Input, discover
from .manifest import Entry, Manifest, output_record, settings_fingerprint, sha256_file
from .plan import Planned, absolute, collision_key, plan
from .pool import WorkerPool, run_in_pool, run_in_process
from .records import BatchResult, Record
from .storage import Location, RemotePath, is_storage_url
from .worker import Outcome, Task

if TYPE_CHECKING:
    from ..web.settings import FetchSettings

SAVE_EVERY_SECONDS = 2.0
CHANGED = "changed: the store's identity of the input differs from the one recorded"
"""Stands for the hash of a storage input known to have changed without downloading it (never a SHA-256)."""


@dataclass
class BatchConfig:
    """Everything ``article-convert batch`` was asked to do."""

    sources: list[str]
    outdir: Location
    """A local folder, or a storage URL's folder (``storage.location``)."""
    formats: list[str]
    options: ConvertOptions = field(default_factory=ConvertOptions)
    from_format: str | None = None
    jobs: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    force: bool = False
    fetch: FetchSettings | None = None
    """How URL inputs are fetched (they are converted on every run; the HTTP cache avoids downloads)."""
    follow_symlinks: bool = False
    scheduler: str | None = None
    """Run on Dask: ``local:N`` or ``tcp://HOST:PORT`` (None: the local process pool)."""


class Events(Protocol):
    """Progress callbacks (the command shows a bar or log lines; tests pass nothing)."""

    def start(self, total: int, skipped: int) -> None: ...
    def done(self, index: int, total: int, record: Record) -> None: ...


class _Silent:
    def start(self, total: int, skipped: int) -> None:
        pass

    def done(self, index: int, total: int, record: Record) -> None:
        pass


def run_batch(config: BatchConfig, events: Events | None = None) -> BatchResult:
    """Convert every input of ``config``; never raises for a bad file, only for usage errors."""
    started = time.time()
    t0 = time.perf_counter()
    events = events or _Silent()
    settings = resolve_settings(config.options)  # every option checked once, before any input is looked at
    suffixes = _check(config)
    manifest, warning = Manifest.load(config.outdir)
    result = BatchResult(warnings=[warning] if warning else [])
    if isinstance(config.outdir, Path) and config.outdir.is_dir():
        remove_stale_temp_files(config.outdir, recursive=True)  # left by runs killed with SIGKILL
    from ..web.urls import is_url
    from .discover import url_input

    files = [s for s in config.sources if not is_url(s)]
    urls = [url_input(s) for s in dict.fromkeys(s for s in config.sources if is_url(s) and not is_storage_url(s))]
    filters = _filters(config, manifest)
    stored = _discover_stored(config, filters)
    planned, collisions = plan(discover(files, filters, result.warnings) + stored + urls, suffixes)
    fingerprint = settings_fingerprint(settings, config.from_format)
    todo = _sort_out(config, settings, planned, collisions, manifest, fingerprint, result)
    listed = {p.input.url: p.input.size for p in planned if p.input.url is not None and p.input.size is not None}
    tasks = sorted((task for task, _ in todo), key=lambda t: _size(t, listed), reverse=True)  # biggest first: no long tail
    why = {(task.key, task.path): reason for task, reason in todo}
    result.planned = len(tasks)
    result.jobs = _jobs(config.jobs, len(tasks))
    events.start(len(tasks), result.count("skipped"))
    saver = _Saver(manifest, result)

    def on_outcome(outcome: Outcome) -> None:
        reason = why[(outcome.key, outcome.path)]
        try:
            record = _record(config, manifest, outcome, fingerprint, reason)
        except Exception as exc:  # noqa: BLE001 - one file's bookkeeping must not end the run without its summary
            manifest.forget(outcome.key)
            record = Record(outcome.key, outcome.path, "failed", why=reason, seconds=outcome.seconds,
                            reason=f"converted, but its outputs could not be recorded ({_one_line(exc)}); "
                                   "the next run converts it again")
        result.records.append(record)
        result.finished += 1
        saver.tick()
        events.done(result.finished, len(tasks), record)

    try:
        with signals.raising():
            if config.scheduler and tasks:
                _run_on_dask(config, tasks, tuple(suffixes), on_outcome, result)
            else:
                _run(tasks, result.jobs, tuple(suffixes), on_outcome)
    except signals.Interrupted as exc:
        with signals.ignored():
            result.interrupted = int(exc.args[0])
            _remove_temp_files(config.outdir, started)
    except Exception as exc:  # noqa: BLE001 - a bug or a lost service: still the summary, the report, the manifest
        with signals.ignored():
            result.errors.append(f"the run stopped early ({_one_line(exc)}); what was converted is kept, "
                                 "run the same command again to finish")
            _remove_temp_files(config.outdir, started)
    finally:
        with signals.ignored():
            saver.save()
    result.records.sort(key=lambda r: (r.key, r.input))
    result.seconds = time.perf_counter() - t0
    return result


def _check(config: BatchConfig) -> dict[str, str]:
    """Validate the request; the suffix of each format's files."""
    if not config.formats:
        raise UsageError("no output format: give -t FORMAT(S), e.g. -t epub,docx,pdf")
    problem = lookup_problem(config.outdir) if isinstance(config.outdir, Path) else None
    if problem:
        raise UsageError(f"-o {config.outdir}: cannot be used as a folder ({problem})")
    if config.outdir.exists() and not config.outdir.is_dir():
        raise UsageError(f"-o {config.outdir}: exists and is not a folder")
    if config.jobs is not None and config.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if config.scheduler:
        from .cluster import parse_scheduler

        parse_scheduler(config.scheduler)
        if config.jobs is not None:
            raise UsageError("--jobs and --scheduler: give one (with --scheduler the cluster's workers convert)")
    _check_storage(config)
    from ..pipeline import output_suffix

    return {fmt: output_suffix(registry.get_writer(fmt), config.options) for fmt in dict.fromkeys(config.formats)}


def _filters(config: BatchConfig, manifest: Manifest) -> Filters:
    """Default extensions, the user's globs, and never our own outputs or OUTDIR below a SRC."""
    out = resolved(config.outdir) if isinstance(config.outdir, Path) else config.outdir.resolve()
    from ..web.urls import is_url

    roots: set[Location] = {resolved(Path(s)) for s in config.sources if not is_url(s)}
    roots |= {RemotePath.from_url(s) for s in config.sources if is_storage_url(s)}
    skip = manifest.output_paths() | ({out} if out not in roots else set())
    return Filters(frozenset(registry.claimed_extensions()), config.include, config.exclude, frozenset(skip),
                   config.follow_symlinks)


def _jobs(requested: int | None, tasks: int) -> int:
    """Worker count: the request (default: CPUs), never more than there are tasks."""
    return max(1, min(requested or os.cpu_count() or 1, tasks))


def _sort_out(config: BatchConfig, settings: Settings, planned: list[Planned], collisions: dict[str, str], manifest: Manifest,
              fingerprint: str, result: BatchResult) -> list[tuple[Task, str]]:
    """Record collisions as failed and up-to-date inputs as skipped; return the tasks to run."""
    tasks = []
    hashes = _stored_hashes(config, planned, manifest)
    for p in planned:
        item = p.input
        clash = collisions.get(collision_key(item))
        if clash:
            result.records.append(Record(item.key, item.shown, "failed", reason=clash))
            continue
        why = "URL" if _is_web(item.url) else _stale_reason(config, p, manifest, fingerprint, hashes)
        if why is None:
            entry = manifest.entries[item.key]
            outputs = [{"format": f, "path": str(absolute(config.outdir, PurePosixPath(entry.outputs[f]["path"]))),
                        "bytes": entry.outputs[f]["bytes"]} for f, _ in p.outputs]
            result.records.append(Record(item.key, item.shown, "skipped", why="up to date", outputs=outputs,
                                         language=entry.language, title=entry.title))
            continue
        outs = tuple((fmt, str(absolute(config.outdir, rel))) for fmt, rel in p.outputs)
        tasks.append((Task(item.key, item.url or str(item.path), outs, settings, config.from_format,
                           config.fetch), why))
    return tasks


def _stale_reason(config: BatchConfig, p: Planned, manifest: Manifest, fingerprint: str,
                  hashes: dict[str, str | None]) -> str | None:
    """Why an input needs converting, or None when its outputs are current."""
    if config.force:
        return "--force"
    entry = manifest.entries.get(p.input.key)
    stored = p.input.url  # an input on storage (web URLs never get here)
    if entry is None or entry.input != (stored or str(p.input.path.resolve())):
        return "new"
    try:
        sha = hashes.get(stored) if stored else sha256_file(p.input.path)
    except OSError:
        return "unreadable"
    if sha is None:
        return "unreadable"
    return entry.stale_reason(sha, fingerprint, __version__, config.outdir, p.outputs)


def _record(config: BatchConfig, manifest: Manifest, outcome: Outcome, fingerprint: str, why: str) -> Record:
    """Turn a worker's outcome into a report record and update the manifest."""
    key, path = outcome.key, outcome.path
    if not outcome.ok:
        manifest.forget(key)
        return Record(key, path, "failed", reason=outcome.reason, why=why, seconds=outcome.seconds)
    outputs: dict[str, dict[str, Any]] = {}
    for fmt, out, size, sha in outcome.outputs:
        outputs[fmt] = output_record(config.outdir, storage.relative(config.outdir, out), size, sha)
    manifest.record(key, Entry(path if "://" in path else str(Path(path).resolve()), outcome.sha256, fingerprint, __version__, outputs, outcome.language,
                               outcome.title, outcome.source_id))
    return Record(key, path, "converted", why=why,
                  outputs=[{"format": f, "path": p, "bytes": n} for f, p, n, _ in outcome.outputs],
                  seconds=outcome.seconds, diagnostics=outcome.diagnostics, language=outcome.language,
                  title=outcome.title)


def _size(task: Task, listed: dict[str, int]) -> int:
    """The input's size in bytes for largest-first scheduling: for storage inputs from their listing
    (``listed``, by URL), local files from a stat (0 if unreadable)."""
    if task.path in listed:
        return listed[task.path]
    try:
        return os.stat(task.path).st_size
    except OSError:
        return 0


def _run(tasks: list[Task], jobs: int, formats: tuple[str, ...], on_outcome: Any) -> None:
    """In-process for one job, else a worker pool."""
    if not tasks:
        return
    if jobs == 1:
        run_in_process(tasks, on_outcome)
    else:
        run_in_pool(tasks, WorkerPool(jobs, formats), on_outcome)


class _Saver:
    """Save the manifest every couple of seconds, so a hard kill loses little; a failed save (disk
    full, read-only folder) is one error of the run, not a traceback, and the batch goes on."""

    def __init__(self, manifest: Manifest, result: BatchResult) -> None:
        self.manifest = manifest
        self.result = result
        self.last = time.monotonic()

    def tick(self) -> None:
        if time.monotonic() - self.last >= SAVE_EVERY_SECONDS:
            self.save()
            self.last = time.monotonic()

    def save(self) -> None:
        try:
            self.manifest.save()
        except OSError as exc:
            message = (f"{display(self.manifest.path)}: cannot save the manifest ({exc.strerror or exc}); "
                       "the next run converts those files again")
            if message not in self.result.errors:
                self.result.errors.append(message)


def _remove_temp_files(outdir: Location, since: float) -> None:
    """Remove ``.article-convert-*.part`` files under OUTDIR that this run created."""
    if isinstance(outdir, RemotePath):
        storage.remove_temp_files(outdir, since)
        return
    for folder, _, files in os.walk(outdir):
        for name in files:
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                path = Path(folder) / name
                try:
                    if path.stat().st_mtime >= since - 1:
                        path.unlink()
                except OSError:
                    pass


def _is_web(url: str | None) -> bool:
    """True for an http(s) input (fetched and converted on every run), not one on storage."""
    return url is not None and not is_storage_url(url)


def _check_storage(config: BatchConfig) -> None:
    """``memory://`` lives in this process only: refuse it where worker processes would write."""
    places = [config.outdir] + [storage.location(s) for s in config.sources if is_storage_url(s)]
    in_process = any(isinstance(p, RemotePath) and p.in_process_only for p in places)
    if in_process and (config.scheduler or (config.jobs or os.cpu_count() or 1) > 1):
        raise UsageError("memory:// exists only in this process: use it with --jobs 1 and no --scheduler")


def _discover_stored(config: BatchConfig, filters: Filters) -> list[Input]:
    """The inputs under SRCs given as storage URLs (``s3://bucket/archive/``)."""
    stored = [s for s in config.sources if is_storage_url(s)]
    if not stored:
        return []
    found: list[Input] = []
    for src in dict.fromkeys(stored):
        found += storage.discover_remote(src, filters, config.outdir if config.outdir in filters.skip else None)
    return found


def _stored_hashes(config: BatchConfig, planned: list[Planned], manifest: Manifest) -> dict[str, str | None]:
    """Content hashes of storage inputs that have a manifest entry, downloading none that need no
    conversion: the store's identity of the input (ETag and size, from the discovery listing) equal to
    the recorded one gives the entry's hash, a different one gives CHANGED (the worker converting it
    reads it once); without identities (a manifest of an older version, a store that gives none) the
    input is downloaded and hashed, and the entry learns the identity, so the next run needs no download."""
    if config.force:
        return {}
    known: dict[str, str | None] = {}
    fetch: dict[str, str] = {}
    for p in planned:
        url, entry = p.input.url, manifest.entries.get(p.input.key)
        if url is None or entry is None or entry.input != url or not is_storage_url(url):
            continue  # not on storage, or a new input: nothing to compare with
        if p.input.source_id and entry.source_id:
            known[url] = entry.sha256 if entry.source_id == p.input.source_id else CHANGED
        else:
            fetch[url] = p.input.key
    for url, got in (storage.sha256_many(list(fetch)) if fetch else {}).items():
        known[url] = got[0] if got else None
        entry = manifest.entries[fetch[url]]
        if got and got[1] and got[0] == entry.sha256 and entry.source_id != got[1]:
            manifest.record(fetch[url], dataclasses.replace(entry, source_id=got[1]))
    return known


def _run_on_dask(config: BatchConfig, tasks: list[Task], formats: tuple[str, ...], on_outcome: Any,
                 result: BatchResult) -> None:
    """``--scheduler``: connect (or start a LocalCluster), convert on the workers, disconnect; then
    remove temporary files a killed worker left in OUTDIR (its task ran again elsewhere)."""
    from .cluster import ClusterLost, DaskRun, parse_scheduler

    started = time.time()
    try:
        run = DaskRun(parse_scheduler(config.scheduler or ""))
    except UsageError:
        raise
    except ArticleConvertError as exc:  # no cluster: every file is "not done", and the summary says why
        result.errors.append(exc.message)
        return
    try:
        result.jobs = run.workers()
        run.run(tasks, formats, on_outcome)
    except ClusterLost as exc:
        result.errors.append(exc.message)  # exit 1; the files not done are counted as such
    finally:
        run.close()
    _remove_temp_files(config.outdir, started)


def _one_line(exc: BaseException) -> str:
    """An exception as ``Type: message`` on one line (at most 300 characters)."""
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}".rstrip(": ")
    return text if len(text) <= 300 else text[:297] + "..."
