"""Measurements: subprocess wall time and peak RSS, our batch, pandoc, calibre, in-process timings."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"

_WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "s = time.perf_counter() - t\n"
    "print(json.dumps({'rc': rc, 'seconds': s, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; its wall time, exit code and the peak RSS of the biggest process in its tree (MB)."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, env=env,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def ours() -> list[str]:
    """How to start article-convert with this interpreter."""
    return [sys.executable, "-m", "article_convert"]


def batch(src: Path, out: Path, formats: str, jobs: int) -> dict[str, Any]:
    """One `article-convert batch` run from scratch (--force, fresh OUTDIR)."""
    report = out.with_suffix(".report.json")
    result = timed([*ours(), "batch", str(src), "-o", str(out), "-t", formats, "--jobs", str(jobs), "-q",
                    "--force", "--report", str(report)])
    totals = json.loads(report.read_text(encoding="utf-8"))["totals"]
    return result | {"formats": formats, "jobs": jobs, "converted": totals["converted"], "failed": totals["failed"]}


def pandoc_path() -> str | None:
    """The pandoc binary shipped by pypandoc-binary (the bench extra), or one on PATH."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        from shutil import which

        return which("pandoc")


def pandoc(files: list[Path], out: Path, formats: list[str]) -> dict[str, Any]:
    """pandoc once per file and format, one after the other, as a shell loop would."""
    exe = pandoc_path()
    if exe is None:
        return {"skipped": "pandoc not installed (pip install '.[bench]')"}
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    failed = 0
    for fmt in formats:
        t0 = time.perf_counter()
        for i, f in enumerate(files):
            rc = subprocess.run([exe, str(f), "-f", "markdown", "-o", str(out / f"{i:04}.{fmt}"), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode
            failed += rc != 0
        seconds[fmt] = time.perf_counter() - t0
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {"version": version, "files": len(files), "seconds": seconds, "total": sum(seconds.values()),
            "failed": failed}


def calibre(files: list[Path], out: Path, formats: list[str], scale_to: int) -> dict[str, Any]:
    """calibre's ebook-convert on a sample, once per file and format; extrapolated to ``scale_to`` files."""
    from shutil import which

    exe = which("ebook-convert")
    if exe is None:
        return {"skipped": "calibre's ebook-convert is not installed (apt-get install calibre)"}
    env = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")  # PDF output needs it when run as root
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    failed = 0
    for fmt in formats:
        t0 = time.perf_counter()
        for i, f in enumerate(files):
            rc = subprocess.run([exe, str(f), str(out / f"{i:04}.{fmt}")], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, check=False).returncode
            failed += rc != 0
        seconds[fmt] = time.perf_counter() - t0
    total = sum(seconds.values())
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {"version": version, "sample": len(files), "seconds": seconds, "total": total, "failed": failed,
            "per_file": total / len(files), "extrapolated_total": total / len(files) * scale_to}


def cold_seed(out: Path, repeats: int = 7) -> dict[str, Any]:
    """Fresh processes, taken in turn (``cold.py``): the seed to EPUB+DOCX+PDF, pandoc's EPUB and DOCX
    runs, ``--help`` and ``-t json``; medians of wall and of user+sys CPU seconds, and the ratio."""
    import cold  # type: ignore[import-not-found]

    res = cold.measure(repeats, [])
    rows = {key.split(" | ", 1)[1]: value for key, value in res.items()}
    ours = rows["seed -> epub,docx,pdf"]
    pandoc = rows.get("pandoc epub + docx")
    return {"seconds": ours["wall"], "cpu": ours["cpu"], "repeats": repeats, "rows": rows,
            "ratio_cpu": ours["cpu"] / pandoc["cpu"] if pandoc else None,
            "ratio_wall": ours["wall"] / pandoc["wall"] if pandoc else None}


def in_process(path: Path, formats: list[str], repeats: int) -> dict[str, float]:
    """Median CPU milliseconds (``time.process_time``: the honest figure on a shared machine; the same
    as wall time on a quiet one, the work being single-threaded) to read (+ transforms) and to render
    each format, in this process, warm."""
    from datetime import datetime, timezone

    from article_convert import registry
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import load_source, make_context, read_source

    source = load_source(path)
    times: dict[str, list[float]] = {k: [] for k in ["read", *formats]}
    for _ in range(repeats + 1):  # the first round warms fonts and caches and is not counted
        ctx = make_context(source, ConvertOptions())
        ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
        t0 = time.process_time()
        doc = read_source(source, ctx)
        times["read"].append(time.process_time() - t0)
        for fmt in formats:
            t0 = time.process_time()
            registry.get_writer(fmt).write(doc, ctx)
            times[fmt].append(time.process_time() - t0)
    ms = {k: statistics.median(v[1:]) * 1000 for k, v in times.items()}
    return ms | {"total": sum(ms.values())}


def in_process_new(files: list[Path], formats: list[str]) -> dict[str, float]:
    """Mean CPU milliseconds per article to read (+ transforms) and render each format, each article
    read and written once in this process (the seed first, uncounted, loads fonts and libraries):
    what a new article costs, without the per-text caches (language scores, hyphenated words of the
    same text) that make the seed row's repeated reads of one document cheaper."""
    from datetime import datetime, timezone

    from article_convert import registry
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import load_source, make_context, read_source

    times: dict[str, float] = {k: 0.0 for k in ["read", *formats]}
    for i, path in enumerate([SEED, *files]):
        source = load_source(path)
        ctx = make_context(source, ConvertOptions())
        ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
        t0 = time.process_time()
        doc = read_source(source, ctx)
        if i:
            times["read"] += time.process_time() - t0
        for fmt in formats:
            t0 = time.process_time()
            registry.get_writer(fmt).write(doc, ctx)
            if i:
                times[fmt] += time.process_time() - t0
    ms = {k: v * 1000 / max(1, len(files)) for k, v in times.items()}
    return ms | {"total": sum(ms.values()), "articles": len(files)}


def _timed_calls(owner: Any, name: str, label: str, acc: dict[str, float]) -> Any:
    """Wrap ``owner.name`` so its CPU time (outermost calls only) adds up in ``acc[label]``; returns
    a function that puts the original back."""
    import functools

    original = getattr(owner, name)
    depth = [0]

    @functools.wraps(original)
    def timed(*a: Any, **k: Any) -> Any:
        if depth[0]:
            return original(*a, **k)
        depth[0] += 1
        t0 = time.process_time()
        try:
            return original(*a, **k)
        finally:
            acc[label] = acc.get(label, 0.0) + time.process_time() - t0
            depth[0] -= 1

    setattr(owner, name, timed)
    return lambda: setattr(owner, name, original)


def pdf_parts(path: Path, repeats: int) -> dict[str, float]:
    """Where the PDF writer's time goes for one document, warm (mean CPU ms per write): building the
    flowables (our IR walk, glyph fallback, reportlab's Paragraph set-up), line breaking (ours:
    hyphenation, Knuth–Plass, line structures), compressing the streams, subsetting the fonts, the
    ToUnicode maps, and what is left: reportlab's own page layout, drawing and object formatting."""
    from datetime import datetime, timezone

    from reportlab.pdfbase import pdfdoc, ttfonts

    from article_convert import registry
    from article_convert.context import ConvertOptions
    from article_convert.pipeline import load_source, make_context, read_source
    from article_convert.writers.pdf import linebreak, render, subset

    source = load_source(path)
    ctx = make_context(source, ConvertOptions())
    ctx.now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    doc = read_source(source, ctx)
    writer = registry.get_writer("pdf")
    writer.write(doc, ctx)  # fonts, caches and reportlab hooks in place
    acc: dict[str, float] = {}
    undo = [
        _timed_calls(render, "document_flowables", "flowables (ours + reportlab Paragraph set-up)", acc),
        _timed_calls(linebreak, "break_paragraph", "line breaking (ours: hyphenation, Knuth-Plass)", acc),
        _timed_calls(pdfdoc.PDFStreamFilterZCompress, "encode", "compression (libdeflate)", acc),
        _timed_calls(subset, "make_subset", "font subsets (ours, reportlab's algorithm)", acc),
        _timed_calls(ttfonts, "makeToUnicodeCMap", "ToUnicode maps (ours)", acc),
    ]
    total = 0.0
    try:
        for _ in range(repeats):
            t0 = time.process_time()
            writer.write(doc, ctx)
            total += time.process_time() - t0
    finally:
        for put_back in undo:
            put_back()
    out = {k: v * 1000 / repeats for k, v in acc.items()}
    out["reportlab layout, drawing, formatting (the rest)"] = total * 1000 / repeats - sum(out.values())
    return out | {"pdf total": total * 1000 / repeats}


def library_floors(path: Path, repeats: int) -> dict[str, float]:
    """Median CPU ms of each writer library alone on the document's text: no reading, recognition,
    typography, tagging, hyphenation or glyph fallback of ours. reportlab: the title and every
    paragraph as a justified Paragraph in the bundled faces (reportlab's own greedy lines), A4
    pages, fonts subset and embedded, streams compressed; python-docx: its default template
    (our lean template) opened, the title and the paragraphs added, saved; EbookLib: one XHTML chapter with the same
    text, navigation, written. No conversion to these formats through these libraries costs less."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from article_convert.context import ConvertOptions
    from article_convert.ir.nodes import Heading
    from article_convert.ir.nodes import Paragraph as IrParagraph
    from article_convert.ir.text import inline_text
    from article_convert.ir.walk import descendants
    from article_convert.pipeline import load_source, make_context, read_source
    from article_convert.writers.docx.styles import Fonts
    from article_convert.writers.docx.template import open_template
    from article_convert.writers.pdf.fonts import font_set

    source = load_source(path)
    doc = read_source(source, make_context(source, ConvertOptions()))
    title = doc.meta.title
    paras = [t for b in descendants(doc) if isinstance(b, (IrParagraph, Heading))
             if (t := inline_text(b.inlines).strip())]
    fonts = font_set()
    body = ParagraphStyle("b", fontName=fonts.body.regular.name, fontSize=11, leading=15, alignment=TA_JUSTIFY)
    head = ParagraphStyle("h", fontName=fonts.heading.bold.name, fontSize=20, leading=24)

    def pdf() -> None:
        story = [Paragraph(escape(title), head)] + [Paragraph(escape(t), body) for t in paras]
        SimpleDocTemplate(io.BytesIO(), pagesize=A4, invariant=1, title=title).build(story)

    def docx() -> None:  # our lean template (python-docx's own default costs ~17 ms more to open)
        d = open_template(Fonts(), "ru-RU")
        d.add_paragraph(title)
        for t in paras:
            d.add_paragraph(t)
        d.save(io.BytesIO())

    def epub() -> None:
        from ebooklib import epub as eb

        book = eb.EpubBook()
        book.set_identifier("floor")
        book.set_title(title)
        book.set_language("ru")
        chapter = eb.EpubHtml(title=title, file_name="text.xhtml", lang="ru")
        chapter.content = f"<h1>{escape(title)}</h1>" + "".join(f"<p>{escape(t)}</p>" for t in paras)
        book.add_item(chapter)
        book.toc = [chapter]
        book.add_item(eb.EpubNcx())
        book.add_item(eb.EpubNav())
        book.spine = ["nav", chapter]
        eb.write_epub(io.BytesIO(), book)

    out: dict[str, float] = {}
    for name, fn in (("epub (EbookLib)", epub), ("docx (python-docx)", docx), ("pdf (reportlab)", pdf)):
        fn()  # imports, fonts
        times = []
        for _ in range(repeats):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        out[name] = statistics.median(times) * 1000
    return out | {"total": sum(out.values()), "paragraphs": len(paras)}


def new_articles(limit: int = 40, max_bytes: int = 100_000) -> list[Path]:
    """Distinct text articles of the shared corpus (several languages; not the book-length ones)."""
    import corpus  # type: ignore[import-not-found]

    files = sorted(p for p in corpus.CORPUS.glob("*/*.txt") if p.stat().st_size <= max_bytes)
    return files[:limit]


def peak_rss_single(path: Path, output: Path) -> dict[str, Any]:
    """One fresh process converting ``path`` to ``output``: wall time and peak RSS."""
    return timed([*ours(), str(path), "-o", str(output), "-q"])


def _spin(n: int) -> float:
    t0 = time.perf_counter()
    s = 0
    for i in range(n):
        s += i * i % 7
    return time.perf_counter() - t0


def parallel_ceiling(n: int = 6_000_000) -> dict[str, float]:
    """How much faster two processes do pure-Python work than one, on this machine, right now.

    On a busy machine, or one whose two CPUs are hyper-threads of one core, this is well under 2,
    and so is any batch speed-up: it calibrates the jobs-2 figure.
    """
    import multiprocessing

    t0 = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - t0
    with multiprocessing.get_context("fork").Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_spin, [n, n])
        parallel = time.perf_counter() - t0
    return {"serial": serial, "parallel": parallel, "speedup": serial / parallel}


def main() -> None:
    """``python benchmarks/measure.py``: the in-process rows alone, as JSON (run it with
    ``PYTHONPATH=OTHER/src`` to measure another checkout the same way)."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--repeats", type=int, default=20, help="rounds of the seed row")
    ap.add_argument("--parts", action="store_true",
                    help="also: where the seed's PDF time goes, and each writer library alone on its text")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    three = ["epub", "docx", "pdf"]
    if args.parts:
        print(json.dumps({"pdf_parts_ms": pdf_parts(SEED, args.repeats),
                          "library_floors_ms": library_floors(SEED, args.repeats), "load": os.getloadavg()[0]}))
    seed = in_process(SEED, three, args.repeats)
    new = in_process_new(new_articles(), three)
    print(json.dumps({"seed_ms": seed, "new_ms": new, "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
