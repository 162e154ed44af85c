"""Photo captions and credits that stand without their image (text copied from a web page).

"Фото: Артём Щеглов", "Сурет: облыс әкімдігі", "Снимка: Столична община", "Фота аўтара" are
credits; "Пасічник оглядає рамку з медом. Фото: Поліна Кравченко" is a caption with its credit.
They become ``Div("credit")`` / ``Div("caption")`` blocks: set apart as captions by every writer,
neither body text nor dropped.
"""

from __future__ import annotations

import functools
import re

from ..languages import merged

MAX_CREDIT = 100
MAX_CAPTION = 260


@functools.cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in merged("photo_labels"))
    by_author = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in merged("photo_by_author"))
    credit = re.compile(rf"^(?:(?:{labels})\s*:\s*\S.*|(?:{by_author})\.?)$", re.IGNORECASE)
    caption = re.compile(rf"^(?P<caption>.+?[.!?…»])\s+[(\[]?(?P<credit>(?:{labels})\s*:\s*[^()\[\]]+)[)\]]?\.?$",
                         re.IGNORECASE)
    bracketed = re.compile(rf"^(?P<caption>.+?)\s+[(\[](?P<credit>(?:{labels})\s*:\s*[^()\[\]]+)[)\]]\.?$",
                           re.IGNORECASE)
    return credit, caption, bracketed


def caption_kind(text: str) -> str | None:
    """``credit`` for a credit line, ``caption`` for a caption ending with its credit, else None."""
    text = text.strip()
    credit, caption, bracketed = _regexes()
    if len(text) <= MAX_CREDIT and credit.match(text):
        return "credit"
    if len(text) <= MAX_CAPTION and (caption.match(text) or bracketed.match(text)):
        m = caption.match(text) or bracketed.match(text)
        assert m is not None
        if len(m.group("credit")) <= MAX_CREDIT and len(m.group("caption").split()) >= 2:
            return "caption"
    return None
