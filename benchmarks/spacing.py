"""Spacing report: how far justified lines in our PDFs are stretched, read back from the PDFs.

    python benchmarks/spacing.py                 # the fixed set, A4 and --profile ereader-6in
    python benchmarks/spacing.py --json out.json # also write the numbers
    python benchmarks/spacing.py some.pdf ...    # report on PDFs you already have

For every PDF, ``mutool draw -F stext`` gives each glyph's position, font and size. A line is a
*full justified line* when its right edge sits on a right margin that many lines share (so
ragged, centred and last lines drop out) and it has at least two gaps between words. Its spacing
is the mean gap between words divided by the natural width of a space in the font and size of
the glyph before the gap (from the bundled TTF's ``hmtx``). Reported: median, 90th and 99th
percentile and worst of those per-line means, the share of lines past 1.6×, and the number of
runs of more than two consecutive lines ending in a hyphen. Needs ``mutool`` (mupdf-tools).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_43c9a9ce68f258d4.txt"
CORPUS = ["ru/blok-sograzhdane-feuilleton-1918.txt", "uk/brownuk-buddhists-carpathians.txt",
          "kk/kkwiki-arystan-bab-mausoleum.txt", "ru/pushkin-dubrovsky-full.txt"]
PROFILES = {"a4": [], "ereader-6in": ["--profile", "ereader-6in"]}
SPACES = " \u00a0"
HYPHENS = "-\u2010"
MARGIN_TOLERANCE = 0.75  # points
MIN_SHARED_LINES = 4


def default_inputs() -> list[Path]:
    """The seed, four corpus articles and the Kazakh and Ukrainian articles of ``shared/articles``."""
    arts = sorted((SHARED / "articles").glob("kk-*.txt")) + sorted((SHARED / "articles").glob("uk-*.txt"))
    return [SEED, *(SHARED / "corpus" / c for c in CORPUS), *arts]


@cache
def space_em(font: str) -> float:
    """The advance of a space in ``font`` (a PDF font name) in ems, from the bundled TTF."""
    from fontTools.ttLib import TTFont

    name = font.split("+", 1)[-1]
    for path in (ROOT / "fonts").glob("*.ttf"):
        if path.stem == name:
            tt = TTFont(path, lazy=True)
            glyph = tt.getBestCmap()[32]
            return float(tt["hmtx"][glyph][0]) / float(tt["head"].unitsPerEm)
    return 0.26  # an unknown font: a typical serif space


@dataclass
class Line:
    left: float
    right: float
    text: str
    gaps: list[float] = field(default_factory=list)  # each gap as a multiple of the natural space


def _lines(stext: bytes) -> list[list[Line]]:
    """Per page, the text lines with their word gaps (as multiples of a natural space)."""
    pages: list[list[Line]] = []
    root = ET.fromstring(stext)
    for page in root.iter("page"):
        out: list[Line] = []
        rows: dict[float, list[tuple[float, float, str, str, float]]] = {}
        for font in page.iter("font"):  # glyphs regrouped by baseline: mutool cuts a line at a wide gap
            fname, size = font.get("name", ""), float(font.get("size", "0"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad", "").split()]
                rows.setdefault(round(float(ch.get("y", "0")), 1), []).append(
                    (q[0], q[2], ch.get("c", ""), fname, size))
        for _, chars in sorted(rows.items()):
            chars.sort(key=lambda c: c[0])
            ink = [c for c in chars if c[2] not in SPACES]
            if not ink:
                continue
            text = "".join(c[2] for c in chars)
            item = Line(ink[0][0], ink[-1][1], text)
            prev = None
            for c in chars:
                if c[2] in SPACES:
                    continue
                if prev is not None and c[0] - prev[1] > 0.05 * prev[4]:
                    natural = space_em(prev[3]) * prev[4]
                    between = [s for s in chars if s[2] in SPACES and prev[0] <= s[0] <= c[0]]
                    if between and natural > 0:
                        item.gaps.append((c[0] - prev[1]) / (natural * len(between)))
                prev = c
            out.append(item)
        pages.append(out)
    return pages


def analyse(pdf: Path) -> dict:
    """Per-line spacing ratios of the full justified lines of one PDF, and hyphen runs."""
    stext = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(pdf)], check=True,
                           capture_output=True).stdout
    pages = _lines(stext)
    rights = Counter(round(ln.right * 2) / 2 for page in pages for ln in page if len(ln.gaps) >= 2)
    margins = [r for r, n in rights.items() if n >= MIN_SHARED_LINES]
    ratios: list[float] = []
    runs3 = 0
    run = 0
    for page in pages:
        for ln in page:
            full = any(abs(ln.right - m) <= MARGIN_TOLERANCE for m in margins)
            if full and len(ln.gaps) >= 1 and len(ln.text.split()) >= 2:
                ratios.append(sum(ln.gaps) / len(ln.gaps))
            if full and ln.text.rstrip()[-1:] in HYPHENS and ln.text.rstrip()[-2:-1].isalpha():
                run += 1
            else:
                if run > 2:
                    runs3 += 1
                run = 0
    if run > 2:
        runs3 += 1
    return {"ratios": ratios, "hyphen_runs_over_2": runs3}


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank)."""
    if not values:
        return math.nan
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


def summary(ratios: list[float], runs: int) -> dict:
    return {"lines": len(ratios), "median": round(pct(ratios, 50), 3), "p90": round(pct(ratios, 90), 3),
            "p99": round(pct(ratios, 99), 3), "worst": round(max(ratios, default=math.nan), 3),
            "over_1_6": round(sum(r > 1.6 for r in ratios) / max(len(ratios), 1), 3), "hyphen_runs_over_2": runs}


def convert(inputs: list[Path], work: Path, profile: str) -> list[Path]:
    """Each input to PDF with the installed article-convert (one process per file)."""
    out = []
    exe = Path(sys.executable).with_name("article-convert")
    for src in inputs:
        pdf = work / profile / (src.stem + ".pdf")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(exe), str(src), "-o", str(pdf), *PROFILES[profile]], check=True,
                       capture_output=True)
        out.append(pdf)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path, help="report on these PDFs instead of the fixed set")
    ap.add_argument("--json", type=Path, help="write the numbers here")
    ap.add_argument("--keep", type=Path, help="keep the produced PDFs in this folder")
    ap.add_argument("--per-file", action="store_true", help="one line per PDF as well")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        groups = {"given": args.pdfs} if args.pdfs else {p: convert(default_inputs(), work, p) for p in PROFILES}
        for name, pdfs in groups.items():
            allr: list[float] = []
            runs = 0
            for pdf in pdfs:
                a = analyse(pdf)
                allr += a["ratios"]
                runs += a["hyphen_runs_over_2"]
                if args.per_file:
                    print(f"  {name:12} {pdf.name:45} {summary(a['ratios'], a['hyphen_runs_over_2'])}")
            results[name] = summary(allr, runs)
    print(f"{'set':12} {'lines':>6} {'median':>7} {'p90':>6} {'p99':>6} {'worst':>6} {'>1.6x':>6} {'hy-runs>2':>9}")
    for name, s in results.items():
        print(f"{name:12} {s['lines']:6d} {s['median']:7.2f} {s['p90']:6.2f} {s['p99']:6.2f} {s['worst']:6.2f} "
              f"{s['over_1_6']:6.1%} {s['hyphen_runs_over_2']:9d}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
