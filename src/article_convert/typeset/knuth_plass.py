"""Total-fit paragraph breaking (Knuth & Plass 1981): boxes, glue and penalties -> best breaks.

Pure and independent of any PDF library. A paragraph is a list of items: boxes (fixed
width), glue (a space: width, stretch, shrink; a legal break after a box) and penalties (a
legal break costing ``penalty``; ``flagged`` ones are hyphens and add ``width`` when taken).
The breaker keeps the active breakpoints, scores each feasible line by its badness
(``100·|r|³`` for an adjustment ratio ``r``) and chooses the breaks with the least total
demerits, with the usual refinements: four fitness classes (a very loose line never sits
next to a tight one), extra demerits for two hyphenated lines in a row, and these rules:

- at most ``max_hyphen_run`` consecutive lines end in a hyphen (a hard rule, except for the
  emergency breaks of a word longer than a line);
- the line before a paragraph's (or a forced break's) last line does not end in a hyphen;
- a last line narrower than ``min_last_line`` is avoided where another choice exists.

Three passes degrade gracefully: ``tolerance``, then ``emergency_tolerance``, then a pass that
accepts any line that is not overfull (lines that cannot stretch are "ragged" and are reported
as such). Lines are overfull only when a single box is wider than the measure: give over-long
words their own emergency break points (see ``items_for_word`` callers). Time is linear in the
number of items times the number of breakpoints that fit on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

BOX, GLUE, PENALTY = 0, 1, 2
INFINITY = 10000  # a penalty at least this large forbids a break; at most its negative forces one
FIL = 1e7  # the stretch of the glue that fills a paragraph's last line
_INF_RATIO = 1e9


@dataclass(frozen=True, slots=True)
class Params:
    """The knobs of the breaker, with TeX's plain-format values where TeX has one."""

    tolerance: float = 2.0  # largest adjustment ratio of a line in the first pass (badness 800)
    emergency_tolerance: float = 4.0  # second pass
    line_penalty: float = 10.0
    adjacent_demerits: float = 10000.0  # neighbouring lines whose fitness classes differ by more than one
    double_hyphen_demerits: float = 10000.0
    final_hyphen_demerits: float = 5_000_000.0  # a hyphen on the last full line: only when nothing else works
    max_hyphen_run: int = 2
    min_last_line: float = 0.0  # a last line narrower than this costs ``short_last_demerits``
    short_last_demerits: float = 200_000.0
    emergency_penalty: float = 1000.0  # breaks this costly are inside over-long words: exempt from the run rule
    last_pass_rule_demerits: float = 50_000_000.0  # such a break making a third hyphenated line in a row
    ragged: float = 0.0  # ragged-right setting: each line may end short by this share of its width
    # (TeX's \rightskip stretch, relative), so a short line is merely bad, never infeasible, and the
    # breaker evens out the lines instead of leaving one word alone on the first; 0 for justified text


@dataclass(slots=True)
class Items:
    """A paragraph as parallel arrays (faster than a list of objects in the inner loop)."""

    kind: list[int] = field(default_factory=list)
    width: list[float] = field(default_factory=list)
    stretch: list[float] = field(default_factory=list)
    shrink: list[float] = field(default_factory=list)
    penalty: list[float] = field(default_factory=list)
    flagged: list[bool] = field(default_factory=list)

    def box(self, width: float, stretch: float = 0.0, shrink: float = 0.0) -> None:
        """A box; it may stretch or shrink (glyph expansion), glue-like but never a break."""
        self._add(BOX, width, stretch, shrink, 0.0, False)

    def glue(self, width: float, stretch: float, shrink: float) -> None:
        self._add(GLUE, width, stretch, shrink, 0.0, False)

    def pen(self, width: float, penalty: float, flagged: bool = False) -> None:
        self._add(PENALTY, width, 0.0, 0.0, penalty, flagged)

    def finish(self, fill: bool = True) -> None:
        """End the paragraph: (a filling glue, when the last line is set ragged) and a forced break."""
        if fill:
            self.pen(0.0, INFINITY)
            self.glue(0.0, FIL, 0.0)
        self.pen(0.0, -INFINITY)

    def _add(self, kind: int, width: float, stretch: float, shrink: float, penalty: float, flagged: bool) -> None:
        self.kind.append(kind)
        self.width.append(width)
        self.stretch.append(stretch)
        self.shrink.append(shrink)
        self.penalty.append(penalty)
        self.flagged.append(flagged)

    def extend(self, columns: tuple[Any, ...]) -> int:
        """Append prepared columns (kind, width, stretch, shrink, penalty, flagged); return where they start."""
        base = len(self.kind)
        self.kind.extend(columns[0])
        self.width.extend(columns[1])
        self.stretch.extend(columns[2])
        self.shrink.extend(columns[3])
        self.penalty.extend(columns[4])
        self.flagged.extend(columns[5])
        return base

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True, slots=True)
class Break:
    """One chosen break: the item index, the adjustment ratio of the line it ends, and whether that
    line could not be justified (no stretch, or stretched past the emergency tolerance)."""

    index: int
    ratio: float
    ragged: bool


