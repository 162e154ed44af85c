"""Parse HTML safely, strip what is never content, and find the article in a full page.

Parsing: lxml's HTML parser with ``no_network`` (no DTD or entity is ever fetched or
expanded: the HTML parser knows no external entities). Scripts, styles, iframes, forms and
other active content are removed before anything else looks at the tree.

Extraction (measured on the corpus pages and tests/fixtures/seed.html, see the report in
``tests/test_reader_html.py``): readability-lxml keeps every word of the article body of the
seed page and removes nav, footer, related news and comments; trafilatura lost the byline
and costs 7x the import time. readability, however, drops headings and the lead of pages
without a page frame, so:
- a fragment (no ``<body>``/page chrome) is taken whole;
- a page with one ``<article>`` (or ``itemprop=articleBody``) uses it;
- otherwise readability-lxml picks the main content.
"""

from __future__ import annotations

import re
from typing import Any

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "template",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "link",
    "meta",
    "base",
)
_CHROME_TAGS = ("nav", "header", "footer", "aside")
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|comments?|comment-form|related|share|social|"
    r"subscribe|banner|advert|ads?|sidebar|cookie|popup|footer|header|site-header|site-footer|"
    r"promo|sponsor(?:ship)?|recommend(?:ed)?|tags|paywall|editsection)(?:$|[\s_-])",
    re.IGNORECASE,
)


def parse(text: str) -> Any:
    """Parse HTML text into an lxml tree without network access or entity expansion."""
    from lxml import etree, html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = html.document_fromstring(text, parser=parser) if text.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        raise ValueError("no HTML content") from exc
    if root is None:
        raise ValueError("no HTML content")
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


def clean(root: Any) -> int:
    """Remove active and never-content elements in place; return how many were removed."""
    doomed = [el for el in root.iter(*_DROP_TAGS)]
    for el in doomed:
        _remove(el)
    return len(doomed)


def _remove(el: Any) -> None:
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


def strip_chrome(root: Any, *, fragment: bool = False) -> list[str]:
    """Remove page chrome (nav, header, footer, comments, related news); return what went.

    In a fragment only obvious junk (wiki edit links, share buttons, ads, comments) goes:
    its headers hold the title and lead.
    """
    gone: list[str] = []
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        klass = f"{el.get('class', '')} {el.get('id', '')}"
        tag = el.tag.lower()
        if fragment:
            doomed = bool(_FRAGMENT_JUNK.search(klass))
        else:
            doomed = tag in _CHROME_TAGS or (
                tag not in ("body", "html", "article", "main") and bool(_CHROME_CLASS.search(klass))
            )
        if doomed:
            if _inside_kept(el):
                continue
            text = " ".join(el.text_content().split())
            if text:
                gone.append(text[:60])
            _remove(el)
    return gone


def _inside_kept(el: Any) -> bool:
    """Headers inside an <article> hold its title and byline: keep them."""
    return el.tag.lower() == "header" and any(
        a.tag == "article" for a in el.iterancestors() if isinstance(a.tag, str)
    )


def is_fragment(source_text: str) -> bool:
    """A piece of HTML without a page frame: nothing to extract, take it all."""
    head = source_text[:200000].lower()
    return "<body" not in head and "<html" not in head


def article_element(root: Any) -> Any | None:
    """The page's single <article> / articleBody element, if it has one."""
    found = root.xpath("//*[@itemprop='articleBody']") or root.xpath("//article")
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    return outer[0] if len(outer) == 1 else None


def readability_content(root: Any) -> Any:
    """The main content as readability-lxml sees it, parsed back into a safe tree."""
    from lxml import html
    from readability import Document as Readability

    summary = Readability(html.tostring(root, encoding="unicode")).summary(html_partial=True)
    content = parse(summary)
    body = content.find("body")
    return body if body is not None else content
