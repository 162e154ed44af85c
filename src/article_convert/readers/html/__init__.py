"""HTML pages and fragments -> Document: safe parsing, article extraction, structure and metadata.

Never touches the network or any file: which image sources are kept is decided by ``ctx.images``
(files: paths relative to the input folder, those that leave it refused here already, writers
check again when they load them; a page fetched from a URL: absolute http(s) URLs, fetched later
by the writers through the same guarded fetcher). The HTTP header's charset comes in ``source.charset``.
Recognising title/lead/byline/interview turns in the body is left to the shared
``article-parts`` transform; this reader only removes body copies of what the page head
already declared (the <h1> title, a lead equal to the description).
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...context import Context
from ...decoding import DecodedText, decode_bytes
from ...errors import InputError, InvalidInputError
from ...ir import Document, Heading, Metadata, Paragraph
from ...ir.nodes import Block
from ...ir.text import inline_text
from ...plugins import Source

if TYPE_CHECKING:
    from .extract import Dropped, Hidden

HIDDEN_WARN_WORDS = 50
"""Hidden text outside the article (a menu, a modal) this long is still a warning: it may be a
collapsed "read more" part a script would have shown."""


def _report_hidden(hidden: list[Hidden], ctx: Context) -> None:
    """Hidden text (display:none, hidden, aria-hidden) is left out, as in a browser's reader view: a
    warning when a hidden block of text stood in the article's own flow (a collapsed part a script
    would show) or is long, else info (page chrome, and interface: dialogs, ad slots, menus, labels)."""
    text = [h for h in hidden if not h.furniture]
    inside = [h.text for h in text if h.in_article]
    rest = [h.text for h in hidden if h.furniture or not h.in_article]
    outside_words = sum(len(h.text.split()) for h in text if not h.in_article)
    if inside:
        count = sum(len(t.split()) for t in inside)
        ctx.diagnostics.add("html-hidden-dropped", _removal("in the article", count, inside))
    if rest:
        count = sum(len(t.split()) for t in rest)
        message = _removal("outside the article or of its interface (menus, dialogs, ads, labels)", count, rest)
        if outside_words >= HIDDEN_WARN_WORDS:
            ctx.diagnostics.add("html-hidden-dropped", message)
        else:
            ctx.diagnostics.info("html-chrome-dropped", message)


def _report_dropped(dropped: list[Dropped], ctx: Context) -> None:
    """Fallback text of media (``<video>Ваш браузер…``, ``<object>``, ``<noscript>``) removed from the
    article, and players or embeds inside the page's own <article>, are a warning; icons (``<svg>``
    without text), empty frames (ad slots a script fills), the never-drawn text inside an
    ``<iframe>``, code, controls and what lies outside the article are info."""
    from collections import Counter

    lost = [d for d in dropped if d.in_article and (len(d.text.split()) >= FALLBACK_WARN_WORDS
                                                    or (d.article_element and d.tag in EMBED_TAGS and not d.empty))]
    if lost:
        kinds = ", ".join(f"<{tag}>" + (f" ×{n}" if n > 1 else "") for tag, n in Counter(d.tag for d in lost).items())
        texts = [d.text for d in lost if d.text]
        said = f"; their text: «{_quote(texts[0])}»" + (f" and {len(texts) - 1} more" if len(texts) > 1 else "") if texts else ""
        ctx.diagnostics.add(
            "html-unsupported-dropped",
            f"dropped {len(lost)} element(s) of the article the output formats cannot hold ({kinds}){said}",
        )
    rest = len(dropped) - len(lost)
    if rest:
        ctx.diagnostics.info("html-active-dropped", f"dropped {rest} script/style/iframe/form-control element(s)")


EXTRACTION_WARN_WORDS = 50
"""Words of the page's own <article> that the chosen extraction left out: this many, and at least
EXTRACTION_WARN_SHARE of its words, is a warning (a table, a section, half the text); less is
info (share buttons, comments and related news many sites put inside <article>)."""
EXTRACTION_WARN_SHARE = 0.1


def _extraction_loss(article: Any | None, content: Any, meta: Metadata, ctx: Context) -> Any:
    """The README's rule for a page with an <article> element: its text is never removed without a
    report. Readability and trafilatura both cut parts of it: the prose they leave out (a table, a
    section, captions) is a warning, the furniture (share bars, galleries, related-news lists, by
    the extractors' own scoring: ``loss.py``) info. Returns the element to convert (the extraction's)."""
    from .loss import measure

    if article is None or content is article:
        return content
    loss = measure(article, content, words_of(meta))
    if not loss.words:
        return content
    warn = loss.prose >= EXTRACTION_WARN_WORDS and loss.prose >= EXTRACTION_WARN_SHARE * loss.total
    first = loss.first_prose if warn else loss.first
    said = f", the first: «{_quote(first)}»" if first else ""
    kinds = ("all of it prose" if loss.prose == loss.words else
             f"{loss.prose} in prose, the rest share bars, link lists and other furniture" if loss.prose else
             "share bars, link lists and other furniture")
    message = (f"the extractor left out {loss.words} of the {loss.total} word(s) of the page's <article> element "
               f"({kinds}){said}; {KEEP_ARTICLE} keeps it whole")
    if warn:
        ctx.diagnostics.add("html-article-text-dropped", message)
    else:
        ctx.diagnostics.info("html-article-text-dropped", message)
    return content


KEEP_ARTICLE = "--extract article"
"""The option that keeps what the extractor cut inside the page's article element."""
KEEP_PAGE = "--extract page"
"""The option that keeps the whole page."""


