"""``--since 24h|7d|2w|90m|YYYY-MM-DD``: the oldest moment a digest item may come from."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from ..errors import UsageError

_SPAN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime) -> datetime:
    """A relative span back from ``now`` (``24h``, ``7d``) or a date/time (midnight UTC for a date)."""
    m = _SPAN.match(value)
    if m:
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=timezone.utc)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {value!r}: expected a span such as 24h, 7d, 2w or a date YYYY-MM-DD") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
