"""What the command line sets up before it imports anything else (issue 18: cold start).

Only in the command-line process (``is_command_line``); a program importing the package is left
as it is (``prepare()`` does the same for it on request).

- compiled regular expressions and the methods ``dataclasses`` generates come from the per-user
  cache (``regexcache``, ``dataclasscache``) instead of being compiled again in every process;
- the cyclic garbage collector runs less often: a start allocates ~10^6 objects that live to
  the end, and with the default threshold (700) it traced them in ~220 collections, ~50 ms of a
  ~400 ms cold conversion. Few of our objects form cycles: with 200,000 the seed needs no
  collection at all and a 2 MB text -> EPUB+DOCX+PDF one (262 -> 59 ms), peak RSS 124 MB both ways.
  Not for ``batch``: one process (and its forked workers) converts file after file, and the
  garbage of finished documents would wait for a full collection (1,000 articles: peak RSS 177 MB
  with the default, 381 MB with 200,000).
"""

from __future__ import annotations

import gc
import os
import sys

from . import dataclasscache, regexcache

GC_THRESHOLD = 200_000


def is_command_line() -> bool:
    """True in the ``article-convert`` process itself (the console script or ``python -m
    article_convert``), not in a program or test suite that imports the package: only the command
    line's own patterns and classes belong in the tables, and only it changes the collector."""
    argv0 = sys.argv[0] if sys.argv else ""
    return os.path.basename(argv0) == "article-convert" or argv0.endswith(
        os.path.join("article_convert", "__main__.py"))


def _only_help() -> bool:
    """``--help``/``--version`` (or no arguments): no dataclass is made, so ``dataclasses`` (and
    the table) need not be loaded at all."""
    args = sys.argv[1:]
    return not args or bool({"--help", "-h", "--version"} & set(args))


def prepare() -> None:
    """Install both caches and raise the collector's first threshold, except for ``batch`` (idempotent)."""
    regexcache.install()
    if not _only_help():
        dataclasscache.install()
    first, *rest = gc.get_threshold()
    if 0 < first < GC_THRESHOLD and sys.argv[1:2] != ["batch"]:  # 0: switched off by someone: leave it
        gc.set_threshold(GC_THRESHOLD, *rest)


if is_command_line():
    prepare()
