"""Documents for tests that must cover every node type: one node of each, and (in the Hypothesis
test) generated nested Documents."""

from __future__ import annotations

from article_convert.ir import (
    Answer,
    Article,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Question,
    Quoted,
    Span,
    Strong,
    Styled,
    Table,
    Text,
    ThematicBreak,
)
from article_convert.ir.walk import Node


def one_of_each() -> list[Node]:
    """One node of every inline and block class, each holding a little content."""
    t = Text(" слово ")
    p = Paragraph((t,))
    return [
        t, Emph((t,)), Strong((t,)), Code("код"), Link((t,), "https://example.kz/"), Quoted((t,)),
        Span((t,), "kk"), LineBreak(), Note((p,)), Image("нет.png", "картинка"), Styled((t,), "underline"),
        p, Heading(2, (t,)), BlockQuote((p,), (t,)), Question((p,), "Вопрос"), Answer((p,)),
        BulletList(((p,),)), OrderedList(((p,),), 3), Figure(Image("нет.png"), (t,), (t,)),
        CodeBlock("код\n"), ThematicBreak(), Div("sidebar", (p,)), Article(Metadata(title="Т"), (p,)),
        Table((((p,), (p,)),), 1, (t,)),
    ]
