"""Office reader benchmark: DOCX and ODT of growing size; reading time should grow linearly.

    python benchmarks/bench_office.py                 # 1,000 / 3,000 / 6,000 paragraphs
    python benchmarks/bench_office.py --sizes 500 5000

Builds Word documents with python-docx (a Title, paragraphs with a bold lead-in run, a Caption
every 50 paragraphs, a table every 200) and, when LibreOffice is installed, the same as ODT.
Prints the reader's CPU seconds (reader only, no transforms) and microseconds per paragraph.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def build_docx(n: int, path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Большой документ", style="Title")
    for i in range(n):
        p = d.add_paragraph()
        p.add_run(f"Абзац {i}: ").bold = True
        p.add_run("обычный текст статьи с разными словами и знаками препинания, " * 4)
        if i % 50 == 0:
            d.add_paragraph(f"Подпись {i}", style="Caption")
        if i % 200 == 0:
            t = d.add_table(rows=3, cols=3)
            for cell in t._cells:
                cell.text = "ячейка"
    d.save(str(path))


def read_seconds(path: Path) -> float:
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import choose_reader, load_source, make_context

    source = load_source(path)
    ctx = make_context(source, ConvertOptions())
    t0 = time.process_time()
    choose_reader(source, None).read(source, ctx)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 6000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'paragraphs':>10} {'format':>6} {'CPU s':>8} {'µs/para':>8}")
        for n in args.sizes:
            path = folder / f"doc{n}.docx"
            build_docx(n, path)
            paths = [path]
            if shutil.which("soffice"):
                subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'p').as_uri()}", "--headless",
                                "--convert-to", "odt", "--outdir", str(folder), str(path)],
                               check=True, capture_output=True, timeout=300)
                paths.append(path.with_suffix(".odt"))
            for p in paths:
                s = read_seconds(p)
                print(f"{n:>10} {p.suffix[1:]:>6} {s:>8.2f} {1e6 * s / n:>8.0f}")


if __name__ == "__main__":
    main()
