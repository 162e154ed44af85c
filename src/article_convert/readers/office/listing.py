"""Flat list paragraphs (level, bullet or number) -> nested BulletList / OrderedList blocks."""

from __future__ import annotations

from dataclasses import dataclass

from ...ir import Block, BulletList, OrderedList


@dataclass(frozen=True)
class ListEntry:
    """One list paragraph: which list, its level, bullet or number, the number it shows, its block."""

    list_id: str
    level: int
    ordered: bool
    number: int
    block: Block


def build_lists(entries: list[ListEntry]) -> list[Block]:
    """Nest consecutive entries by level; a new top-level list starts when the list or its kind changes."""
    out: list[Block] = []
    i = 0
    while i < len(entries):
        block, i = _list(entries, i, entries[i].level, top=True)
        out.append(block)
    return out


def _list(entries: list[ListEntry], i: int, level: int, top: bool = False) -> tuple[Block, int]:
    first = entries[i]
    items: list[list[Block]] = []
    while i < len(entries):
        e = entries[i]
        if e.level < level:
            break
        if e.level == level and e.number < 0:  # a further paragraph of the current item
            if not items:
                items.append([])
            items[-1].append(e.block)
            i += 1
            continue
        if e.level == level:
            if items and (e.ordered != first.ordered or (top and e.list_id != first.list_id)):
                break
            items.append([e.block])
            i += 1
        else:
            nested, i = _list(entries, i, e.level)
            if not items:
                items.append([])
            items[-1].append(nested)
    body = tuple(tuple(item) for item in items)
    if first.ordered:
        return OrderedList(body, max(first.number, 0)), i
    return BulletList(body), i
