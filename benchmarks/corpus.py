"""Build the benchmark corpus: N UTF-8 articles from ../shared/corpus text files, plus a few big texts."""

from __future__ import annotations

import csv
from pathlib import Path

from article_convert.decoding import decode_bytes
from article_convert.errors import InputError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BIG_SOURCE = "ru/pushkin-dubrovsky-full.txt"


def source_texts(corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """(name, text) of every text article in the shared corpus, decoded to str."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["file"].endswith(".txt")]
    out = []
    for row in sorted(rows, key=lambda r: r["file"]):
        try:
            text = decode_bytes((corpus / row["file"]).read_bytes()).text
        except (InputError, OSError):
            continue
        out.append((Path(row["file"]).stem, text))
    return out


def sized_text(size: int, corpus: Path = CORPUS) -> str:
    """A Russian text of about ``size`` UTF-8 bytes, cut at a paragraph end (novella repeated)."""
    base = (corpus / BIG_SOURCE).read_bytes().decode("utf-8").strip()
    paragraphs = [p for p in base.split("\n") if p.strip()]
    chunks: list[str] = ["Большой текст для замера", ""]
    total, i = 0, 0
    while total < size:
        para = paragraphs[i % len(paragraphs)]
        chunks.append(para)
        total += len(para.encode("utf-8")) + 1
        i += 1
    return "\n".join(chunks) + "\n"


def vary(text: str, i: int) -> str:
    """A distinct article: the title gets a number, so every file has its own content hash."""
    first, _, rest = text.lstrip().partition("\n")
    return f"{first.strip()} (выпуск {i})\n{rest}"


def build(dest: Path, count: int, big_sizes: list[int]) -> list[Path]:
    """Write ``count`` articles into ``dest`` (10 sub-folders), the last ``len(big_sizes)`` of them big."""
    texts = source_texts()
    if not texts:
        raise SystemExit(f"no text articles found under {CORPUS}")
    files = []
    for i in range(count):
        folder = dest / f"part{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        big = i - (count - len(big_sizes))
        if big >= 0:
            name, text = f"big-{big_sizes[big] // 1000}k", sized_text(big_sizes[big])
        else:
            name, text = texts[i % len(texts)]
            text = vary(text, i)
        path = folder / f"{i:04}-{name}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
