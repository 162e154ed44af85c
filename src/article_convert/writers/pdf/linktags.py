"""Tagged PDF, links: a link's words get their own marked content inside its ``Link`` element.

reportlab draws a paragraph's line frag by frag (``_putFragLine``) and makes the link annotations
after each line (``_do_post_text``). Here both are wrapped: before the first word of a link run
the paragraph's sequence is closed and ``/Link <</MCID n>> BDC`` opened; after the run (or at the
end of the line) the paragraph goes on in a new sequence with a new MCID. The annotations made for
the line are given to the same ``Link`` node, which thus holds its text and its OBJR(s); a link
broken over two lines is one element with two MCIDs and two annotations.
"""

from __future__ import annotations

from typing import Any

from .tagging import Annot, Mcr, Node, Tagger, _mc_role


class _LineLinks:
    """Switches marked content between a paragraph node and its Link nodes within one text object."""

    def __init__(self, tagger: Tagger, canv: Any, tx: Any, para: Node) -> None:
        self.tagger, self.canv, self.tx, self.para = tagger, canv, tx, para
        self.open: Node = para
        self.opened_at = -1  # index in tx._code of the BDC we opened last (dropped if left empty)

    def switch(self, node: Node) -> None:
        """Close the open sequence and open one for ``node`` (a Link or the paragraph again)."""
        if node is self.open:
            return
        code = self.tx._code
        page = int(self.canv.getPageNumber()) - 1
        owners = self.tagger.owners.setdefault(page, [])
        if self.opened_at == len(code) - 1 and self.opened_at >= 0:  # nothing drawn in it: take it back
            code.pop()
            owners.pop()
            self.open.kids.pop()
        else:
            code.append("EMC")
        code.append(f"/{_mc_role(node.role)} <</MCID {len(owners)}>> BDC")
        self.opened_at = len(code) - 1
        owners.append(node)
        node.kids.append(Mcr(page, len(owners) - 1))
        self.open = node


RECENT_PARAGRAPHS = 8
"""Paragraphs whose links are remembered (a split paragraph goes on on the next page; a table row
draws several cells): the older ones are forgotten, so the index does not grow with the document."""


def _link_node(tagger: Tagger, para: Node, key: Any) -> Node:
    """The Link element of link ``key`` (reportlab's (n, href)) in ``para``, made on first use."""
    links = tagger.links.get(id(para))
    if links is None:
        links = tagger.links[id(para)] = {}
        if len(tagger.links) > RECENT_PARAGRAPHS:
            del tagger.links[next(iter(tagger.links))]  # the oldest (dicts keep insertion order)
    node = links.get(key)
    if node is None:
        node = links[key] = Node("Link", para)
    return node


_PATCHED = False


def install_link_hook() -> None:
    """Wrap reportlab's line drawing and link making (once per process)."""
    global _PATCHED
    if _PATCHED:
        return
    from reportlab.platypus import paragraph

    put_frag_line = paragraph._putFragLine
    do_post_text = paragraph._do_post_text

    def _putFragLine(cur_x: Any, tx: Any, line: Any, last: Any, pKind: Any) -> Any:
        canv = tx._canvas
        tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
        para = tagger.current if tagger is not None else None
        words = line.words
        if tagger is None or para is None or not any(getattr(f, "link", None) for f in words):
            return put_frag_line(cur_x, tx, line, last, pKind)
        # the link state of each _textOut call _putFragLine will make, in order
        expected: list[Any] = []
        for f in words:
            if hasattr(f, "cbDefn"):
                if f is words[-1]:
                    expected.append(None)
            else:
                expected.append(f.link[0] if getattr(f, "link", None) else None)
        switcher = _LineLinks(tagger, canv, tx, para)
        text_out = tx._textOut

        def _textOut(text: str, TStar: int = 0) -> Any:
            key = expected.pop(0) if expected else None
            if text:
                switcher.switch(_link_node(tagger, para, key) if key is not None else para)
            return text_out(text, TStar)

        tx._textOut = _textOut
        try:
            return put_frag_line(cur_x, tx, line, last, pKind)
        finally:
            del tx._textOut
            switcher.switch(para)

    def _do_post_text(tx: Any) -> Any:
        canv = tx._canvas
        tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
        para = tagger.current if tagger is not None else None
        links = getattr(tx.XtraState, "links", None)
        if tagger is None or para is None or not links:
            return do_post_text(tx)
        keys = [v[0][0][0] for v in sorted(links.values()) if v[0][0][0][1]]
        before = len(canv._annotationrefs)
        result = do_post_text(tx)
        made = list(range(before, len(canv._annotationrefs)))
        if len(made) == len(keys):  # one annotation per link run, in this order
            page = int(canv.getPageNumber()) - 1
            for key, index in zip(keys, made, strict=True):
                _link_node(tagger, para, key).kids.append(Annot(page, index))
                tagger.claimed.add((page, index))
        return result

    do_link_line = paragraph._do_link_line

    def _do_link_line(i: int, t_off: Any, ws: Any, tx: Any) -> Any:
        """A paragraph that is one link in one style (reportlab's plain-line path): its sequence is the link's."""
        canv = tx._canvas
        tagger: Tagger | None = getattr(canv, "_ac_tagger", None)
        para = tagger.current if tagger is not None else None
        keys = [k for k in (getattr(tx.XtraState, "link", None) or []) if k[1]]
        if tagger is None or para is None or len(keys) != 1:
            return do_link_line(i, t_off, ws, tx)
        before = len(canv._annotationrefs)
        result = do_link_line(i, t_off, ws, tx)
        page = int(canv.getPageNumber()) - 1
        node = _link_node(tagger, para, keys[0])
        last = para.kids[-2] if len(para.kids) > 1 and para.kids[-1] is node else para.kids[-1]
        owners = tagger.owners.get(page, [])
        if isinstance(last, Mcr) and last.page == page and last.mcid == len(owners) - 1 and owners[-1] is para:
            para.kids.remove(last)  # everything drawn in this sequence is the link's text
            node.kids.append(last)
            tagger.owners[page][last.mcid] = node
        for index in range(before, len(canv._annotationrefs)):
            node.kids.append(Annot(page, index))
            tagger.claimed.add((page, index))
        return result

    paragraph._do_link_line = _do_link_line
    paragraph._putFragLine = _putFragLine
    paragraph._do_post_text = _do_post_text
    _PATCHED = True
