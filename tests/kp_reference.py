"""The Knuth-Plass breaker as it was before issue 18's speed work (typeset/knuth_plass.py at
f45e187), kept verbatim as the reference the fast one must agree with, break for break
(tests/test_linebreak_speed.py), but for the ragged-right stretch added to both since
(``Params.ragged``). Not used by the program."""

from __future__ import annotations

from collections.abc import Sequence

from article_convert.typeset.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Break, Items, Params

_INF_RATIO = 1e9


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


def reference_break_lines(items: Items, line_widths: Sequence[float], params: Params) -> list[Break]:
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
                Y = syi - a.ty + p.ragged * lw  # the ragged-right stretch (a Params field added since)
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
