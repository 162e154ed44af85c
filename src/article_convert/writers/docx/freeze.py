"""Serialise a long document's body as it is rendered, so the writer never holds all of it as a tree.

An lxml element costs a few hundred bytes, and a paragraph of links is five elements and three
attributes per link: 200,000 links made a 480 MB tree for a 17 MB ``document.xml`` (issue 9).
Every :data:`FREEZE_EVERY` runs and hyperlinks in top-level paragraphs (rows in tables),
:class:`BodyFreezer` serialises the finished paragraphs and tables (noting the faces they use for the font embedding first), removes them and keeps
their bytes; one comment in the body marks where they go, and :meth:`BodyFreezer.document_xml`
puts them back in the serialised part. The bytes are the ones the whole tree gives (tested):
lxml writes a detached element's in-scope namespace declarations on it, which are cut off again,
and an element whose start does not look as expected stops the freezing (it stays a tree).

Only content no later step looks back at is frozen: top-level blocks of the body, between two of
them or between two list items, never inside an interview turn (``hold``), whose speaker label
goes into its first paragraph afterwards. A normal article has far fewer than
:data:`FREEZE_EVERY` paragraphs and is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

FREEZE_EVERY = 10_000
"""Runs, hyperlinks and rows (children of the top-level paragraphs and tables) rendered before the
finished content is serialised: a tree of a few MB at a time. A long real article has fewer."""
MARKER = "article-convert:frozen-body"


class BodyFreezer:
    """Serialises and drops finished top-level content of ``body`` (see the module docstring)."""

    def __init__(self, body: _Element, note_usage: Callable[[list[_Element]], object] | None) -> None:
        self.body = body
        self.note_usage = note_usage
        """Called with elements about to be frozen (the font embedding's face usage), or None."""
        self.hold = 0
        """Above 0: a caller will look back at what it rendered; nothing is frozen."""
        self.fragments: list[bytes] = []
        self._start = self._seen = len(body)
        self._weight = 0
        self._marker: _Element | None = None
        self._disabled = False
        self._decls = b""

    def maybe_freeze(self, container: _Element) -> None:
        """Freeze the finished content when ``container`` is the body, nothing is held and enough waits."""
        if container is not self.body or self._disabled:
            return
        body = self.body
        count = len(body)
        if count > self._seen:  # each new top-level element is weighed once: linear in all
            self._weight += sum(len(el) + 1 for el in body[self._seen:])
            self._seen = count
        if self._weight >= FREEZE_EVERY and not self.hold:
            self._freeze()

    def _freeze(self) -> None:
        from lxml import etree

        body = self.body
        if self._marker is None:
            self._decls = self._declarations()
            self._marker = etree.Comment(MARKER)
            body.insert(self._start, self._marker)
        elements = list(self._marker.itersiblings())
        done: list[_Element] = []
        el = None
        for el in elements:
            data = self._fragment(el)
            if data is None:
                self._disabled = True
                break
            self.fragments.append(data)
            done.append(el)
        if self.note_usage is not None and done:
            self.note_usage(done)
        count = len(done)
        del elements, done, el  # no proxy left: lxml frees a removed subtree at once instead of moving it
        at = body.index(self._marker) + 1
        del body[at:at + count]
        self._seen = len(body)
        self._weight = 0

    def _declarations(self) -> bytes:
        """The namespace declarations lxml writes on a serialised child of the body."""
        from lxml import etree

        probe = etree.SubElement(self.body, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
        data = etree.tostring(probe, encoding="UTF-8")
        self.body.remove(probe)
        head = data[: data.index(b" ")] if b" " in data else b""
        return data[len(head):-2] if data.endswith(b"/>") and head == b"<w:p" else b""

    def _fragment(self, el: _Element) -> bytes | None:
        """``el`` serialised as it is inside the whole part, or None when it cannot be cut out exactly."""
        from lxml import etree

        if not self._decls or not isinstance(el.tag, str) or el.tail:
            return None
        data = etree.tostring(el, encoding="UTF-8")
        name = data[: data.find(b" ")]
        head = name + self._decls
        if not name.startswith(b"<w:") or not data.startswith(head) or data[len(head):len(head) + 1] not in (b">", b"/"):
            return None
        return name + data[len(head):]

    def document_xml(self, root: _Element) -> bytes | None:
        """The serialised part of ``root`` with the frozen content in place (None: nothing was frozen)."""
        if self._marker is None:
            return None
        from lxml import etree

        data = etree.tostring(root, encoding="UTF-8", standalone=True)
        marker = etree.tostring(self._marker)
        if data.count(marker) != 1:
            raise AssertionError("the frozen body's marker is not in the document once")
        before, after = data.split(marker)
        return b"".join([before, *self.fragments, after])
