"""News feeds (RSS 0.9x/1.0/2.0, Atom) into digest books: parse, select by date, read each item.

feedparser parses (and sanitises) the feeds; each item's page is fetched and its article
extracted by the HTML reader, or the item's own full content is used when it holds the whole
article. The digest is an ordinary bundle (``article_convert.bundle``): a section per feed.
"""

from __future__ import annotations

from .parse import Feed, FeedItem, parse_feed
from .since import parse_since

__all__ = ["Feed", "FeedItem", "parse_feed", "parse_since"]
