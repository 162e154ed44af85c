"""Tagged PDF, the drawing half: structure nodes on flowables, marked content in the page streams.

reportlab does not tag. Here every flowable the writer makes may carry ``_ac_tag``, a ``Node`` of
the structure tree built in reading order (Document > H1/P/L/BlockQuote/Figure/Note/…). While the
document is laid out, ``TaggingFrame.add`` wraps each flowable's drawing in ``/Role <</MCID n>>
BDC … EMC`` and records the MCID on its node (a paragraph split over two pages is one node with
content on both); whatever is drawn outside a tagged flowable (rules, spacers, running header,
page numbers) is wrapped as ``/Artifact``. A list item's bullet becomes its own ``Lbl`` sequence.
``structure.py`` then writes the tree into the PDF. Split parts of a flowable keep its node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Mcr:
    """A marked-content reference: sequence ``mcid`` on page ``page`` (0-based)."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annot:
    """An annotation (a link) drawn inside an element: its index in the page's /Annots."""

    page: int
    index: int


@dataclass(eq=False, slots=True)
class Node:
    """A structure element: standard role, language if it differs, alt text, kids in order (slots:
    a page of 200,000 links has a Link node each)."""

    role: str
    parent: Node | None = None
    lang: str | None = None
    alt: str | None = None
    kids: list[Node | Mcr | Annot] = field(default_factory=list)
    label: Node | None = None
    scope: str | None = None
    """For a TH: its /Scope (Column for a header row)."""
    """For an LI: its Lbl, filled when the bullet is drawn (the body is the LBody below)."""

    def __post_init__(self) -> None:
        if self.parent is not None:
            self.parent.kids.append(self)

    def child(self, role: str, lang: str | None = None, alt: str | None = None) -> Node:
        """A new element under this one."""
        return Node(role, self, lang=lang if lang and lang != self.language() else None, alt=alt)

    def language(self) -> str | None:
        """The language in force here (own /Lang or the nearest ancestor's)."""
        node: Node | None = self
        while node is not None:
            if node.lang:
                return node.lang
            node = node.parent
        return None


def tag(flowable: Any, node: Node | None) -> Any:
    """Attach ``node`` to ``flowable`` (None: an artifact) and return the flowable."""
    flowable._ac_tag = node
    return flowable


class Tagger:
    """Marked-content bookkeeping for one build: MCIDs per page, which node owns each."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.owners: dict[int, list[Node]] = {}  # page -> node of MCID 0, 1, …
        self.current: Node | None = None  # the node whose content is being drawn
        self.current_role = ""
        self.links: dict[int, dict[Any, Node]] = {}  # id of a recent paragraph node -> reportlab link key -> Link
        self.claimed: set[tuple[int, int]] = set()  # (page, annotation index) already in a Link node,
        # for the flowable being drawn (emptied after each top-level one)

    def _page(self, canv: Any) -> int:
        return int(canv.getPageNumber()) - 1

    def begin(self, canv: Any, node: Node | None, artifact: str = "") -> int:
        """Open a sequence for ``node`` (or an artifact); returns where it starts in the stream."""
        start = len(canv._code)
        if node is None:
            canv._code.append(f"/Artifact <</Type /{artifact}>> BDC" if artifact else "/Artifact BMC")
            return start
        page = self._page(canv)
        owners = self.owners.setdefault(page, [])
        canv._code.append(f"/{_mc_role(node.role)} <</MCID {len(owners)}>> BDC")
        owners.append(node)
        node.kids.append(Mcr(page, len(owners) - 1))
        return start

    def end(self, canv: Any, node: Node | None, start: int) -> None:
        """Close the sequence opened at ``start``; an empty one is taken out again."""
        if len(canv._code) == start + 1:  # nothing was drawn: drop the BDC and its MCID
            canv._code.pop()
            if node is not None:
                page = self._page(canv)
                self.owners[page].pop()
                node.kids.pop()
            return
        canv._code.append("EMC")

    def bullet(self, canv: Any, draw: Any) -> Any:
        """Draw a list bullet as the item's Lbl, then go on with its body in a fresh sequence."""
        body = self.current
        li = _list_item(body)
        if body is None or li is None:
            return draw()
        self._close_body(canv, body)
        label = li.label or Node("Lbl", None)
        if li.label is None:
            li.label = label
            label.parent = li
            li.kids.insert(0, label)
        start = self.begin(canv, label)
        result = draw()
        self.end(canv, label, start)
        self.begin(canv, body)
        return result


    def _close_body(self, canv: Any, body: Node) -> None:
        """End the body's open sequence before the bullet (dropped if nothing was drawn in it)."""
        last = canv._code[-1] if canv._code else ""
        if isinstance(last, str) and last.startswith(f"/{_mc_role(body.role)} <</MCID ") and last.endswith("BDC"):
            canv._code.pop()
            self.owners[self._page(canv)].pop()
            body.kids.pop()
        else:
            canv._code.append("EMC")


def _mc_role(role: str) -> str:
    return role if role.isalnum() else "Span"


def _list_item(node: Node | None) -> Node | None:
    """The LI a body paragraph belongs to (through its LBody), else None."""
    while node is not None:
        if node.role == "LI":
            return node
        if node.role in ("L", "Document", "Art"):
            return None
        node = node.parent
    return None


def make_frame_class() -> type:
    """A reportlab Frame that wraps every flowable it draws in marked content."""
    from reportlab.platypus import Frame

    class TaggingFrame(Frame):  # type: ignore[misc, valid-type]
        def add(self, flowable: Any, canv: Any, trySplit: int = 0) -> Any:
            tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
            if tagger is None or getattr(flowable, "frameAction", None):
                return super().add(flowable, canv, trySplit)
            node = getattr(flowable, "_ac_tag", None)
            annots = len(canv._annotationrefs)
            outer = tagger.current
            tagger.current = node
            start = tagger.begin(canv, node)
            try:
                ok = super().add(flowable, canv, trySplit)
            finally:
                tagger.end(canv, node, start)
                tagger.current = outer
            if node is not None:
                page = int(canv.getPageNumber()) - 1
                claimed = tagger.claimed  # links already in their Link node
                for index in range(annots, len(canv._annotationrefs)):
                    if (page, index) not in claimed:
                        node.kids.append(Annot(page, index))
            if outer is None:  # a top-level flowable is done: later ones make annotations of their own
                tagger.claimed.clear()
            return ok

        _add = add

        def split(self, flowable: Any, canv: Any) -> Any:
            parts = super().split(flowable, canv)
            if hasattr(flowable, "_ac_tag"):
                for part in parts:
                    if not hasattr(part, "_ac_tag"):
                        part._ac_tag = flowable._ac_tag
            return parts

    return TaggingFrame


_BULLET_PATCHED = False


def install_bullet_hook() -> None:
    """Route reportlab's paragraph bullet drawing through the tagger (once per process)."""
    global _BULLET_PATCHED
    if _BULLET_PATCHED:
        return
    from reportlab.platypus import paragraph

    original = paragraph._drawBullet

    def _drawBullet(canvas: Any, *args: Any, **kwargs: Any) -> Any:
        tagger: Tagger | None = getattr(canvas, "_ac_tagger", None)
        if tagger is None:
            return original(canvas, *args, **kwargs)
        return tagger.bullet(canvas, lambda: original(canvas, *args, **kwargs))

    paragraph._drawBullet = _drawBullet
    _BULLET_PATCHED = True
