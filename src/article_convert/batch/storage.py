"""SRC and OUTDIR on any fsspec filesystem (``s3://``, ``gcs://``, ``file://``, ``memory://``…).

Local folders stay plain ``pathlib.Path`` objects and go through ``atomic.write_atomic`` exactly as
before; a storage URL becomes a :class:`RemotePath`, which has the few ``pathlib`` methods the batch
uses (joining, ``exists``, ``stat``, ``open``…), so discovery, the manifest and the workers treat
both alike. fsspec is imported only when a storage URL is given (it comes with the ``dask`` extra).

Writes are complete or absent: on object stores (S3, GCS, Azure, memory) one PUT of the whole
object, elsewhere a temporary name in the same folder and then a move; ``file://`` is a local path
and is written by ``write_atomic``. Credentials come from the environment, as fsspec and boto read it
(``AWS_ACCESS_KEY_ID``, ``AWS_ENDPOINT_URL``, ``FSSPEC_S3_…``), never from the command line.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import IO, Any

from ..atomic import TEMP_PREFIX, TEMP_SUFFIX, is_temp_name
from ..errors import InputError, UsageError

WEB_SCHEMES = frozenset({"http", "https"})
"""URL inputs with these schemes are web pages to fetch, not storage."""
OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss", "memory"})
"""Filesystems where one PUT is atomic (and a rename is a copy): written in one piece, no temporary name."""
IN_PROCESS_ONLY = frozenset({"memory"})
"""Filesystems that exist only inside this process (tests): no worker processes may write there."""
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
_NAME_CHARS = string.ascii_lowercase + string.digits


def scheme(text: str) -> str | None:
    """The lower-cased scheme of ``scheme://…``, or None for a plain path."""
    m = _SCHEME.match(text.strip())
    return m.group(1).lower() if m else None


def is_storage_url(text: str) -> bool:
    """True for an fsspec URL (``s3://…``, ``file://…``): any ``scheme://`` except http(s)."""
    s = scheme(str(text))
    return s is not None and s not in WEB_SCHEMES


def _protocols(fs: Any) -> set[str]:
    proto = fs.protocol
    return {proto} if isinstance(proto, str) else set(proto)


