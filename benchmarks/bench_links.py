"""DOCX writer time against the number of hyperlinks: linear is the goal (issue 9, item 14).

    python benchmarks/bench_links.py                   # 2,500 5,000 10,000 20,000 links
    python benchmarks/bench_links.py --sizes 1000 4000

Builds one Document with N paragraphs of one distinct link each and times the DOCX writer
alone; prints seconds and microseconds per link (a constant per-link time means linear).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.ir import Document, Link, Metadata, Paragraph, Text
from article_convert.registry import get_writer


def document(n: int) -> Document:
    """N paragraphs, each with one link to a different page."""
    blocks = tuple(
        Paragraph((Text(f"Абзац {i}: "), Link((Text("ссылка"),), f"https://example.org/page/{i}")))
        for i in range(n)
    )
    return Document(Metadata(title="Ссылки", language="ru"), blocks)


def seconds(n: int) -> float:
    """Wall-clock seconds of the DOCX writer on :func:`document` (n)."""
    ctx = Context(options=ConvertOptions(), diagnostics=Diagnostics(), base_dir=Path.cwd(), source_name="bench")
    doc = document(n)
    writer = get_writer("docx")
    t0 = time.perf_counter()
    writer.write(doc, ctx)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    args = parser.parse_args()
    for n in args.sizes:
        s = seconds(n)
        print(f"{n:>7} links  {s:7.2f} s  {1e6 * s / n:8.1f} µs/link")


if __name__ == "__main__":
    main()
