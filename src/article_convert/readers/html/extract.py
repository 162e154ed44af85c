"""Parse HTML safely and strip what is never content, before the article is chosen.

Parsing: lxml's HTML parser with ``no_network`` (no DTD or entity is ever fetched or
expanded: the HTML parser knows no external entities) and ``huge_tree`` (without it libxml2
silently drops everything below depth 255). A DOCTYPE's internal subset, which the HTML
parser does not understand and would leave in the text as ``]>``, is cut before parsing.

Cleaning: scripts, styles, iframes, objects and form controls are removed before anything else
looks at the tree (media and fallback text inside the article are reported by the reader). Void elements (``<embed>``, ``<input>``…) that libxml2 may wrap around the
content after them are unwrapped, never removed with that content; a ``<form>`` stays, only its
controls go (ASP.NET wraps whole pages in one). Hidden elements (``hidden``, ``aria-hidden``,
``display:none``) go, as in a browser's reader view. Nesting deeper than ``MAX_DEPTH`` is
flattened (the text stays, the extra levels go) so nothing downstream recurses without bound.

Which part of the page is the article is decided in ``choose.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Removed with everything inside them: their content is code, media or a control, never prose.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "applet",
    "button",
    "select",
    "textarea",
    "template",
    "svg",
    "canvas",
    "audio",
    "video",
    "head",
)
# Void elements: unwrapped, because libxml2 nests the following content inside an element it
# does not know to be void (<embed>). A <form> stays (ASP.NET wraps whole pages in one): only
# its controls go.
_UNWRAP_TAGS = ("embed", "input", "link", "meta", "base", "source", "param", "track", "keygen")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
MAX_DEPTH = 160  # element nesting kept; deeper elements are unwrapped (their text stays)
MAX_NESTING = 16  # quotes and lists inside each other; deeper ones become plain containers
_NESTED = frozenset({"blockquote", "ul", "ol", "dl", "menu"})
_KEEP_WHEN_DEEP = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "td", "th", "br", "img"})
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE\s[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def parse(text: str) -> Any:
    """Parse HTML text into an lxml tree without network access or entity expansion."""
    from lxml import etree, html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    text = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", text[:20000], count=1) + text[20000:]
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=True)
    # lxml.html picks each element's class in Python (form and input classes) every time Python
    # touches an element: a third of reading a page of 200,000 tiny elements. Every element as
    # HtmlElement (all the HTML methods we use) is looked up in C.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity))
    try:
        root = html.document_fromstring(text, parser=parser) if text.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        raise ValueError("no HTML content") from exc
    if root is None:
        raise ValueError("no HTML content")
    etree.strip_elements(root, etree.Comment, with_tail=False)
    if any("Excessive depth" in e.message for e in parser.error_log):
        root.set(TOO_DEEP, "1")
    return root


TOO_DEEP = "data-article-convert-too-deep"  # set on the root when libxml2 cut the tree at its depth limit


def has_doctype_subset(text: str) -> bool:
    """True when the page's DOCTYPE carries an internal subset (entity declarations), which is ignored."""
    return bool(_DOCTYPE_SUBSET.search(text[:20000]))


# Media the output formats cannot hold: removing one from the article is a loss the user is told of.
MEDIA_TAGS = frozenset({"iframe", "frame", "frameset", "object", "applet", "embed", "svg", "canvas", "audio", "video"})


@dataclass(frozen=True)
class Dropped:
    """One element ``clean`` removed: its tag, its text, and whether it stood in the article's flow."""

    tag: str
    text: str
    in_article: bool
    article_element: bool = False
    """The page has an <article>/articleBody element (so "in the article" is not a guess)."""
    empty: bool = False
    """A frame or embed with no source (``src``/``data`` missing or ``about:blank``): an ad slot a
    script fills, holding nothing a reader could miss."""


def _drawn_text(el: Any) -> str:
    """The text a reader would see of a removed element: an <svg>'s drawn <text> (its <title> is an
    icon's name, a tooltip), else all its text."""
    if el.tag != "svg":
        return el.text_content()
    return " ".join(t.text_content() for t in el.iter() if isinstance(t.tag, str) and t.tag.rpartition("}")[2] == "text")


def clean(root: Any) -> list[Dropped]:
    """Remove active and never-content elements in place; return each removed one (outermost only)."""
    from lxml import etree

    doomed = [el for el in root.iter(*_DROP_TAGS, "embed") if el.getparent() is not None]
    chosen = set(doomed)
    article = article_element(root) if doomed else None
    gone: list[Dropped] = []
    for el in doomed:
        if any(a in chosen for a in el.iterancestors()):
            continue
        # the text of media and <noscript> goes with them; code, controls and <embed> (void: what
        # libxml2 nested in it is unwrapped, kept) are not article text
        # what is inside an <iframe> is never drawn (every browser shows the frame's document instead)
        kept_text = el.tag in ("embed", "iframe", "frame") or el.tag not in MEDIA_TAGS | {"noscript"}
        text = "" if kept_text else " ".join(_drawn_text(el).split())
        if "<" in text:  # <noscript> holds unparsed markup (a lazy image's fallback), not prose
            text = ""
        source = (el.get("src") or el.get("data") or "").strip().lower()
        empty = el.tag in ("iframe", "frame", "object", "embed") and source in ("", "about:blank")
        gone.append(Dropped(el.tag, text, el.tag != "head" and in_article_flow(el, article), article is not None,
                            empty))
        if el.tag != "embed":  # void: libxml2 may have nested the following content in it (unwrapped below)
            remove(el)
    etree.strip_tags(root, *_UNWRAP_TAGS)
    for form in root.iter("form"):  # readability drops a <form> whole; ASP.NET wraps the page in one
        form.tag = "div"
    return gone