class RemotePath:
    """A file or folder on an fsspec filesystem with the ``pathlib`` methods the batch needs."""

    def __init__(self, fs: Any, path: str) -> None:
        self.fs = fs
        self.path = path.rstrip("/") or "/"

    @classmethod
    def from_url(cls, url: str) -> RemotePath:
        """Open ``url`` with fsspec; a usage error when fsspec or the filesystem's package is missing."""
        try:
            import fsspec
        except ImportError as exc:
            raise UsageError(f"{url}: storage URLs need fsspec: pip install 'article-convert[dask]'") from exc
        try:
            fs, path = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as exc:
            raise UsageError(f"{url}: cannot open this storage ({exc})") from exc
        return cls(fs, path)

    # --- names -------------------------------------------------------------------------------
    def __str__(self) -> str:
        return str(self.fs.unstrip_protocol(self.path))

    def __repr__(self) -> str:
        return f"RemotePath({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemotePath) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __truediv__(self, other: str | PurePosixPath) -> RemotePath:
        return RemotePath(self.fs, f"{self.path.rstrip('/')}/{PurePosixPath(other).as_posix()}")

    def joinpath(self, *parts: str) -> RemotePath:
        out = self
        for part in parts:
            out = out / part
        return out

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem

    @property
    def parent(self) -> RemotePath:
        return RemotePath(self.fs, str(PurePosixPath(self.path).parent))

    def as_posix(self) -> str:
        return str(self)

    def resolve(self) -> RemotePath:
        return self

    def relative_to(self, other: RemotePath) -> PurePosixPath:
        """The path below ``other``; ValueError when it is not below it (as ``pathlib``)."""
        base = other.path.rstrip("/") + "/"
        if not self.path.startswith(base):
            raise ValueError(f"{self} is not below {other}")
        return PurePosixPath(self.path[len(base):])

    def is_below(self, folder: RemotePath) -> bool:
        """True when this is ``folder`` or inside it."""
        return self == folder or (_protocols(self.fs) == _protocols(folder.fs)
                                  and self.path.startswith(folder.path.rstrip("/") + "/"))

    # --- queries -----------------------------------------------------------------------------
    def exists(self) -> bool:
        return bool(self.fs.exists(self.path))

    def is_dir(self) -> bool:
        return bool(self.fs.isdir(self.path))

    def is_file(self) -> bool:
        return bool(self.fs.isfile(self.path))

    def stat(self, fresh: bool = False) -> Any:
        """``st_size`` and ``st_mtime_ns`` (from whichever time the filesystem reports; 0 if none).

        ``fresh``: ask the store, not fsspec's listing cache. A file another process (a worker) wrote
        after this process listed its folder is missing from that listing, and s3fs then answers
        FileNotFoundError without asking (it ended Dask batches on S3 without a summary, under load).
        """
        if fresh:
            self.fs.invalidate_cache(self.path)
        try:
            info = self.fs.info(self.path)
        except FileNotFoundError:
            raise
        except Exception as exc:  # each backend raises its own errors: one OSError for the caller
            raise OSError(f"{self}: {exc}") from exc
        return SimpleNamespace(st_size=int(info.get("size") or 0), st_mtime_ns=_mtime_ns(info))

    def open(self, mode: str = "rb") -> IO[bytes]:
        return self.fs.open(self.path, mode)  # type: ignore[no-any-return]

    def read_bytes(self) -> bytes:
        return bytes(self.fs.cat_file(self.path))

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.read_bytes().decode(encoding)

    def mkdir(self, parents: bool = True, exist_ok: bool = True) -> None:
        self.fs.makedirs(self.path, exist_ok=True)

    # --- writing -----------------------------------------------------------------------------
    @property
    def in_process_only(self) -> bool:
        """True for ``memory://``: worker processes cannot see it."""
        return bool(_protocols(self.fs) & IN_PROCESS_ONLY)

    def local_path(self) -> Path | None:
        """The local path behind a ``file://`` URL (written with ``write_atomic``), else None."""
        return Path(self.path) if "file" in _protocols(self.fs) else None

    def write_bytes(self, data: bytes) -> None:
        """Write the whole file so that a reader sees the old one or the new one, never a part."""
        local = self.local_path()
        if local is not None:
            from ..atomic import write_atomic

            write_atomic(local, data)
            return
        if _protocols(self.fs) & OBJECT_STORES:
            self.fs.pipe_file(self.path, data)  # one PUT (or a multipart upload completed at once)
            return
        parent = str(PurePosixPath(self.path).parent)
        self.fs.makedirs(parent, exist_ok=True)
        tmp = f"{parent}/{TEMP_PREFIX}0-{''.join(random.choices(_NAME_CHARS, k=8))}{TEMP_SUFFIX}"
        try:
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, self.path)
        except BaseException:
            try:
                self.fs.rm_file(tmp)
            except Exception:  # noqa: BLE001, S110 - already gone or unreachable: nothing more to do
                pass
            raise

    def files(self) -> Iterator[RemotePath]:
        """Every file below this folder."""
        for name in sorted(self.fs.find(self.path, withdirs=False, detail=False)):
            yield RemotePath(self.fs, name)

    def listing(self) -> list[tuple[RemotePath, dict[str, Any]]]:
        """Every file below this folder with what the store says about it (size, ETag…): one listing."""
        found = self.fs.find(self.path, withdirs=False, detail=True)
        return [(RemotePath(self.fs, name), dict(found[name])) for name in sorted(found)]


Location = Path | RemotePath
"""A local folder or file, or one on fsspec storage."""


def _mtime_ns(info: dict[str, Any]) -> int:
    """A modification time in ns from an fsspec ``info`` dict (keys differ per filesystem)."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return int(value.timestamp() * 1e9)
        if isinstance(value, (int, float)):
            return int(value * 1e9)
        if isinstance(value, str):
            try:
                return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1e9)
            except ValueError:
                continue
    return 0


IDENTITY_KEYS = ("ETag", "etag", "md5Hash", "crc32c", "content_md5", "checksum", "sha256")
"""Checksums stores report in ``fs.info`` (S3/MinIO ETag, GCS md5Hash/crc32c, Azure content_md5…)."""


def identity(info: dict[str, Any]) -> str | None:
    """What the store says identifies a file's content, without downloading it: a checksum (ETag…)
    with the size, else the size with the modification time; None when it says neither."""
    size = info.get("size")
    for key in IDENTITY_KEYS:
        value = info.get(key)
        if value:
            text = value.hex() if isinstance(value, (bytes, bytearray)) else str(value)
            return f"{key}:{text.strip()}:{size}"
    mtime = _mtime_ns(info)
    return f"size+mtime:{size}:{mtime}" if mtime and size is not None else None


def listed_size(info: dict[str, Any]) -> int | None:
    """A file's size in bytes from an fsspec ``info``/listing dict (None when the store gives none)."""
    size = info.get("size")
    return size if type(size) is int and size >= 0 else None


def location(text: str | Path) -> Location:
    """A command-line folder: a ``Path``, or a :class:`RemotePath` for a storage URL."""
    if isinstance(text, Path) or not is_storage_url(str(text)):
        return Path(text)
    return RemotePath.from_url(str(text))


def write_file(path: Location, data: bytes) -> None:
    """Write ``data`` completely or not at all, locally (``write_atomic``) or on storage."""
    if isinstance(path, RemotePath):
        path.write_bytes(data)
        return
    from ..atomic import write_atomic

    write_atomic(path, data)


def write_output(out: str, data: bytes) -> None:
    """A worker's write of one output, named by its path or storage URL."""
    write_file(location(out), data)


