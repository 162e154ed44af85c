"""Instructions per warm in-process conversion, counted by valgrind (callgrind): a figure the
machine's load does not change, for comparing two source trees on a busy machine.

    python benchmarks/instructions.py [--src OTHER/src ...] [--rounds 5]

For each tree (this one, then every ``--src``) the seed is read and written in a child process
under ``valgrind --tool=callgrind``: twice to warm up, then ``--rounds`` more times; the same run
with no extra rounds is subtracted, so what is left is the warm per-conversion cost, as
``measure.py``'s seed row measures it in CPU time. Rows: read alone, read + PDF, read + EPUB +
DOCX + PDF (millions of instructions per conversion), and the 40 new corpus articles of
``measure.py``'s second row (each read once, three formats; per article). Slow (valgrind runs
some 50x slower): about two minutes per row and tree.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "000_43c9a9ce68f258d4.txt"

_SEED_LOOP = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from article_convert import registry
from article_convert.context import ConvertOptions
from article_convert.pipeline import load_source, make_context, read_source
formats = [f for f in sys.argv[1].split(",") if f]
source = load_source(Path(sys.argv[3]))
for _ in range(2 + int(sys.argv[2])):
    ctx = make_context(source, ConvertOptions())
    ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    doc = read_source(source, ctx)
    for f in formats:
        registry.get_writer(f).write(doc, ctx)
"""

_NEW_LOOP = """
import sys
from datetime import datetime, timezone
sys.path.insert(0, sys.argv[2])
import measure
from article_convert import registry
from article_convert.context import ConvertOptions
from article_convert.pipeline import load_source, make_context, read_source
files = [measure.SEED, measure.SEED] + (measure.new_articles() if sys.argv[1] == "1" else [])
for path in files:
    source = load_source(path)
    ctx = make_context(source, ConvertOptions())
    ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    doc = read_source(source, ctx)
    for f in ("epub", "docx", "pdf"):
        registry.get_writer(f).write(doc, ctx)
"""


def count(src: Path | None, code: str, *args: str) -> int:
    """Instructions (callgrind's Ir) of ``python -c code args`` with ``src`` first on the path."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise RuntimeError("valgrind printed no instruction count")
    return int(found.group(1))


def measure_tree(src: Path | None, rounds: int) -> dict[str, float]:
    """Millions of instructions per warm conversion of the seed, and per new article."""
    out: dict[str, float] = {}
    for label, formats in (("read", ""), ("read + pdf", "pdf"), ("read + epub + docx + pdf", "epub,docx,pdf")):
        base = count(src, _SEED_LOOP, formats, "0", str(SEED))
        more = count(src, _SEED_LOOP, formats, str(rounds), str(SEED))
        out[f"seed: {label}"] = (more - base) / rounds / 1e6
    import measure

    articles = len(measure.new_articles())
    base = count(src, _NEW_LOOP, "0", str(HERE))
    more = count(src, _NEW_LOOP, "1", str(HERE))
    out["new article: read + epub + docx + pdf"] = (more - base) / articles / 1e6
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", action="append", default=[], help="another source tree (its src folder)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    trees: list[Path | None] = [None, *map(Path, args.src)]
    for tree in trees:
        for row, value in measure_tree(tree, args.rounds).items():
            print(f"{tree or 'this tree'} | {row:40} {value:8.1f} M instructions")


if __name__ == "__main__":
    main()
