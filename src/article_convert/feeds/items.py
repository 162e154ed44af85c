"""One feed item -> one article Document: the page's article, the item's full content, or its summary
with a note saying why the full text is missing."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from ..diagnostics import Diagnostics
from ..errors import ArticleConvertError
from ..ir import Document, Emph, Link, Metadata, Paragraph, Text
from ..plugins import Source
from ..settings import Settings
from .parse import Feed, FeedItem

if TYPE_CHECKING:
    from ..web.fetch import Fetcher

Pages = Literal["auto", "always", "never"]
WHOLE_ARTICLE_WORDS = 150
"""Full content with at least this many words (and no "read more" ending) is taken as the whole article."""

_TRUNCATED = re.compile(r"(…|\.\.\.|\[…\]|\[\.\.\.\]|читать далее|подробнее|читати далі|read more|continue reading)"
                        r"\W*$", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")

NOTE = {  # (page failed, summary shown), (summary shown), (page failed, the feed's full text shown)
    "ru": ("Полный текст статьи получить не удалось ({reason}); здесь краткое содержание из ленты. Оригинал: ",
           "Краткое содержание из ленты. Оригинал: ",
           "Страницу статьи получить не удалось ({reason}); текст взят из ленты. Оригинал: "),
    "uk": ("Повний текст статті отримати не вдалося ({reason}); тут короткий зміст зі стрічки. Оригінал: ",
           "Короткий зміст зі стрічки. Оригінал: ",
           "Сторінку статті отримати не вдалося ({reason}); текст узято зі стрічки. Оригінал: "),
    "be": ("Поўны тэкст артыкула атрымаць не ўдалося ({reason}); тут кароткі змест са стужкі. Арыгінал: ",
           "Кароткі змест са стужкі. Арыгінал: ",
           "Старонку артыкула атрымаць не ўдалося ({reason}); тэкст узяты са стужкі. Арыгінал: "),
    "bg": ("Пълният текст на статията не можа да бъде изтеглен ({reason}); тук е резюмето от емисията. Оригинал: ",
           "Резюме от емисията. Оригинал: ",
           "Страницата на статията не можа да бъде изтеглена ({reason}); текстът е от емисията. Оригинал: "),
    "kk": ("Мақаланың толық мәтінін алу мүмкін болмады ({reason}); мұнда арнадағы қысқаша мазмұны. Түпнұсқа: ",
           "Арнадағы қысқаша мазмұны. Түпнұсқа: ",
           "Мақала бетін алу мүмкін болмады ({reason}); мәтін арнадан алынды. Түпнұсқа: "),
    "sr": ("Цео текст чланка није могао да се преузме ({reason}); овде је сажетак из фида. Оригинал: ",
           "Сажетак из фида. Оригинал: ",
           "Страница чланка није могла да се преузме ({reason}); текст је из фида. Оригинал: "),
    "en": ("The full article could not be fetched ({reason}); this is the feed's summary. Original: ",
           "The feed's summary. Original: ",
           "The article's page could not be fetched ({reason}); the text is the feed's. Original: "),
}


@dataclass
class ItemArticle:
    """An item read into a Document, with its diagnostics and, when the page failed, why."""

    item: FeedItem
    feed: Feed
    doc: Document
    diagnostics: Diagnostics
    failed_page: str | None = None

    @property
    def name(self) -> str:
        return self.item.link or f"{self.feed.location}#{self.item.index + 1}"


def text_of(fragment: str) -> str:
    """The visible words of an HTML fragment."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def holds_whole_article(content: str) -> bool:
    """True when an item's full content looks like the whole article, not a teaser."""
    text = text_of(content)
    return len(text.split()) >= WHOLE_ARTICLE_WORDS and not _TRUNCATED.search(text)


def as_html(text: str) -> str:
    """Feed text as HTML: kept when it has tags, else paragraphs split on blank lines (RSS 0.91 plain text)."""
    if _TAG.search(text):
        return text
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(f"<p>{html.escape(html.unescape(p))}</p>" for p in paras if p)


