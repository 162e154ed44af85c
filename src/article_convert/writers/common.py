"""Small facts every writer needs the same way: locale tags, identifiers, dates, file names."""

from __future__ import annotations

import uuid

from ..digest import sha256_object
from ..ir import Document, Metadata
from ..ir.json_codec import write_document_json
from ..ir.titles import publisher_line as publisher_line  # the writers' one import of it
from ..ir.titles import source_url as source_url
from ..languages import human_date, vocabulary

# Locale tags of languages without a vocabulary module; every other language's tag is ``locale``
# in its module in ``article_convert.languages``.
LOCALES: dict[str, str] = {"en": "en-US", "de": "de-DE", "fr": "fr-FR"}

BYLINE_SEPARATOR = " · "
"""Between the byline and the date in an article's title block (PDF, DOCX, FB2)."""

_NAMESPACE = uuid.UUID("5b0f5d4e-8c39-4e5b-9d7a-2f1a7c3e6b10")


def base_language(lang: str) -> str:
    """``ru-RU`` -> ``ru``; empty -> ``und``."""
    return (lang or "und").split("-")[0].lower()


def locale_tag(lang: str) -> str:
    """The region-qualified tag for a language (``ru`` -> ``ru-RU``); unknown tags pass through."""
    if not lang:
        return "ru-RU"
    if "-" in lang:
        return lang
    vocab = vocabulary(lang)
    return vocab.locale if vocab and vocab.locale else LOCALES.get(lang.lower(), lang)


_last_digest: tuple[Document, str] | None = None


def content_digest(doc: Document) -> str:
    """A hex digest of the whole Document, stable across runs and machines.

    The last one is remembered: every writer of a conversion asks for the same (immutable)
    Document's digest, and serialising it is a few ms per writer (issue 18)."""
    global _last_digest
    last = _last_digest
    if last is not None and last[0] is doc:
        return last[1]
    hasher = sha256_object()
    write_document_json(doc, lambda text: hasher.update(text.encode("utf-8")), indent=None)  # in pieces: no
    digest = str(hasher.hexdigest())  # whole text of a long Document in memory (the same bytes hashed)
    _last_digest = (doc, digest)
    return digest


def stable_identifier(doc: Document) -> str:
    """The document's identifier: the one in its metadata, else a UUID5 of its content."""
    if doc.meta.identifier:
        return doc.meta.identifier
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, content_digest(doc)))


def dated_byline(meta: Metadata, lang: str) -> str:
    """``Автор · 4 декабря 2025``: the byline and the date as a reader of ``lang`` writes it
    (``languages.human_date``, the one date display of every writer); either part may be missing."""
    return BYLINE_SEPARATOR.join(t for t in (meta.byline.strip(), human_date(meta.date, lang)) if t)



TURN_DASH = "\u2014\u00a0"
"""Opens an interview turn that names no speaker (an em dash and a no-break space), in every writer."""
_DASHES = ("\u2014", "\u2013", "-", "\u2012", "\u2015")


def needs_turn_dash(first_text: str) -> bool:
    """True when a speakerless turn's first paragraph (its text) does not already open with a dash."""
    return not first_text.lstrip().startswith(_DASHES)