class _Node:
    __slots__ = ("demerits", "fitness", "flagged", "line", "pos", "prev", "ratio", "run", "tw", "ty", "tz")

    def __init__(self, pos: int, line: int, fitness: int, run: int, tw: float, ty: float, tz: float,
                 demerits: float, prev: _Node | None, ratio: float, flagged: bool) -> None:
        self.pos, self.line, self.fitness, self.run = pos, line, fitness, run
        self.tw, self.ty, self.tz = tw, ty, tz
        self.demerits, self.prev, self.ratio, self.flagged = demerits, prev, ratio, flagged


def break_lines(items: Items, line_widths: Sequence[float], params: Params = Params()) -> list[Break]:
    """The best breaks of a paragraph (the last is its final forced break); never empty for a
    finished paragraph. ``line_widths[k]`` is the measure of line k (the last one repeats)."""
    if not items.kind:
        return []
    pre = _prepare(items)  # the same for every pass: computed once
    for tol in (params.tolerance, params.emergency_tolerance):
        found = _run(pre, line_widths, params, tol, last=False)
        if found is not None:
            return found
    found = _run(pre, line_widths, params, _INF_RATIO, last=True)
    assert found is not None
    return found


_Prepared = tuple[int, list[float], list[float], list[float], list[float], list[tuple[int, float, float, bool]],
                  Items, dict[int, tuple[float, float, float]]]


def _prepare(items: Items) -> _Prepared:
    """What every pass needs and no pass changes: the prefix sums of width, stretch, shrink and the
    boxes' stretch before each item, the legal breakpoints (index, penalty width, penalty,
    flagged), and a place for the totals after each break (``_after``, filled as passes need them)."""
    kind, width, stretch, shrink, penalty, flagged = (items.kind, items.width, items.stretch, items.shrink,
                                                      items.penalty, items.flagged)
    n = len(kind)
    sw = [0.0] * (n + 1)
    sy = [0.0] * (n + 1)
    sz = [0.0] * (n + 1)
    sb = [0.0] * (n + 1)  # the boxes' share of the stretch (glyph expansion): it ends at ratio 1
    w = y = z = b = 0.0
    cands: list[tuple[int, float, float, bool]] = []
    prev = -1
    for i in range(n):
        sw[i], sy[i], sz[i], sb[i] = w, y, z, b
        t = kind[i]
        if t == BOX:
            w += width[i]
            y += stretch[i]
            z += shrink[i]
            b += stretch[i]
        elif t == GLUE:
            if i and prev == BOX:
                cands.append((i, 0.0, 0.0, False))
            w += width[i]
            y += stretch[i]
            z += shrink[i]
        else:
            pen = penalty[i]
            if pen < INFINITY:
                cands.append((i, width[i], pen, flagged[i]))
        prev = t
    sw[n], sy[n], sz[n], sb[n] = w, y, z, b
    return n, sw, sy, sz, sb, cands, items, {}


def _after(pre: _Prepared, i: int) -> tuple[float, float, float]:
    """Totals just after a break at ``i``: glue and penalties that follow it are discarded (up to the
    next box or forced break); kept for the later passes."""
    n, sw, sy, sz, _, _, items, memo = pre
    found = memo.get(i)
    if found is not None:
        return found
    kind, width, stretch, shrink, penalty = items.kind, items.width, items.stretch, items.shrink, items.penalty
    tw, ty, tz = sw[i], sy[i], sz[i]
    for k in range(i, n):
        t = kind[k]
        if t == BOX:
            break
        if t == GLUE:
            tw += width[k]
            ty += stretch[k]
            tz += shrink[k]
        elif penalty[k] <= -INFINITY and k > i:
            break
    memo[i] = found = (tw, ty, tz)
    return found