_SCRIPT_HREF = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


def drop_script_links(root: Any) -> list[str]:
    """Take the target off ``javascript:``/``vbscript:``/``data:`` links (their text stays); return their texts."""
    texts = []
    for a in root.iter("a"):
        if _SCRIPT_HREF.match((a.get("href") or "").replace("\t", "").replace("\n", "")):
            del a.attrib["href"]
            texts.append(" ".join(a.text_content().split())[:60])
    return texts


_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu", "dialog", "head"})  # not form: ASP.NET wraps whole pages in one
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog", "menu", "menubar",
                           "search", "alertdialog", "tooltip"})


@dataclass(frozen=True)
class Hidden:
    """The text of one hidden element that was removed, and whether it stood in the article's own flow."""

    text: str
    in_article: bool
    furniture: bool = False
    """Interface rather than text (a dialog, an ad slot, a menu, an inline label): ``loss.hidden_furniture``."""


def in_article_flow(el: Any, article: Any | None) -> bool:
    """True when ``el`` lies in the article: inside the page's article element when it has one,
    else anywhere in the page outside its chrome (nav, header, footer, aside, menus, dialogs)."""
    ancestors = list(el.iterancestors())
    if article is not None:
        return el is article or article in ancestors
    return not any(
        isinstance(a.tag, str) and (a.tag in _CHROME_TAGS or (a.get("role") or "").strip().lower() in _CHROME_ROLES)
        for a in (el, *ancestors)
    )


def drop_hidden(root: Any) -> list[Hidden]:
    """Remove elements a browser does not show; return the text of each removed one, where it was
    and whether it is interface rather than text."""
    from .loss import hidden_furniture

    doomed = [
        el
        for el in root.xpath("//*[@hidden or @aria-hidden or @style]")  # in C: the rest cannot be hidden
        if isinstance(el.tag, str)
        and el.tag not in ("html", "body")
        and (
            el.get("hidden") is not None
            or (el.get("aria-hidden") or "").strip().lower() == "true"
            or _HIDDEN_STYLE.search(el.get("style") or "")
        )
    ]
    chosen = set(doomed)
    article = article_element(root) if doomed else None
    gone: list[Hidden] = []
    for el in doomed:
        if el.getparent() is None or any(a in chosen for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text:
            gone.append(Hidden(text, in_article_flow(el, article), hidden_furniture(el, article)))
        remove(el)
    return gone


def _maybe_too_deep(root: Any, limit: int, nesting: int) -> bool:
    """True when some element lies more than ``limit`` levels under ``root`` or some quote or list
    inside ``nesting`` others (XPath, in C); False means :func:`flatten_deep` has nothing to do."""
    if root.xpath("/".join(["."] + ["*"] * (limit + 1)))[:1]:
        return True
    nested = " or ".join(f"self::{tag}" for tag in sorted(_NESTED))
    inside = " | ".join(f"ancestor::{tag}" for tag in sorted(_NESTED))
    return bool(root.xpath(f"boolean(.//*[{nested}][count({inside}) >= {nesting}])"))


def flatten_deep(root: Any, limit: int = MAX_DEPTH, nesting: int = MAX_NESTING) -> int:
    """Unwrap elements nested too deep; return how many.

    Elements more than ``limit`` levels down lose their tag (their text and children move up;
    paragraphs and headings keep theirs, so text is not glued together), and quotes or lists
    inside more than ``nesting`` other quotes or lists become plain containers: the text
    stays, the extra levels go, and nothing downstream recurses without bound.
    """
    from lxml import etree

    if not _maybe_too_deep(root, limit, nesting):  # nearly every page: checked in C, not per element in Python
        return 0
    deep: list[Any] = []
    stack: list[tuple[Any, int, int]] = [(root, 0, 0)]
    while stack:  # iterative: the tree may be thousands of levels deep
        el, depth, nested = stack.pop()
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _NESTED:
            nested += 1
            if nested > nesting:
                el.tag = "div"
                deep.append(None)
        elif tag == "li" and nested > nesting:
            el.tag = "div"
        if depth > limit and tag not in _KEEP_WHEN_DEEP:
            deep.append(el)
        stack.extend((child, depth + 1, nested) for child in el)
    marker = "article-convert-unwrap"
    for el in deep:
        if el is not None:
            el.tag = marker
    etree.strip_tags(root, marker)
    return len(deep)


def remove(el: Any) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


_FRAGMENT_JUNK = re.compile(
    r"(?:^|[\s_-])(?:editsection|comments?|share|social|advert|ads?)(?:$|[\s_-])", re.IGNORECASE
)


def strip_fragment_junk(root: Any) -> list[str]:
    """In a fragment (no page frame) only obvious junk goes: wiki edit links, share buttons, ads, comments."""
    gone: list[str] = []
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if _FRAGMENT_JUNK.search(f"{el.get('class', '')} {el.get('id', '')}"):
            text = " ".join(el.text_content().split())
            if text:
                gone.append(text[:60])
            remove(el)
    return gone


def is_fragment(source_text: str) -> bool:
    """A piece of HTML without a page frame: nothing to extract, take it all."""
    head = source_text[:200000].lower()
    return "<body" not in head and "<html" not in head


def article_element(root: Any) -> Any | None:
    """The page's single <article> / articleBody element, if it has one."""
    found = root.xpath("//*[@itemprop='articleBody']") or root.xpath("//article")
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    return outer[0] if len(outer) == 1 else None
