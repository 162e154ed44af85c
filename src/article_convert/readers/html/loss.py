"""What the chosen extraction left out of the page's own article element, and how much of it is prose.

Readability and trafilatura cut parts of a page's ``<article>``: share bars, galleries, related-news
lists, video players, and sometimes a table or a caption. A reader view cuts the first kind on
purpose, so only the second is a loss worth a warning. The article is split into text pieces (a
paragraph, a list item, a table row, a caption: a block's inline text, nested blocks apart) and a
piece the extraction does not hold is *furniture* when the extractors' own scoring would call it
so (readability's class/id patterns: ``related``, ``widget``, ``comment``, ``sponsor``…), when it
is mostly link text (a list of headlines), or when it is too short to be prose (a button, a
counter, «1 of 24»); every other piece left out is *prose*. Repeated pieces count once (a gallery
caption shown twice is one caption), and text is compared by its words as a reader sees them
(``<span>Z</span>imbabwe`` is one word, as in the extraction).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

PROSE_MIN_CHARS = 25
"""A piece shorter than this is a label, a button or a counter (readability scores no paragraph under 25 characters)."""
LINK_DENSITY_MAX = 0.5
"""A piece with this share of its words in links or more is a list of links (readability's cut-off too)."""

_WORD = re.compile(r"\w+")
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})
"""Elements that start a new piece of text (table cells do not: a row is one piece)."""


# The class/id patterns of both reader views, held here rather than read from readability-lxml's
# module internals (its ``REGEXES`` table is not public API and may change or go in any release):
# readability-lxml 0.9's own (``tests/test_html_loss.py`` checks they still match the installed
# version's) and Mozilla Readability's (Readability.js, whose output is benchmarks/extraction.py's
# reference).
_LXML_UNLIKELY = (r"combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
                  r"|ad-break|agegate|pagination|pager|popup|tweet|twitter")
_LXML_MAYBE = r"and|article|body|column|content|main|shadow"
_LXML_NEGATIVE = (r"combx|comment|com-|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related"
                  r"|scroll|shoutbox|sidebar|sponsor|shopping|tags|tool|widget")
_LXML_POSITIVE = r"article|body|content|entry|hentry|main|page|pagination|post|text|blog|story"
_MOZILLA_UNLIKELY = (r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr"
                     r"|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor"
                     r"|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote")
_MOZILLA_MAYBE = r"and|article|body|column|content|main|mathjax|shadow"
_MOZILLA_NEGATIVE = (r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead"
                     r"|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping"
                     r"|tags|widget")
_MOZILLA_POSITIVE = r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
READER_VIEW_PATTERNS = {
    "unlikelyCandidatesRe": (_LXML_UNLIKELY, _MOZILLA_UNLIKELY),
    "okMaybeItsACandidateRe": (_LXML_MAYBE, _MOZILLA_MAYBE),
    "negativeRe": (_LXML_NEGATIVE, _MOZILLA_NEGATIVE),
    "positiveRe": (_LXML_POSITIVE, _MOZILLA_POSITIVE),
}
"""readability-lxml's name of each pattern -> (its pattern, Mozilla's)."""


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(unlikely, maybe, negative, positive): both readability ports' class/id patterns, joined."""
    joined = [re.compile("|".join(READER_VIEW_PATTERNS[name]), re.IGNORECASE)
              for name in ("unlikelyCandidatesRe", "okMaybeItsACandidateRe", "negativeRe", "positiveRe")]
    return joined[0], joined[1], joined[2], joined[3]


def marked_furniture(el: Any) -> bool:
    """True when the element's class and id are what a reader view removes or weighs below zero:
    an unlikely candidate that is not maybe one, or a negative weight without a positive one
    (``related``, ``comment``, ``widget``, ``social``, ``sponsor``…, but not ``article-related``)."""
    mark = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    if not mark:
        return False
    unlikely, maybe, negative, positive = _patterns()
    return bool((unlikely.search(mark) and not maybe.search(mark))
                or (negative.search(mark) and not positive.search(mark)))


@dataclass(frozen=True)
class Piece:
    """One block's own text (nested blocks apart), its words, how many are link text, and whether
    an enclosing element inside the article is marked as furniture."""

    text: str
    words: tuple[str, ...]
    link_words: int
    marked: bool

    @property
    def prose(self) -> bool:
        """Readable text a reader view keeps: long enough, not a list of links, not in marked furniture."""
        return (not self.marked and len(self.text) >= PROSE_MIN_CHARS
                and self.link_words < LINK_DENSITY_MAX * len(self.words))


@dataclass
class Loss:
    """What the extraction left out of the article: all words, the prose among them, the first pieces."""

    total: int = 0
    """Words of the article element."""
    words: int = 0
    """Words of the article the extraction does not hold."""
    prose: int = 0
    """Of those, words of prose pieces (the rest is furniture)."""
    first: str = ""
    """The first piece left out, as a reader sees it."""
    first_prose: str = ""
    """The first prose piece left out."""
    pieces: list[Piece] = field(default_factory=list)


def flow_text(el: Any) -> str:
    """The element's text as a reader sees it: inline elements joined without a space
    (``<span>Z</span>imbabwe``), blocks, cells and line breaks apart."""
    from lxml import etree

    out: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        apart = tag in _BLOCKS or tag in ("br", "td", "th")
        if event == "start":
            out.append(" " if apart else "")
            out.append(node.text or "" if tag else "")
        else:
            out.append(" " if apart else "")
            if node is not el:
                out.append(node.tail or "")
    return " ".join("".join(out).split())


