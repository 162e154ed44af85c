"""Body structure: dash bullet lists and bare subheadings between paragraphs."""

from __future__ import annotations

import re

from ..ir import Answer, Block, BulletList, Div, Heading, OrderedList, Paragraph, Question, Text
from .interview import TURN_DASH, attributed, turn_of
from .text import ends_sentence, is_caps, plain_of, text_of

_BULLET = re.compile(r"^\s*(?:[–—―−•*]\s*|-\s+)(?=\S)")
HEADING_MAX_WORDS = 9
HEADING_MAX_CHARS = 80
MAX_ITEM = 300

# "ГЛАВА XIII.", "Часть 2", "Розділ IV" — numbered chapter lines (Roman numerals may mix scripts).
_CHAPTER = re.compile(
    r"^(?:глава|часть|розділ|частина|раздзел|бөлім|тарау|поглавље|глава|част|книга|том)\s+"
    r"(?:[IVXLCХІІХ]+|\d+)\.?$",
    re.IGNORECASE,
)


def _item_text(block: Block) -> str | None:
    """The text of a bullet-like line ("- …", "– …", "• …"), or None."""
    text = plain_of(block)
    if text is None or not _BULLET.match(text) or len(text) > MAX_ITEM:
        return None
    return _BULLET.sub("", text, count=1).strip()


def _is_list(items: list[str], intro: str) -> bool:
    """Items that read as a list: no questions or attributions, and an introducing colon or ";" ends."""
    if len(items) < 2 or any(t.rstrip().endswith(("?", "!")) or attributed(t) for t in items):
        return False
    if any(t.rstrip(" »\"”").endswith((".", "…")) for t in items[:-1]):
        return False  # sentences, one per dash line: dialogue after "сказал он:", not a list
    semicolons = sum(t.rstrip().endswith((";", ",")) for t in items)
    return intro.rstrip().endswith(":") or semicolons >= len(items) - 1


def bullet_lists(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Runs of dash or bullet lines (introduced by a colon or ended by ";") as BulletLists; also the
    first line of each list found."""
    out: list[Block] = []
    found: list[str] = []
    i = 0
    while i < len(blocks):
        run: list[str] = []
        j = i
        while j < len(blocks) and (t := _item_text(blocks[j])) is not None:
            run.append(t)
            j += 1
        if run and _is_list(run, text_of(out[-1]) if out else ""):
            out.append(BulletList(tuple((Paragraph((Text(t),), _lang(blocks[i])),) for t in run)))
            found.append(text_of(blocks[i]) + (f" (+{len(run) - 1} more)" if len(run) > 1 else ""))
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return out, found


def _lang(block: Block) -> str | None:
    return block.lang if isinstance(block, Paragraph) else None


def is_subheading(text: str) -> bool:
    """A short bare line: capital first, no final full stop or comma, a few words."""
    words = text.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":", "!", "…", "-", "–", "—"))
        and "," not in text
        and not TURN_DASH.match(text)
        and any(c.isalpha() for c in text)
    )


def _ends_block(block: Block) -> bool:
    """The block before a subheading must end a thought: a finished sentence or a non-paragraph."""
    if not isinstance(block, Paragraph):
        return True
    text = text_of(block)
    return ends_sentence(text) or text.endswith(("»", '"', "”", ")"))


def _opens_section(block: Block) -> bool:
    """What may follow a subheading: a long paragraph, an intro to a list, a turn or a list."""
    if isinstance(block, (Question, Answer, BulletList, OrderedList)):
        return True
    if isinstance(block, Div):
        return False
    text = text_of(block)
    return len(text) >= 100 or text.endswith(":") or turn_of(block) is not None


def subheadings(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Short bare lines between full paragraphs (or chapter lines) become level-2 headings."""
    out = list(blocks)
    found: list[str] = []
    for i in range(1, len(blocks) - 1):
        text = plain_of(blocks[i])
        if not text:
            continue
        chapter = bool(_CHAPTER.match(text))
        bare = is_subheading(text) and (not text.endswith("?") or turn_of(blocks[i + 1]) is not None
                                         or isinstance(blocks[i + 1], Question))
        if chapter or (bare and _ends_block(blocks[i - 1]) and _opens_section(blocks[i + 1])):
            out[i] = Heading(2, (Text(text),))
            found.append(text + (" (capitals)" if is_caps(text) else ""))
    return out, found
