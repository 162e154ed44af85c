"""Word list numbering (numbering.xml): bullet or number per level, start values and restarts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ooxml import W, attr

if TYPE_CHECKING:
    from lxml.etree import _Element

BULLET_FORMATS = frozenset({"bullet", "none"})
MAX_START = 1_000_000
"""Start values above this are clamped (a 5,000-digit or 99999999999 start is nonsense)."""


@dataclass(frozen=True)
class Level:
    """One list level: ordered or not, and its start number."""

    ordered: bool
    start: int
    marker: str = ""
    """The bullet character (``lvlText``) of a bullet level."""


def _int(value: str | None, default: int) -> int:
    try:
        return max(0, min(int(value or ""), MAX_START))
    except ValueError:
        return default


class Numbering:
    """Resolves ``numId`` + level to a Level and counts items, so a continued list keeps counting."""

    def __init__(self, root: _Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        if root is None:
            return
        for ab in root.iterfind(f"{W}abstractNum"):
            levels: dict[int, Level] = {}
            for lvl in ab.iterfind(f"{W}lvl"):
                fmt = attr(lvl.find(f"{W}numFmt"), "val") or "decimal"
                start = _int(attr(lvl.find(f"{W}start"), "val"), 1)
                text = attr(lvl.find(f"{W}lvlText"), "val") or ""
                levels[_int(attr(lvl, "ilvl"), 0)] = Level(fmt not in BULLET_FORMATS, start, text)
            self.abstract[attr(ab, "abstractNumId") or ""] = levels
        for num in root.iterfind(f"{W}num"):
            overrides: dict[int, int] = {}
            for ov in num.iterfind(f"{W}lvlOverride"):
                so = ov.find(f"{W}startOverride")
                if so is not None:
                    overrides[_int(attr(ov, "ilvl"), 0)] = _int(attr(so, "val"), 1)
            self.nums[attr(num, "numId") or ""] = (attr(num.find(f"{W}abstractNumId"), "val") or "", overrides)

    def level(self, num_id: str, ilvl: int) -> Level:
        """The level's kind and start (start overrides applied); unknown lists are bullets."""
        abstract, overrides = self.nums.get(num_id, ("", {}))
        base = self.abstract.get(abstract, {}).get(ilvl, Level(False, 1))
        return Level(base.ordered, overrides.get(ilvl, base.start), base.marker)

    def next_number(self, num_id: str, ilvl: int) -> int:
        """The number the next item of this list level shows; deeper levels restart."""
        abstract, overrides = self.nums.get(num_id, ("", {}))
        key = (num_id if overrides else abstract or num_id, ilvl)
        number = self.counters.get(key, self.level(num_id, ilvl).start - 1) + 1
        self.counters[key] = number
        for k in [k for k in self.counters if k[0] == key[0] and k[1] > ilvl]:
            del self.counters[k]
        return number