def _whole_article(root: Any, extraction: Any, meta: Metadata, ctx: Context) -> Any:
    """``--extract article``: the page's article element whole (widened to hold all the extractor
    chose), else the extraction's choice; what lies outside is page chrome, kept by ``--extract page``."""
    from .scope import holding, whole_article

    container = whole_article(root)
    if container is None:
        ctx.diagnostics.info("html-extractor", "the page marks no <article>/<main> element: the extractor's choice "
                             f"is taken ({KEEP_PAGE} takes the whole page)")
        return extraction
    taken = holding(container, extraction, words_of(meta))
    what = f"<{container.tag}>" + (f" (widened to its <{taken.tag}> to hold all the extractor chose)"
                                   if taken is not container else "")
    ctx.diagnostics.info("html-extractor", f"the page's {what} is taken whole, as {KEEP_ARTICLE} asks")
    return taken


def words_of(meta: Metadata) -> Counter[str]:
    """The words of the metadata the page declared (a title or byline taken from the body is not lost)."""
    from .choose import _WORD

    text = " ".join([meta.title, meta.subtitle, meta.lead, *meta.authors, meta.date, meta.section])
    return Counter(_WORD.findall(text.casefold()))


def _quote(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def _removal(where: str, words: int, texts: list[str]) -> str:
    """One line for all hidden text removed in one place: how much, and the first piece quoted."""
    return f"dropped {words} word(s) of hidden elements {where} ({len(texts)} element(s)), the first: «{_quote(texts[0])}»"


FALLBACK_WARN_WORDS = 3
"""Text of a removed media element this long is prose (a fallback sentence), not an icon's name."""
EMBED_TAGS = frozenset({"video", "audio", "object", "embed", "iframe", "applet"})
"""Players and embedded documents: inside the page's <article> their removal is reported as a warning."""

EXTRACTOR_ELEMENT_BUDGET = 100_000
"""Above this many elements readability and trafilatura are not run: each copies the tree, and a
page of 200,000 tiny inline elements took them past 1 GB (real pages: at most ~10,000 in the
Readability test set, ~60,000 for the longest Wikipedia articles)."""

TRAFILATURA_ELEMENT_BUDGET = 25_000
"""Above this many elements only readability runs: trafilatura's cost grows faster than the page
(one-word paragraphs: 20,000 elements 1.2 s, 40,000 6.8 s, 99,000 40 s CPU, where readability takes
0.4, 0.8 and 2.2 s); every page of Readability's test set is far below it."""


class HtmlReader:
    """A saved web page or an HTML fragment; the article is extracted from the page."""

    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    description = "HTML page (article by readability-lxml or trafilatura, by evidence; JSON-LD/OpenGraph)"

    def read(self, source: Source, ctx: Context) -> Document:
        from lxml import html

        from .choose import choose, readability_candidate, trafilatura_candidate
        from .convert import HtmlConverter, hoist_turn_dashes, tame_spans
        from .extract import (
            TOO_DEEP,
            article_element,
            clean,
            drop_hidden,
            drop_script_links,
            flatten_deep,
            has_doctype_subset,
            is_fragment,
            parse,
            strip_fragment_junk,
        )
        from .meta import body_metadata, head_metadata

        decoded = decode_html(source.data, ctx, source.charset)
        if has_doctype_subset(decoded.text):
            ctx.diagnostics.info("html-doctype-subset", "ignored the DOCTYPE's internal subset (no entity is expanded)")
        try:
            root = parse(decoded.text)
        except ValueError as exc:
            raise InvalidInputError("no HTML content found") from exc
        if root.attrib.pop(TOO_DEEP, None):
            ctx.diagnostics.add(
                "html-too-deep",
                "the page nests elements deeper than the parser's limit (2048 levels): text below that depth is lost",
            )
        deep = flatten_deep(root)
        if deep:
            ctx.diagnostics.add(
                "html-too-deep", f"flattened {deep} element(s) nested deeper than the limit (their text is kept)"
            )
        meta = head_metadata(root)
        _report_dropped(clean(root), ctx)
        for text in drop_script_links(root):  # the target is code, never content: the text stays, so info
            ctx.diagnostics.info("link-dropped", f"took the script target off a link, its text kept: «{text}»")
        _report_hidden(drop_hidden(root), ctx)
        if tame_spans(root):
            ctx.diagnostics.info("table-spans-dropped", "a table whose colspan/rowspan would make a grid too large "
                                 "to hold is read without its spans (every cell kept)")
        fragment = is_fragment(decoded.text)
        mode = ctx.settings.extract
        if fragment:
            gone = strip_fragment_junk(root) if mode != "page" else []
            if gone:
                ctx.diagnostics.info("html-chrome-dropped", f"dropped page chrome: {' | '.join(gone)[:300]}; "
                                     f"{KEEP_PAGE} keeps it")
            content = root.find("body") if root.find("body") is not None else root
            page_text = ""
        else:
            meta = body_metadata(root, meta)
            body = root.find("body") if root.find("body") is not None else root
            page_text = _norm(" ".join(body.itertext()))
            elements = sum(1 for _ in root.iter())
            if mode == "page":
                ctx.diagnostics.info("html-extractor", f"the whole page is taken, as {KEEP_PAGE} asks")
                content = body
            elif elements > EXTRACTOR_ELEMENT_BUDGET:
                container = article_element(root)
                ctx.diagnostics.add(
                    "html-too-many-elements",
                    f"the page has {elements:,} elements (over {EXTRACTOR_ELEMENT_BUDGET:,}): the article extractors "
                    "were skipped to bound memory, and its <article>/<main> (else the whole body) is taken"
                    + (f"; {KEEP_PAGE} keeps the rest of the page" if container is not None else ""),
                )
                content = choose(None, None, container, body).element
            else:
                page = html.tostring(root, encoding="unicode")
                large = elements > TRAFILATURA_ELEMENT_BUDGET
                choice = choose(readability_candidate(page), None if large else trafilatura_candidate(page),
                                article_element(root), body)
                skipped = (f" (trafilatura not run: {elements:,} elements, over {TRAFILATURA_ELEMENT_BUDGET:,})"
                           if large else "")
                ctx.diagnostics.info("html-extractor", f"article from {choice.name}: {choice.reason}{skipped}")
                if mode == "article":
                    content = _whole_article(root, choice.element, meta, ctx)
                else:
                    content = _extraction_loss(article_element(root), choice.element, meta, ctx)
        blocks = hoist_turn_dashes(HtmlConverter(ctx.diagnostics, ctx.images).blocks(content))
        if not blocks:
            deep_note = " (it nests deeper than the parser's limit)" if ctx.diagnostics.by_code("html-too-deep") else ""
            raise InvalidInputError(f"no article text found in the HTML{deep_note}")
        meta, blocks = _dedupe_head(meta, blocks, page_text)
        meta = _checked_language(meta, blocks, ctx)
        if not meta.title and not fragment:
            # a page's body text is never its title: without <title>, <h1> or og:title, name it by its file
            from ...transforms.article_parts import title_from_name

            meta = replace(meta, title=title_from_name(ctx.source_name or (source.path.name if source.path else "")))
        return Document(meta, tuple(blocks))


def decode_html(data: bytes, ctx: Context, http_charset: str | None = None) -> DecodedText:
    """Decode with --encoding, else the HTTP header's charset, else the page's declared one, else
    detection; a declaration the bytes contradict is skipped with a diagnostic."""
    from .meta import declared_charset

    if ctx.settings.encoding:
        return decode_bytes(data, encoding=ctx.settings.encoding, diagnostics=ctx.diagnostics)
    for declared, where in ((http_charset, "the HTTP header"), (declared_charset(data), "the page")):
        if not declared:
            continue
        try:
            codecs.lookup(declared)
            if _contradicts(data, declared):
                raise InputError("valid UTF-8")
            decoded = decode_bytes(data, encoding=declared, diagnostics=ctx.diagnostics)
            ctx.diagnostics.info("encoding", f"decoded as {decoded.encoding} (declared in {where})")
            return decoded
        except (LookupError, InputError):
            ctx.diagnostics.add("charset-mismatch", f"{where} declares {declared!r} but the bytes are not; "
                                "trying the next clue")
    decoded = decode_bytes(data, diagnostics=ctx.diagnostics)
    ctx.diagnostics.info("encoding", f"decoded as {decoded.encoding} (confidence {decoded.confidence:.2f})")
    return decoded


def _contradicts(data: bytes, declared: str) -> bool:
    """A single-byte charset declared for bytes that are valid, non-ASCII UTF-8: the declaration is wrong."""
    name = codecs.lookup(declared).name
    if name.startswith("utf") or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).strip(" .").casefold()


