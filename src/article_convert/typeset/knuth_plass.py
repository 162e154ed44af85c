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


def _fitness(r: float) -> int:
    if r < -0.5:
        return 0
    if r <= 0.5:
        return 1
    if r <= 1.0:
        return 2
    return 3


def break_lines(items: Items, line_widths: Sequence[float], params: Params = Params()) -> list[Break]:
    """The best breaks of a paragraph (the last is its final forced break); never empty for a
    finished paragraph. ``line_widths[k]`` is the measure of line k (the last one repeats)."""
    if not items.kind:
        return []
    for tol in (params.tolerance, params.emergency_tolerance):
        found = _run(items, line_widths, params, tol, last=False)
        if found is not None:
            return found
    found = _run(items, line_widths, params, _INF_RATIO, last=True)
    assert found is not None
    return found


def _run(items: Items, line_widths: Sequence[float], p: Params, tol: float, last: bool) -> list[Break] | None:
    kind, width, stretch, shrink, penalty, flagged = (items.kind, items.width, items.stretch, items.shrink,
                                                      items.penalty, items.flagged)
    n = len(kind)
    sw = [0.0] * (n + 1)
    sy = [0.0] * (n + 1)
    sz = [0.0] * (n + 1)
    sb = [0.0] * (n + 1)  # the boxes' share of the stretch (glyph expansion): it ends at ratio 1
    w = y = z = b = 0.0
    for i in range(n):
        sw[i], sy[i], sz[i], sb[i] = w, y, z, b
        if kind[i] != PENALTY:
            w += width[i]
            y += stretch[i]
            z += shrink[i]
            if kind[i] == BOX:
                b += stretch[i]
    sw[n], sy[n], sz[n], sb[n] = w, y, z, b
    nlw = len(line_widths)
    lp = p.line_penalty
    max_run = p.max_hyphen_run

    def after(i: int) -> tuple[float, float, float]:
        """Totals just after a break at ``i``: glue and penalties that follow it are discarded."""
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
        return tw, ty, tz

    uniform = nlw <= 2  # every line after the first has the same width
    active: list[_Node] = [_Node(0, 0, 1, 0, 0.0, 0.0, 0.0, 0.0, None, 0.0, False)]
    for i in range(n):
        t = kind[i]
        if t == BOX:
            continue
        if t == GLUE:
            if i == 0 or kind[i - 1] != BOX:
                continue
            pw, pen, flag = 0.0, 0.0, False
        else:
            pen = penalty[i]
            if pen >= INFINITY:
                continue
            pw, flag = width[i], flagged[i]
        forced = pen <= -INFINITY
        swi, syi, szi = sw[i] + pw, sy[i], sz[i]
        best: dict[tuple[int, int], tuple[float, _Node, float]] = {}
        survivors: list[_Node] = []
        overfull: _Node | None = None
        for j, a in enumerate(active):
            L = swi - a.tw
            lw = line_widths[a.line] if a.line < nlw else line_widths[-1]
            if lw > L:
                Y = syi - a.ty
                if Y <= 0:
                    r = _INF_RATIO
                else:
                    r = (lw - L) / Y
                    if r > 1.0 and sb[i] != sb[a.pos]:  # boxes stretch at most their share: glue takes the rest
                        G = Y - (sb[i] - sb[a.pos])
                        r = 1.0 + (lw - L - Y) / G if G > 0 else _INF_RATIO
                    if r > tol and not forced:  # too short from here: keep the node for later breaks
                        if uniform and a.line:
                            # nodes are in text order: every later one gives a shorter line with less
                            # stretch, on a line of the same width, so it is too short as well
                            survivors.extend(active[j:])
                            break
                        survivors.append(a)
                        continue
            elif lw < L:
                Z = szi - a.tz
                r = (lw - L) / Z if Z > 0 else -_INF_RATIO
            else:
                r = 0.0
            if r < -1.0:
                if overfull is None or (a.pos, -a.demerits) > (overfull.pos, -overfull.demerits):
                    overfull = a  # the shortest overfull line, should nothing else be left
                continue  # overfull: no later break can use this node
            if not forced:
                survivors.append(a)
            if r > tol:
                continue
            d = _demerits(r, lp, pen, forced)
            if flag and a.flagged:
                d += p.double_hyphen_demerits
            run = a.run + 1 if flag else 0
            if run > max_run:
                if pen < p.emergency_penalty:
                    continue  # a third hyphenated line: never (breaks inside an over-long word excepted)
                d += p.last_pass_rule_demerits
                run = max_run
            c = _fitness(r) if r < _INF_RATIO else 3
            if abs(c - a.fitness) > 1:
                d += p.adjacent_demerits
            if forced:
                if a.flagged:
                    d += p.final_hyphen_demerits
                if p.min_last_line and p.min_last_line > L and a.pos > 0:
                    d += p.short_last_demerits
            d += a.demerits
            key = (c, run)
            old = best.get(key)
            if old is None or d < old[0]:
                best[key] = (d, a, r)
        if best:
            tw, ty, tz = after(i)
            least = min(v[0] for v in best.values())
            for (c, run), (d, a, r) in best.items():
                if d <= least + p.adjacent_demerits:
                    survivors.append(_Node(i, a.line + 1, c, run, tw, ty, tz, d, a, r, flag))
        elif last and not survivors and overfull is not None:
            tw, ty, tz = after(i)  # a box wider than the measure: an overfull line, the only way on
            survivors.append(_Node(i, overfull.line + 1, 1, 0, tw, ty, tz, overfull.demerits + 1e9, overfull,
                                   -1.0, flag))
        active = survivors
        if not active:
            return None
    ends = [a for a in active if a.pos == n - 1]
    if not ends:
        return None
    node: _Node | None = min(ends, key=lambda a: a.demerits)
    out: list[Break] = []
    while node is not None and node.prev is not None:
        out.append(Break(node.pos, node.ratio, node.ratio > p.emergency_tolerance))
        node = node.prev
    out.reverse()
    return out


def _demerits(r: float, lp: float, pen: float, forced: bool) -> float:
    """TeX's demerits of a line with adjustment ratio ``r`` ending at a break with penalty ``pen``."""
    b = 10000.0 if r >= _INF_RATIO else min(100.0 * abs(r) ** 3, 10000.0)
    d = (lp + b) ** 2
    if forced:
        return d
    if pen >= 0:
        return d + pen * pen
    return d - pen * pen