def _run(pre: _Prepared, line_widths: Sequence[float], p: Params, tol: float, last: bool) -> list[Break] | None:
    """One pass of the breaker at tolerance ``tol`` (``last``: the pass that accepts an overfull
    line when nothing else is left); None when no way through the paragraph fits."""
    n, sw, sy, sz, sb, cands, _, _ = pre
    nlw = len(line_widths)
    lw_last = line_widths[-1]
    lp = p.line_penalty
    max_run = p.max_hyphen_run
    double_hyphen = p.double_hyphen_demerits
    adjacent = p.adjacent_demerits
    emergency = p.emergency_penalty
    rule_demerits = p.last_pass_rule_demerits
    final_hyphen = p.final_hyphen_demerits
    min_last = p.min_last_line
    short_last = p.short_last_demerits
    inf_ratio = _INF_RATIO
    node = _Node
    uniform = nlw <= 2  # every line after the first has the same width
    ragged = p.ragged
    active: list[_Node] = [_Node(0, 0, 1, 0, 0.0, 0.0, 0.0, 0.0, None, 0.0, False)]
    for i, pw, pen, flag in cands:
        forced = pen <= -INFINITY
        swi, syi, szi, sbi = sw[i] + pw, sy[i], sz[i], sb[i]
        best: dict[tuple[int, int], tuple[float, _Node, float]] = {}
        survivors: list[_Node] = []
        keep = survivors.append
        overfull: _Node | None = None
        j = -1
        for a in active:
            j += 1
            L = swi - a.tw
            line = a.line
            lw = line_widths[line] if line < nlw else lw_last
            if lw > L:
                Y = syi - a.ty + ragged * lw
                if Y <= 0:
                    r = inf_ratio
                else:
                    r = (lw - L) / Y
                    if r > 1.0 and sbi != sb[a.pos]:  # boxes stretch at most their share: glue takes the rest
                        G = Y - (sbi - sb[a.pos])
                        r = 1.0 + (lw - L - Y) / G if G > 0 else inf_ratio
                    if r > tol and not forced:  # too short from here: keep the node for later breaks
                        if uniform and line:
                            # nodes are in text order: every later one gives a shorter line with less
                            # stretch, on a line of the same width, so it is too short as well
                            survivors.extend(active[j:])
                            break
                        keep(a)
                        continue
            elif lw < L:
                Z = szi - a.tz
                r = (lw - L) / Z if Z > 0 else -inf_ratio
            else:
                r = 0.0
            if r < -1.0:
                if overfull is None or (a.pos, -a.demerits) > (overfull.pos, -overfull.demerits):
                    overfull = a  # the shortest overfull line, should nothing else be left
                continue  # overfull: no later break can use this node
            if not forced:
                keep(a)
            if r > tol:
                continue
            # TeX's demerits (badness 100|r|^3, at most 10000), as _demerits computes them
            if r >= inf_ratio:
                bad = 10000.0
            else:
                bad = 100.0 * abs(r) ** 3
                if bad > 10000.0:
                    bad = 10000.0
            d = (lp + bad) ** 2
            if not forced:
                d = d + pen * pen if pen >= 0 else d - pen * pen
            if flag and a.flagged:
                d += double_hyphen
            run = a.run + 1 if flag else 0
            if run > max_run:
                if pen < emergency:
                    continue  # a third hyphenated line: never (breaks inside an over-long word excepted)
                d += rule_demerits
                run = max_run
            # the fitness class: 0 tight, 1 decent, 2 loose, 3 very loose
            c = (0 if r < -0.5 else 1 if r <= 0.5 else 2 if r <= 1.0 else 3) if r < inf_ratio else 3
            if abs(c - a.fitness) > 1:
                d += adjacent
            if forced:
                if a.flagged:
                    d += final_hyphen
                if min_last and min_last > L and a.pos > 0:
                    d += short_last
            d += a.demerits
            key = (c, run)
            old = best.get(key)
            if old is None or d < old[0]:
                best[key] = (d, a, r)
        if best:
            tw, ty, tz = _after(pre, i)
            least = min(v[0] for v in best.values())
            for (c, run), (d, a, r) in best.items():
                if d <= least + adjacent:
                    keep(node(i, a.line + 1, c, run, tw, ty, tz, d, a, r, flag))
        elif last and not survivors and overfull is not None:
            # a box wider than the measure: an overfull line, the only way on
            tw, ty, tz = _after(pre, i)
            keep(node(i, overfull.line + 1, 1, 0, tw, ty, tz, overfull.demerits + 1e9, overfull, -1.0, flag))
        active = survivors
        if not active:
            return None
    ends = [a for a in active if a.pos == n - 1]
    if not ends:
        return None
    found: _Node | None = min(ends, key=lambda a: a.demerits)
    out: list[Break] = []
    emergency_tol = p.emergency_tolerance
    while found is not None and found.prev is not None:
        out.append(Break(found.pos, found.ratio, found.ratio > emergency_tol))
        found = found.prev
    out.reverse()
    return out