def _dedupe_head(meta: Metadata, blocks: list[Block], page_text: str = "") -> tuple[Metadata, list[Block]]:
    """Take the <h1> title into metadata and drop body copies of the title and lead.

    The description (og:description / description) is the lead only when it is a visible
    standfirst: one of the first paragraphs, or text of the page (``page_text``, normalised)
    that the extraction left out; otherwise it stays metadata (``extra["description"]``).
    """
    out = list(blocks)
    for i, block in enumerate(out[:8]):
        if isinstance(block, Heading) and block.level == 1:
            text = inline_text(block.inlines).strip()
            if not meta.title or _norm(text) == _norm(meta.title):
                meta = replace(meta, title=text)  # the visible heading beats the SEO title
                del out[i]
            break
    for i, block in enumerate(out[:4]):
        if (
            isinstance(block, Paragraph)
            and meta.lead
            and _norm(inline_text(block.inlines)) == _norm(meta.lead)
        ):
            del out[i]
            break
    else:
        if meta.lead and not (page_text and _norm(meta.lead) in page_text and not any(
            _norm(meta.lead) in _norm(inline_text(b.inlines)) for b in out if isinstance(b, Paragraph)
        )):
            # the description is not a standfirst of the page (or repeats part of a body paragraph):
            # keep it as metadata only, the text once in the body
            meta = replace(meta, lead="", extra=meta.extra + (("description", meta.lead),))
    return meta, out


_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "kk", "ky", "tt", "ba", "sr", "mk", "bg", "mn", "tg", "uz"})


def _checked_language(meta: Metadata, blocks: list[Block], ctx: Context) -> Metadata:
    """The page's declared language (``<html lang>``, JSON-LD), unless the text plainly says otherwise.

    Templates often keep ``lang="en"`` (or ``ru``) whatever the article is written in: a page
    declared in a language of another script than its text gets the detected language instead.
    """
    from ...ir.text import block_texts
    from ...language import detect_document_language

    if not meta.language:
        return meta
    declared = meta.language.split("-")[0].lower()
    detected, confidence = detect_document_language(list(block_texts(blocks)))
    if detected == "und":
        return meta
    base = detected.split("-")[0]
    cyrillic_text, cyrillic_tag = base in _CYRILLIC_LANGUAGES, declared in _CYRILLIC_LANGUAGES
    if cyrillic_text != cyrillic_tag and confidence >= (0.5 if cyrillic_text else 0.8):
        ctx.diagnostics.add(
            "html-lang-mismatch",
            f"the page declares lang={meta.language!r} but its text is {detected} ({confidence:.2f}): using {detected}",
        )
        return replace(meta, language=detected)
    return meta
