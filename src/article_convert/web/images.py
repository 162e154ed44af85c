"""Images of fetched pages: ``src`` resolved against the page's URL, bytes fetched under the same
policy and limits as the page. Only URLs a fetched page named are ever fetched: an IR JSON file or a
local page cannot make the writers reach the network."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..images import IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, ImageProblem, LocalImages
from .fetch import Fetcher, FetchError, clean_url

_DATA_URI = re.compile(r"^data:(image/[\w.+-]+)?(;[\w=.-]+)*;base64,", re.IGNORECASE)


class WebImages:
    """The ImageSource of a fetched page (``page_url`` set) or of a bundle (local files as fallback)."""

    def __init__(self, fetcher: Fetcher, page_url: str | None = None, local: LocalImages | None = None) -> None:
        self.fetcher = fetcher
        self.shared = fetcher.page_images
        self.page_url = page_url
        self.local = local

    def accept(self, src: str) -> str | ImageProblem:
        """The absolute URL of ``src`` on this page (http/https only), remembered as fetchable."""
        src = src.strip()
        if src.lower().startswith("data:"):
            return src if _DATA_URI.match(src) else ImageProblem(IMAGE_REFUSED, f"not an image data URI: {src[:40]}")
        if self.page_url is None:
            if self.local is not None:
                return self.local.accept(src)
            return ImageProblem(IMAGE_REFUSED, f"no page to resolve the image against: {src[:80]}")
        if not src:
            return ImageProblem(IMAGE_REFUSED, "empty image path")
        url = urljoin(self.page_url, src)
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return ImageProblem(IMAGE_REFUSED, f"only http(s) images are fetched: {src[:80]}")
        url = clean_url(url)
        self.shared.accepted.add(url)
        return url

    def fetch(self, src: str) -> tuple[bytes, Path | None] | ImageProblem:
        """The image's bytes: decoded from a data URI, fetched (once per run), or read from the local folder."""
        if _DATA_URI.match(src):
            return _data_uri(src, self.fetcher.settings.max_image_bytes)
        if src not in self.shared.accepted:
            if self.local is not None and "://" not in src:
                return self.local.fetch(src)
            return ImageProblem(IMAGE_REFUSED, f"not an image of a fetched page (never fetched): {src[:80]}")
        with self.shared.lock_for(src):
            if src not in self.shared.fetched:
                try:
                    self.shared.fetched[src] = self.fetcher.get(src, "image").data
                except FetchError as exc:
                    self.shared.fetched[src] = ImageProblem(IMAGE_MISSING, f"image {exc}")
            got = self.shared.fetched[src]
        return got if isinstance(got, ImageProblem) else (got, None)


def _data_uri(src: str, limit: int) -> tuple[bytes, Path | None] | ImageProblem:
    """The bytes of a base64 ``data:image/…`` URI (within the image size limit)."""
    payload = src.split(",", 1)[1]
    if len(payload) * 3 // 4 > limit:
        return ImageProblem(IMAGE_UNREADABLE, "data: image too large")
    try:
        return base64.b64decode(payload, validate=False), None
    except (binascii.Error, ValueError) as exc:
        return ImageProblem(IMAGE_UNREADABLE, f"bad data: image ({exc})")


def image_sources(node: object) -> list[str]:
    """Every Image ``src`` in an IR node, in reading order."""
    import dataclasses

    from ..ir import Image

    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Image):
            found.append(item.src)
        elif isinstance(item, tuple):
            stack.extend(reversed(item))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(reversed([getattr(item, f.name) for f in dataclasses.fields(item)]))
    return found


def prefetch(images: object, doc: object) -> None:
    """Fetch the web images of ``doc`` now (in the caller's thread), so writers find them ready."""
    if isinstance(images, WebImages):
        for src in image_sources(doc):
            if src in images.shared.accepted:
                images.fetch(src)
