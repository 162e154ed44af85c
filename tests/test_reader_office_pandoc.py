"""pandoc's own DOCX and ODT reader test documents: every one is read without an error, and our
reading holds the text of pandoc's reading (its ``.native`` file, or ``.md`` for some ODT tests),
in order. Every difference is listed below with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED

from article_convert.context import ConvertOptions
from article_convert.pipeline import choose_reader, load_source, make_context, read_document

from .pandoc_native import markdown_tokens, missing_in_order, native_tokens, our_text, split_meta

ROOT = Path(__file__).resolve().parents[1]
PANDOC = SHARED / "documents" / "pandoc"
DOCX = sorted((PANDOC / "docx").glob("*.docx")) + sorted((PANDOC / "docx" / "golden").glob("*.docx"))
ODT = sorted((PANDOC / "odt" / "odt").glob("*.odt"))

KNOWN: dict[str, tuple[set[str], str]] = {
    "diagram.docx": ({"[DIAGRAM]"}, "pandoc's placeholder for a SmartArt diagram, not text of the file"),
    "unicode.docx": ({"€10.∨∨("}, "pandoc prints '(' for an empty Symbol-font run; the file has no such character"),
    "track_changes_scrubbed_metadata.docx": (
        {"dummy"}, "the .native is pandoc's --track-changes=all reading; we accept changes, so deleted text goes"),
    "citation.odt": ({"text[@Ex]"}, "pandoc-Markdown citation syntax in the expectation, not text"),
    "strikeout.odt": ({"~~striken", "out~~."}, "GFM strike-out syntax in the expectation (our reader is CommonMark)"),
    "imageWithCaption.odt": (
        {"Abbildung", "1:", "Image", "caption"},
        "pandoc gives the caption twice (caption first, then again with its number as alt text); we keep it once"),
    "formula.odt": ({"$$E", "=", "{m", "\\cdot", "c^{2}}$$"}, "TeX in the expectation; we keep the formula's text"),
}
"""file -> (pandoc tokens we do not have, why that is right)."""
LISTBLOCKS_RAW = "listBlocks.odt"
"""Its expectation is raw ODT XML embedded in Markdown: only the words outside tags are compared."""
KEEP_COMMENTS = {"comments.docx", "track_changes_scrubbed_metadata.docx"}
"""Read with --keep-comments: their .native readings show comments (pandoc's --track-changes=all)."""


def expectation(path: Path) -> list[str] | None:
    """pandoc's tokens for a test document (accepting changes, embedding images), or None."""
    if path.suffix == ".odt":
        native = PANDOC / "odt" / "native" / (path.stem + ".native")
        md = PANDOC / "odt" / "markdown" / (path.stem + ".md")
        if native.is_file():
            return native_tokens(split_meta(native.read_text(encoding="utf-8"))[1])
        if md.is_file():
            text = md.read_text(encoding="utf-8")
            if path.name == LISTBLOCKS_RAW:
                return [t for t in text.replace(">", "> ").replace("<", " <").split() if not t.startswith("<")
                        and "=" not in t and not t.endswith(">")]
            return markdown_tokens(text)
        return None
    for suffix in ("", "_accept", "_no_embed", "_minus"):
        native = path.with_name(path.stem + suffix + ".native")
        if native.is_file():
            return native_tokens(split_meta(native.read_text(encoding="utf-8"))[1])
    return None


def our_reading(path: Path) -> object:
    source = load_source(path)
    ctx = make_context(source, ConvertOptions(keep_comments=path.name in KEEP_COMMENTS))
    return choose_reader(source, None).read(source, ctx)


@pytest.mark.skipif(not DOCX, reason="pandoc's test documents are not in ../shared/documents/pandoc")
@pytest.mark.parametrize("path", DOCX + ODT, ids=lambda p: p.name)
def test_read_without_error_and_keep_pandocs_text(path: Path) -> None:
    options = ConvertOptions(typography=False, keep_boilerplate=True, keep_comments=path.name in KEEP_COMMENTS)
    full = read_document(path, options)  # the whole pipeline, transforms included
    want = expectation(path)
    if want is None:
        return  # no reading by pandoc to compare with (e.g. reference documents)
    allowed, why = KNOWN.get(path.name, (set(), ""))
    # after the transforms too, no word is lost (the title block may have moved it to the front)
    lost = [t for t in want if t not in our_text(full)]
    assert set(lost) <= allowed, f"{path.name}: lost by the transforms: {lost[:15]}"
    doc = our_reading(path)
    text = our_text(doc)  # type: ignore[arg-type]
    meta_text = "".join(f"{doc.meta.title}{doc.meta.subtitle}{doc.meta.lead}".split())  # type: ignore[attr-defined]
    # the title block moves to the front, so its words may come "early"
    missing = [t for t in missing_in_order(want, text) if t not in meta_text]
    if path.suffix == ".docx":  # pandoc's metadata fields come sorted by name: compare as a set
        native = path.with_suffix(".native")
        if native.is_file():
            missing += [t for t in native_tokens(split_meta(native.read_text(encoding="utf-8"))[0]) if t not in text]
    assert set(missing) <= allowed, f"{path.name}: missing {missing[:15]}" + (f" ({why})" if why else "")


def test_known_differences_still_differ() -> None:
    """Each listed difference is still needed (a fixed one must leave the list)."""
    by_name: dict[str, Path] = {}
    for p in DOCX + ODT:
        by_name.setdefault(p.name, p)  # the top-level file, not golden/ (which has no reading)
    for name, (allowed, _why) in KNOWN.items():
        want = expectation(by_name[name])
        assert want is not None, name
        missing = set(missing_in_order(want, our_text(our_reading(by_name[name]))))  # type: ignore[arg-type]
        assert missing & allowed, f"{name}: no longer differs; remove it from KNOWN"
