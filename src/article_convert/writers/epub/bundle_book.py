"""A bundle as one EPUB: a cover, the nav in the reading order, a page per section, a file per article.

Each article is its own XHTML file (split further when large) with its own ``lang`` and title
block; the TOC has two levels, section -> "article title — byline". Images of all articles share
one store (each embedded once), resolved under the bundle's common folder.
"""

from __future__ import annotations

from ebooklib import epub

from ...context import Context
from ...ir import Article, Document
from ...ir.book import Part, parts
from .book import CSS_FILE, Assembly, Page, assemble, document_language, hyphenator_for, set_metadata
from .images import ImageStore
from .markup import TextCleaner, esc, plain, valid_lang
from .render import RenderState, heading_levels, render_blocks
from .split import render_chunks
from .titlepage import book_title, book_title_page, title_block, xhtml_page


def build_bundle_epub(doc: Document, ctx: Context) -> bytes:
    """The EPUB bytes of a bundle Document (see ``article_convert.bundle``)."""
    lang = document_language(doc, ctx)
    cleaner = TextCleaner()
    title = cleaner.clean(plain(doc.meta.title)) or "Untitled"
    images = ImageStore(ctx)
    pages: list[Page] = []
    toc: list[object] = []
    alt_missing = 0
    count = 0
    for s_index, part in enumerate(parts(doc), 1):
        links: list[object] = []
        head = _section_page(part, s_index, ctx, cleaner, images, lang) if part.title or part.lead else None
        if head is not None:
            pages.append(head)
        for art in part.articles:
            count += 1
            art_pages, label, missing = _article_pages(art, count, ctx, cleaner, images, lang)
            pages.extend(art_pages)
            alt_missing += missing
            links.append(epub.Link(art_pages[0].file_name, label, f"toc-a{count}"))
        if head is not None:
            toc.append((epub.Link(head.file_name, head.title, f"toc-s{s_index}"), links) if links else
                       epub.Link(head.file_name, head.title, f"toc-s{s_index}"))
        else:
            toc.extend(links)
    if not pages:
        pages.append(Page(uid="empty", file_name="empty.xhtml", title=title,
                          content=xhtml_page(title, lang, CSS_FILE, f"<h1>{esc(title)}</h1>")))
        toc.append(epub.Link("empty.xhtml", title, "toc-empty"))
    front = _title_page(doc, ctx, cleaner, images, lang)
    book = epub.EpubBook()
    set_metadata(book, doc, title, lang, cleaner)
    for other in dict.fromkeys(p.lang for p in pages if p.lang and p.lang != lang):
        book.add_metadata("DC", "language", other)  # every language the parts are in; the first is primary
    assembly = Assembly(lang, title, pages, toc, images, alt_missing, nav_in_spine=True, articles=count,
                        front=front)
    return assemble(book, doc, ctx, assembly, cleaner)


def _title_page(doc: Document, ctx: Context, cleaner: TextCleaner, images: ImageStore, lang: str) -> list[Page]:
    """The book's own title page (title, subtitle, lead, authors, source, date) before the nav: the
    cover is a picture, so this is where a reader reads them."""
    st = RenderState(ctx, cleaner, images, hyphenator_for(ctx, lang), heading_levels((), 2))
    body = book_title_page(doc.meta, st, lang)
    if not body:
        return []
    title = cleaner.clean(plain(doc.meta.title)) or "—"
    return [Page(uid="titlepage", file_name="titlepage.xhtml", title=title,
                 content=xhtml_page(title, lang, CSS_FILE, body))]


def _section_page(part: Part, index: int, ctx: Context, cleaner: TextCleaner, images: ImageStore,
                  lang: str) -> Page:
    """A short page opening a section: its title (and any non-article blocks it holds)."""
    st = RenderState(ctx, cleaner, images, None, heading_levels(part.lead, 2))
    name = cleaner.clean(part.title_text(lang)) or "—"
    body = f'<section class="bundle-section" epub:type="part"><h1 class="section-title">{esc(name)}</h1>'
    if part.lead:
        body += "\n" + render_blocks(part.lead, st, lang)
    body += "</section>"
    return Page(uid=f"section-{index}", file_name=f"section-{index}.xhtml", title=name,
                content=xhtml_page(name, lang, CSS_FILE, body))


def _article_pages(art: Article, number: int, ctx: Context, cleaner: TextCleaner, images: ImageStore,
                   book_lang: str) -> tuple[list[Page], str, int]:
    """The XHTML files of one article, its TOC label and how many of its images lack alt text."""
    lang = art.meta.language if valid_lang(art.meta.language) else book_lang
    doc = Document(art.meta, art.blocks)
    title = cleaner.clean(book_title(doc, f"#{number}"))
    first_level = 2 if art.meta.title.strip() else 1
    st = RenderState(ctx, cleaner, images, hyphenator_for(ctx, lang), heading_levels(art.blocks, first_level))
    chunks = render_chunks(title_block(art.meta, st, lang), art.blocks, st, lang)
    stem = f"a{number:04d}"
    pages = [
        Page(uid=stem if k == 0 else f"{stem}-{k + 1}",
             file_name=f"{stem}.xhtml" if k == 0 else f"{stem}-{k + 1}.xhtml",
             title=title, content=xhtml_page(title, lang, CSS_FILE, chunk.body))
        for k, chunk in enumerate(chunks)
    ]
    for page in pages:
        page.lang = lang
    byline = plain(cleaner.clean(art.meta.byline))
    label = f"{title} — {byline}" if byline and byline not in title else title
    return pages, label, st.alt_missing
