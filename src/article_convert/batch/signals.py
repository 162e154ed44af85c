"""SIGINT/SIGTERM handling for the batch parent (shared with convert and bundle: see ``interrupts``)."""

from __future__ import annotations

from ..interrupts import Interrupted, handlers, ignored, raising

__all__ = ["Interrupted", "handlers", "ignored", "raising"]