def words_in(el: Any | None) -> Counter[str]:
    """The bag of words of an element's text as a reader sees it (case-folded ``\\w+`` runs)."""
    return Counter(_WORD.findall(flow_text(el).casefold())) if el is not None else Counter()


def pieces(article: Any) -> list[Piece]:
    """The article's text pieces in reading order: each block's inline text, nested blocks apart."""
    marked: set[Any] = set()
    links: set[Any] = set()
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if el is not article and ((parent is not None and parent in marked) or marked_furniture(el)):
            marked.add(el)
        if el.tag == "a" or (parent is not None and parent in links):
            links.add(el)
    out: list[Piece] = []
    for el in article.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
            continue
        text, link_text = _own_text(el, links)
        found = tuple(_WORD.findall(text.casefold()))
        if found:
            link_words = len(_WORD.findall(link_text))
            out.append(Piece(text, found, len(found) if el in links else link_words, el in marked))
    return out


def _own_text(block: Any, links: set[Any]) -> tuple[str, str]:
    """A block's inline text (nested blocks left to their own pieces) and the part of it in links."""
    parts = [block.text or ""]
    linked: list[str] = []
    for child in block:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS:
            if not len(child):  # a leaf (most links, a word in bold): its flow text, without a walk
                inline = " ".join((child.text or "").split())
                parts.append(f" {inline} " if child.tag in ("br", "td", "th") else inline)
                if child in links:
                    linked.append(inline)
                parts.append(child.tail or "")
                continue
            wraps_blocks = any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in child.iterdescendants())
            inline = _inline_only(child) if wraps_blocks else flow_text(child)
            parts.append(f" {inline} " if child.tag in ("br", "td", "th") else inline)
            if child in links:
                linked.append(inline)
            else:
                linked.extend(flow_text(a) for a in child.iter("a") if a is not child)
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()), " ".join(linked)


def _inline_only(el: Any) -> str:
    """The text of an inline element that wraps blocks (``<a><h2>…</h2></a>``): only its own inline
    part, the blocks inside are pieces of their own."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS:
            parts.append(_inline_only(child))
        parts.append(child.tail or "")
    return "".join(parts)


HELD_SHARE = 0.5
"""A piece is held by the extraction when this share of its word pairs (its word, for one word) is
in it: extractors rewrite a little (joined drop caps, entities, spaces), but a piece they cut has
almost none of its pairs anywhere in the extraction."""


def _pairs(found: tuple[str, ...] | list[str]) -> set[tuple[str, ...]]:
    """The adjacent word pairs of a word sequence (the word itself for a one-word sequence)."""
    return {tuple(found)} if len(found) == 1 else set(pairwise(found))


def measure(article: Any, extraction: Any, declared: Counter[str]) -> Loss:
    """What ``extraction`` left out of ``article``, piece by piece (a piece is held when most of its
    word pairs are in the extraction, wherever they stand); ``declared`` words (the page's
    metadata: a title or byline shown in the head) are not lost."""
    found = _WORD.findall(flow_text(extraction).casefold()) if extraction is not None else []
    held = _pairs(found) if extraction is not None else set()
    held |= {(w,) for w in found}
    loss = Loss()
    seen: set[tuple[str, ...]] = set()
    for piece in pieces(article):
        loss.total += len(piece.words)
        if piece.words in seen:  # a repeat (a caption shown twice) is one piece
            continue
        seen.add(piece.words)
        pairs = _pairs(piece.words)
        if len(pairs & held) >= HELD_SHARE * len(pairs):
            continue
        if not (Counter(piece.words) - declared):  # the title or byline, taken into the metadata
            continue
        loss.words += len(piece.words)
        loss.pieces.append(piece)
        loss.first = loss.first or piece.text
        if piece.prose:
            loss.prose += len(piece.words)
            loss.first_prose = loss.first_prose or piece.text
    return loss


_INTERFACE_TAGS = frozenset({"aside", "nav", "menu", "dialog"})
"""Elements around a hidden one that make it interface, not text (a side column, a menu, a dialog)."""
_HIDDEN_UI = re.compile(r"modal|popup|pop-up|overlay|tooltip|dropdown|drop-down|dialog|lightbox|cookie|consent|gdpr"
                        r"|(?:^|[\s_-])(?:ads?|advert\w*|banner)(?:$|[\s_-])", re.IGNORECASE)
"""Class/id words of the interface a page keeps hidden until it is needed: dialogs, pop-ups, menus
that drop down, consent notices, ad slots."""


def hidden_furniture(el: Any, within: Any | None = None) -> bool:
    """A hidden element that is interface, not a collapsed part of the text: inline (a label, a
    counter, a formula's fallback inside a sentence), a dialog, pop-up or ad slot, marked as
    furniture by the extractors' class/id patterns (it or an enclosing element), or mostly links
    (a menu). A hidden block of prose (a «read more» part a script would show) is none of these.
    Only ``el`` and the elements around it inside ``within`` (the article element) count."""
    if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
        return True
    for node in (el, *el.iterancestors()):  # up to the article element (or the body), not beyond
        if node is within or not isinstance(node.tag, str) or node.tag in ("body", "html"):
            break
        if node.tag in _INTERFACE_TAGS or _HIDDEN_UI.search(f"{node.get('class') or ''} {node.get('id') or ''}") \
                or marked_furniture(node):
            return True
    found = _WORD.findall(flow_text(el))
    linked = sum(len(_WORD.findall(flow_text(a))) for a in el.iter("a"))
    return bool(found) and linked >= LINK_DENSITY_MAX * len(found)