def item_page(item: FeedItem, feed: Feed, body: str) -> bytes:
    """An HTML fragment carrying the item's title, author and date in its head, and ``body``."""
    head = [f"<title>{html.escape(item.title or feed.title or '—')}</title>"]
    for name in item.authors[:1]:
        head.append(f'<meta name="author" content="{html.escape(name)}">')
    if item.published is not None:
        head.append(f'<meta property="article:published_time" content="{item.published.date().isoformat()}">')
    if feed.language:
        head.append(f'<meta http-equiv="content-language" content="{html.escape(feed.language)}">')
    return ("".join(head) + f"<div>{as_html(body)}</div>").encode("utf-8")


def fill_meta(doc: Document, item: FeedItem, feed: Feed) -> Document:
    """The feed's title, date, authors and link where they are better or the page has none."""
    meta = doc.meta
    date = item.published.date().isoformat() if item.published is not None else meta.date
    meta = replace(
        meta,
        title=item.title or meta.title,
        date=date,
        authors=meta.authors or item.authors,
        source=meta.source or feed.title,
        identifier=meta.identifier or item.link,
        language=meta.language or _lang(feed.language),
    )
    return replace(doc, meta=meta)


def _lang(tag: str) -> str:
    return tag.split("-")[0].split("_")[0].lower() if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*", tag) else ""


def note_block(item: FeedItem, lang: str, reason: str | None, whole: bool = False) -> Paragraph:
    """The note under a feed's text: why the page is missing (if it is), and a link to the original."""
    failed, plain, failed_whole = NOTE.get(lang.split("-")[0], NOTE["ru"])
    words = (failed_whole if whole else failed).format(reason=reason) if reason else plain
    inlines: tuple = (Text(words),)
    if item.link:
        inlines += (Link((Text(item.link),), item.link, ""),)
    return Paragraph((Emph(inlines),))


def read_item(item: FeedItem, feed: Feed, settings: Settings, fetcher: Fetcher | None,
              pages: Pages) -> ItemArticle:
    """The item's article: its page (unless the item holds the whole article), else its own text with a note."""
    from ..convert_one import read_article
    from ..ir.guard import guard_document
    from ..pipeline import load_source, make_context, read_source
    from ..web.images import prefetch

    whole = holds_whole_article(item.content)
    failed: str | None = None
    if pages == "always" or (pages == "auto" and not whole):
        if fetcher is not None and "://" in item.link:
            try:
                page, ctx = read_article(load_source(item.link, fetcher), settings, None, fetcher)
                prefetch(ctx.images, page)  # in this worker thread: pages and images load in parallel
                return ItemArticle(item, feed, fill_meta(page, item, feed), ctx.diagnostics)
            except ArticleConvertError as exc:
                failed = exc.message
        else:
            failed = "the item has no link to its page"
    body = item.content if whole else (item.summary or item.content)
    base = item.link if "://" in item.link else (feed.link if "://" in feed.link else None)
    source = Source(item_page(item, feed, body), None, url=base, charset="utf-8", media_type="text/html")
    ctx = make_context(source, settings, fetcher if base else None)
    ctx.source_name = item.link or feed.location
    doc: Document | None = None
    if text_of(body):
        try:
            doc = fill_meta(read_source(source, ctx, "html"), item, feed)
        except ArticleConvertError:
            doc = None
    if doc is None:
        doc = fill_meta(Document(Metadata(title=item.title or feed.title or "—"), ()), item, feed)
    prefetch(ctx.images, doc)
    if failed is not None or not whole:
        lang = doc.meta.language or _lang(feed.language) or ctx.settings.language_of(doc.meta)
        doc = replace(doc, blocks=(*doc.blocks, note_block(item, lang, failed, whole)))
    # the feed's own strings (title, link, authors) joined after the reader's guard: repaired here too
    doc = guard_document(doc, ctx.diagnostics)
    return ItemArticle(item, feed, doc, ctx.diagnostics, failed)


def newest(item: FeedItem) -> datetime | None:
    """The item's date (for sorting newest first)."""
    return item.published
