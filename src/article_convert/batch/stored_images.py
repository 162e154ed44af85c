"""Images beside an input on fsspec storage (``s3://archive/2024/a.md`` names ``img/p.png``): read from
the same store under the same rules as a local input's images, so a conversion from storage embeds
what a local one does.

The rules are ``images``' own: a relative path under the input's folder only (absolute paths, URLs and
``../`` escapes are refused, also URL-encoded), at most ``MAX_FILE_BYTES`` (the size is asked of the
store before anything is downloaded), each problem one diagnostic with the same code and message as
for a local file. Each image is downloaded once per document, whichever writers embed it.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import images
from ..images import IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, ImageProblem, image_src_problem


class StoredImages:
    """The ImageSource of an input on storage: its folder ``folder`` on filesystem ``fs``."""

    def __init__(self, fs: Any, folder: str) -> None:
        self.fs = fs
        self.folder = folder.rstrip("/")
        self._got: dict[str, tuple[bytes, Path | None] | ImageProblem] = {}

    def accept(self, src: str) -> str | ImageProblem:
        """``src`` itself when it is a safe relative path, else why it is refused (as for a local input)."""
        problem = image_src_problem(src)
        return ImageProblem(IMAGE_REFUSED, problem) if problem is not None else src

    def fetch(self, src: str) -> tuple[bytes, Path | None] | ImageProblem:
        """The image's bytes (downloaded once), or why it may not or cannot be read."""
        if src not in self._got:
            self._got[src] = self._fetch(src)
        return self._got[src]

    def _fetch(self, src: str) -> tuple[bytes, Path | None] | ImageProblem:
        problem = image_src_problem(src)
        if problem is not None:
            return ImageProblem(IMAGE_REFUSED, problem)
        rel = posixpath.normpath(unquote(src.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/"))
        if rel == ".." or rel.startswith(("../", "/")):  # image_src_problem refuses these already
            return ImageProblem(IMAGE_REFUSED, f"path escapes the input folder: {src[:80]}")
        if rel in (".", ""):
            return ImageProblem(IMAGE_MISSING, f"image not found: {src[:80]}")
        path = f"{self.folder}/{rel}"
        limit = images.MAX_FILE_BYTES
        try:
            info = self.fs.info(path)
            if info.get("type") == "directory":
                return ImageProblem(IMAGE_MISSING, f"image not found: {src[:80]}")
            size = int(info.get("size") or 0)
            if size > limit:
                return ImageProblem(IMAGE_UNREADABLE, f"image too large to embed ({size} bytes): {src[:80]}")
            data = bytes(self.fs.cat_file(path, start=0, end=limit + 1))
        except FileNotFoundError:
            return ImageProblem(IMAGE_MISSING, f"image not found: {src[:80]}")
        except Exception as exc:  # noqa: BLE001 - each backend raises its own errors (botocore, aiohttp…)
            return ImageProblem(IMAGE_UNREADABLE, f"cannot read image {src[:80]}: {type(exc).__name__}: {exc}")
        if len(data) > limit:  # it grew since the store was asked
            return ImageProblem(IMAGE_UNREADABLE, f"image too large to embed (over {limit} bytes): {src[:80]}")
        return data, None