def read_input(url: str, limit: int) -> bytes:
    """The bytes of an input on storage (at most ``limit``), or an InputError that says what is wrong."""
    return read_identified(url, limit)[0]


def read_identified(url: str, limit: int) -> tuple[bytes, str | None]:
    """The bytes of an input on storage (at most ``limit``) and the store's identity of exactly those
    bytes (s3fs reads with If-Match on the ETag it got), or an InputError that says what is wrong."""
    try:
        rp = RemotePath.from_url(url)
        with rp.open("rb") as fh:
            details = getattr(fh, "details", None)
            info = details if isinstance(details, dict) else rp.fs.info(rp.path)
            data = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError("no such file", url) from exc
    except UsageError:
        raise
    except Exception as exc:  # backends raise their own errors (botocore, aiohttp…)
        raise InputError(f"cannot read ({type(exc).__name__}: {exc})", url) from exc
    if len(data) > limit:
        raise InputError(f"too large (more than {limit // 2**20} MB; the limit is {limit // 2**20} MB)", url)
    return bytes(data), identity(info)


def sha256_many(urls: list[str], threads: int = 8) -> dict[str, tuple[str, str | None] | None]:
    """SHA-256 and store identity of inputs on storage, downloaded a few at a time; None if unreadable.

    Only for inputs whose identity does not vouch for them (changed, or a manifest from before
    identities were kept): every other input is decided without a download."""
    from concurrent.futures import ThreadPoolExecutor

    def one(url: str) -> tuple[str, str | None] | None:
        try:
            data, ident = read_identified(url, 1 << 62)
        except Exception:  # noqa: BLE001 - any failure means "unreadable": the input is converted and fails there
            return None
        return hashlib.sha256(data).hexdigest(), ident

    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(urls)))) as pool:
        return dict(zip(urls, pool.map(one, urls), strict=True))


def existing(outdir: Location, names: Iterable[str]) -> set[str]:
    """Which of ``names`` (relative to ``outdir``) exist; one listing on storage, not one request each."""
    if isinstance(outdir, Path):
        return {n for n in names if (outdir / n).exists()}
    try:
        present = {f.relative_to(outdir).as_posix() for f in outdir.files()}
    except FileNotFoundError:
        return set()
    return {n for n in names if n in present}


def relative(outdir: Location, out: str) -> PurePosixPath:
    """An output's path below OUTDIR (``out`` is a local path or a storage URL)."""
    if isinstance(outdir, RemotePath):
        return RemotePath.from_url(out).relative_to(outdir)
    return PurePosixPath(Path(out).relative_to(outdir).as_posix())


def remove_temp_files(outdir: RemotePath, since: float) -> None:
    """Remove our temporary files under a storage OUTDIR written since ``since`` (an interrupted run)."""
    if _protocols(outdir.fs) & OBJECT_STORES:
        return  # nothing is ever written there under a temporary name
    try:
        found = list(outdir.files())
    except OSError:
        return
    for f in found:
        if is_temp_name(f.name):
            try:
                if f.stat().st_mtime_ns >= (since - 1) * 1e9:
                    f.fs.rm_file(f.path)
            except OSError:
                pass


def discover_remote(src: str, filters: Any, outdir: Location | None) -> list[Any]:
    """The inputs under a storage SRC (a folder or one file), filtered as a local walk filters them.

    Hidden files and folders are skipped, as are our own files, the outputs in ``filters.skip`` and
    everything under ``outdir`` (OUTDIR inside SRC). A missing SRC is a usage error.
    """
    from .discover import Input, _is_ours

    root = RemotePath.from_url(src)
    try:
        if root.is_file():
            rel = PurePosixPath(root.name)
            if filters.excluded(rel):
                return []
            info = root.fs.info(root.path)
            return [Input(rel, Path(rel.as_posix()), str(root), identity(info), listed_size(info))]
        if not root.is_dir():
            raise UsageError(f"{src}: no such file or folder")
        found = root.listing()
    except (OSError, ValueError) as exc:
        raise UsageError(f"{src}: cannot list ({exc})") from exc
    inputs = []
    for f, info in found:
        rel = f.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or _is_ours(rel.name):
            continue
        if any(filters.excluded(PurePosixPath(*rel.parts[:i])) for i in range(1, len(rel.parts))):
            continue
        if not filters.wanted(rel) or f in filters.skip or (isinstance(outdir, RemotePath) and f.is_below(outdir)):
            continue
        inputs.append(Input(rel, Path(rel.as_posix()), str(f), identity(info), listed_size(info)))
    return sorted(inputs)


def temp_names(names: Iterable[str]) -> list[str]:
    """Those of ``names`` that are our temporary files (tests and cleanup)."""
    return [n for n in names if PurePosixPath(n).name.startswith(TEMP_PREFIX) and n.endswith(TEMP_SUFFIX)]
