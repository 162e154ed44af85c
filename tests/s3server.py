"""moto's S3 server on 127.0.0.1 for the storage tests, with a count of the requests it served.

The server runs as its own process (``python -m moto.server``), as an S3-compatible store would;
its request log (werkzeug's one line per request) is how tests count GETs of input objects.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
_REQUEST = re.compile(r'"(?:\x1b\[[0-9;]*m)*([A-Z]+) (\S+) HTTP/[0-9.]+')


@dataclass
class MotoS3:
    """A running moto S3 server: its endpoint and its request log."""

    url: str
    log: Path

    def fs(self) -> Any:
        """A fresh s3fs filesystem on this server (its own listing cache, as another process has)."""
        import fsspec

        return fsspec.filesystem("s3", endpoint_url=self.url, key="testing", secret="testing",
                                 skip_instance_cache=True)

    def env(self) -> dict[str, str]:
        """Environment for a batch process that talks to this server (credentials from the environment)."""
        return os.environ | AWS | {"AWS_ENDPOINT_URL": self.url}

    def requests(self) -> list[tuple[str, str]]:
        """Every request served so far as (method, path with query)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [(m.group(1), m.group(2)) for m in _REQUEST.finditer(text)]

    def gets(self, prefix: str, since: int = 0) -> list[str]:
        """Object GETs (downloads) below ``/prefix`` among the requests after the first ``since``."""
        return [path for method, path in self.requests()[since:]
                if method == "GET" and path.startswith(f"/{prefix}") and "?" not in path]


def free_port() -> int:
    """A port nothing listens on now (the OS's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Until something listens on ``port`` (or ``proc`` died, or the time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@contextmanager
def moto_s3(log_dir: Path) -> Iterator[MotoS3]:
    """Start ``python -m moto.server`` on a free port; kill its process group at the end."""
    import moto  # noqa: F401 - a test dependency: missing is a failure, not a skip

    port = free_port()
    log = log_dir / "moto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        try:
            wait_port(port, proc)
        except AssertionError as error:
            raise AssertionError(f"moto.server: {error}: {log.read_text()[-2000:]}") from None
        yield MotoS3(f"http://127.0.0.1:{port}", log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
