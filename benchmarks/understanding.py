"""How well article-convert understands articles: recognition scored against gold labels.

    python benchmarks/understanding.py                    # the shared set, our own and the held-out fixtures
    python benchmarks/understanding.py DIR [DIR ...]      # any folders with NAME.txt + labels.json

Each folder holds plain-text articles and a ``labels.json`` in the format described in
``../shared/articles/README.md``. Every article goes through the real pipeline (text reader and
all transforms, ``--keep-boilerplate`` so that what recognition drops stays visible) and is
scored per field: title, lead, authors, date, language, interview (question and answer counts),
boilerplate (exactly the labelled lines removed, nothing else) and words (every body word of the
file kept, in order, in the lead or the body: a paragraph taken for the lead is not lost). ``overall`` is the share of (article, field) pairs that are right over
those eight fields. Rubric, source, captions and subheadings are reported beside them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from article_convert.context import ConvertOptions
from article_convert.ir import (
    Answer,
    Article,
    Block,
    BlockQuote,
    BulletList,
    Div,
    Document,
    Figure,
    Heading,
    OrderedList,
    Paragraph,
    Question,
    inline_text,
)
from article_convert.readers.plaintext import split_paragraphs

SHARED = (ROOT / ".." / "shared" / "articles").resolve()
if not SHARED.is_dir():  # a git worktree one level deeper than the main checkout
    SHARED = (ROOT / ".." / ".." / "shared" / "articles").resolve()
OWN = ROOT / "tests" / "fixtures" / "articles"
LATE = ROOT / "tests" / "fixtures" / "articles-late"
"""Articles written after the recognition was tuned, never tuned to: a held-out check."""

FIELDS = ("title", "lead", "authors", "date", "language", "interview", "boilerplate", "words")
EXTRA_FIELDS = ("rubric", "source", "captions", "subheadings")
BOILERPLATE_ROLE = "boilerplate"


@dataclass
class ArticleScore:
    """One article's result: which fields are right, and what was found where they are not."""

    file: str
    ok: dict[str, bool] = field(default_factory=dict)
    got: dict[str, object] = field(default_factory=dict)
    want: dict[str, object] = field(default_factory=dict)
    missing_words: int = 0
    body_words: int = 0


def norm(text: str | None) -> str:
    """Text compared loosely: quotes, dashes and spaces unified (typography changes them)."""
    if not text:
        return ""
    text = re.sub(r"[«»„“”\"‘’‚]", '"', text)
    text = re.sub(r"[–—―−]", "-", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    """Words for the order check: letters and digits, case-folded."""
    return re.findall(r"[^\W_]+", text.replace("\u00ad", "").lower())


def walk_text(blocks: tuple[Block, ...], dropped: list[str], language: str) -> Iterator[str]:
    """The visible text of body blocks in reading order; boilerplate Divs go to ``dropped``."""
    for b in blocks:
        match b:
            case Div(role=role, blocks=inner) if role == BOILERPLATE_ROLE:
                dropped.extend(walk_text(inner, [], language))
            case Paragraph(inlines=i) | Heading(inlines=i):
                yield inline_text(i, language)
            case Question(blocks=inner, speaker=s) | Answer(blocks=inner, speaker=s):
                if s:
                    yield s
                yield from walk_text(inner, dropped, language)
            case BlockQuote(blocks=inner, attribution=a):
                yield from walk_text(inner, dropped, language)
                if a:
                    yield inline_text(a, language)
            case Div(blocks=inner) | Article(blocks=inner):
                yield from walk_text(inner, dropped, language)
            case BulletList(items=items) | OrderedList(items=items):
                for item in items:
                    yield from walk_text(item, dropped, language)
            case Figure(caption=cap, credit=cred):
                if cap:
                    yield inline_text(cap, language)
                if cred:
                    yield inline_text(cred, language)
            case _:
                pass


def blocks_of_role(blocks: tuple[Block, ...], roles: set[str]) -> Iterator[str]:
    """Texts of Divs with one of ``roles`` (caption/credit blocks), anywhere in the body."""
    for b in blocks:
        if isinstance(b, Div):
            if b.role in roles:
                yield " ".join(walk_text(b.blocks, [], "ru"))
            else:
                yield from blocks_of_role(b.blocks, roles)
        elif isinstance(b, (Question, Answer, BlockQuote)):
            yield from blocks_of_role(b.blocks, roles)


def count_turns(blocks: tuple[Block, ...]) -> tuple[int, int]:
    """Question and answer nodes anywhere in the body."""
    q = a = 0
    for b in blocks:
        if isinstance(b, Question):
            q += 1
        elif isinstance(b, Answer):
            a += 1
        elif isinstance(b, Div):
            dq, da = count_turns(b.blocks)
            q, a = q + dq, a + da
    return q, a


def source_paragraphs(path: Path) -> list[str]:
    """The file's paragraphs as the text reader splits them (wrapped lines joined)."""
    text = path.read_text(encoding="utf-8")
    out: list[str] = []
    for inlines in split_paragraphs(text.split("\n")):
        lines = inline_text(inlines).split("\n")
        out.extend(ln.strip() for ln in lines if ln.strip())
    return out


def _is_metadata_line(par: str, label: dict) -> bool:
    """A short line that carries the byline, date or source (metadata, not body text)."""
    if len(par) > 110:
        return False
    low = par.lower()
    if any(a and a.lower() in low for a in label["authors"]):
        return True
    src = label.get("source") or ""
    if src and (src.lower() in low or _stem_hit(src, par)):
        return True
    year = (label.get("date") or "")[:4]
    return bool(year) and year in par and len(par) <= 60


def _stem_hit(source: str, text: str) -> bool:
    """Whether every word of ``source`` occurs in ``text`` by its first five letters (inflection)."""
    stems = [w[:5].lower() for w in tokens(source) if len(w) >= 3]
    low = text.lower()
    return bool(stems) and all(s in low for s in stems)


def expected_body(path: Path, label: dict) -> list[str]:
    """The paragraphs whose words must survive: all but title, rubric, lead, boilerplate, metadata."""
    skip = {norm(label["title"]), norm(label.get("rubric")), norm(label.get("lead"))}
    skip |= {norm(b) for b in label["boilerplate"]}
    out = []
    for par in source_paragraphs(path):
        if norm(par) in skip or _is_metadata_line(par, label):
            continue
        out.append(par)
    return out


def in_order(needle: list[str], hay: list[str]) -> int:
    """How many of ``needle``'s words cannot be matched, in order, in ``hay``."""
    missing, j = 0, 0
    for w in needle:
        k = j
        while k < len(hay) and hay[k] != w:
            k += 1
        if k < len(hay):
            j = k + 1
        else:
            missing += 1
    return missing


def recognise(path: Path) -> tuple[Document, str]:
    """The Document for one article (boilerplate kept in marked Divs) and the --explain text."""
    from article_convert.explain import explain
    from article_convert.pipeline import load_source, make_context, read_source

    options = ConvertOptions(keep_boilerplate=True)
    source = load_source(path)
    ctx = make_context(source, options)
    doc = read_source(source, ctx)
    return doc, explain(doc, ctx.diagnostics, str(path))


def score_article(path: Path, label: dict) -> ArticleScore:
    """Score one article against its label."""
    doc, _ = recognise(path)
    m = doc.meta
    s = ArticleScore(path.name)
    lang = m.language or "ru"
    dropped: list[str] = []
    body_texts = list(walk_text(doc.blocks, dropped, lang))

    def put(name: str, ok: bool, got: object, want: object) -> None:
        s.ok[name], s.got[name], s.want[name] = ok, got, want

    put("title", norm(m.title) == norm(label["title"]), m.title, label["title"])
    put("lead", norm(m.lead) == norm(label["lead"]), m.lead, label["lead"])
    put("authors", list(m.authors) == list(label["authors"]), list(m.authors), label["authors"])
    want_date = label["date"] or ""
    put("date", m.date[:10] == want_date, m.date, want_date)
    put("language", lang.split("-")[0] == label["language"], m.language, label["language"])
    q, a = count_turns(doc.blocks)
    put("interview", (q, a) == (label["questions"], label["answers"]), (q, a),
        (label["questions"], label["answers"]))
    want_bp = [norm(b) for b in label["boilerplate"]]
    got_bp = [norm(t) for t in dropped]
    body_norm = {norm(t) for t in body_texts}
    put("boilerplate", got_bp == want_bp and not (set(want_bp) & body_norm), got_bp, want_bp)
    expected = [w for par in expected_body(path, label) for w in tokens(par)]
    hay = [w for t in [m.lead, *body_texts] for w in tokens(t)]  # a lead taken from the body is kept too
    s.missing_words, s.body_words = in_order(expected, hay), len(expected)
    put("words", s.missing_words == 0, f"{s.missing_words}/{len(expected)} missing", "0 missing")
    # reported beside the eight fields
    section = m.section
    put("rubric", norm(section).lower() == norm(label.get("rubric")).lower(), section, label.get("rubric"))
    src = label.get("source") or ""
    put("source", (not src and not m.source) or bool(src and m.source and (norm(m.source) == norm(src)
                                                                            or _stem_hit(src, m.source)
                                                                            or _stem_hit(m.source, src))),
        m.source, src)
    caps = sorted(norm(c) for c in blocks_of_role(doc.blocks, {"caption", "credit"}))
    put("captions", caps == sorted(norm(c) for c in label["captions"]), caps, label["captions"])
    heads = [norm(inline_text(b.inlines)) for b in doc.blocks if isinstance(b, Heading)]
    put("subheadings", heads == [norm(h) for h in label["subheadings"]], heads, label["subheadings"])
    return s


def evaluate(folder: Path) -> list[ArticleScore]:
    """Score every labelled article in ``folder``."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return [score_article(folder / lab["file"], lab) for lab in labels]


def accuracy(scores: list[ArticleScore]) -> dict[str, float]:
    """Per-field share of articles that are right, and ``overall`` over the eight main fields."""
    out = {f: sum(s.ok[f] for s in scores) / len(scores) for f in FIELDS + EXTRA_FIELDS}
    out["overall"] = sum(s.ok[f] for s in scores for f in FIELDS) / (len(scores) * len(FIELDS))
    return out


def report(name: str, scores: list[ArticleScore], verbose: bool = True) -> str:
    """A table of per-field counts and the articles that miss each field."""
    n = len(scores)
    acc = accuracy(scores)
    lines = [f"{name}: {n} articles"]
    for f in FIELDS + EXTRA_FIELDS:
        right = sum(s.ok[f] for s in scores)
        tag = "" if f in FIELDS else "  (reported, not in overall)"
        lines.append(f"  {f:<12} {right:>3}/{n}{tag}")
        if verbose:
            for s in scores:
                if not s.ok[f]:
                    lines.append(f"      miss {s.file}: got {s.got[f]!r} want {s.want[f]!r}"[:300])
    lines.append(f"  overall      {acc['overall']:.2f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Score the given folders (default: the shared set and our own fixtures)."""
    quiet = "-q" in argv
    folders = [Path(a) for a in argv if not a.startswith("-")] or [p for p in (SHARED, OWN, LATE) if p.is_dir()]
    for folder in folders:
        print(report(str(folder), evaluate(folder), verbose=not quiet))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
