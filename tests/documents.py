"""Hand-built Documents for writer tests: a kitchen sink with every node type, and a small interview."""

from __future__ import annotations

from article_convert.ir import (
    Answer,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Document,
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


def p(text: str, lang: str | None = None) -> Paragraph:
    """A one-run paragraph."""
    return Paragraph((Text(text),), lang)


def interview() -> Document:
    """A short Russian interview with a title block, like the seed article."""
    return Document(
        Metadata(
            title="«Якорная роль» Астаны: почему Трамп делает ставку на диалог",
            lead="Казахстан остается в фокусе американской внешней политики.",
            authors=("Редакция Liter.kz",),
            source="Liter.kz",
            language="ru",
            date="2025-12-04",
        ),
        (
            p("Телефонный разговор Касым-Жомарта Токаева и Дональда Трампа стал четким сигналом."),
            Question((p("Насколько в США сегодня воспринимают Казахстан как надежного партнера?"),)),
            Answer(
                (
                    p("В Вашингтоне Казахстан рассматривается как прагматичный и надежный собеседник."),
                    p("Сам этот звонок\u00a0— сигнал о том, что политический диалог продолжается."),
                )
            ),
            Question((p("Какие сферы сотрудничества могут получить реальный импульс?"),)),
            Answer((p("Контакт лидеров может скромно, но верно продвинуть сотрудничество."),)),
        ),
    )


def kitchen_sink() -> Document:
    """Every block and inline type at least once, with Cyrillic of several languages."""
    return Document(
        Metadata(
            title="Кухонная раковина: всё сразу",
            subtitle="Подзаголовок статьи",
            lead="Короткий лид под заголовком, в котором есть ёлки и ₸.",
            authors=("Иван Петров", "Әсел Қасымова"),
            date="2024-03-05",
            source="Тестовое издание",
            language="ru",
            keywords=("тест", "кириллица"),
            extra=(("rights", "CC BY 4.0"),),
        ),
        (
            Heading(1, (Text("Раздел первый"),)),
            Paragraph(
                (
                    Text("Обычный текст, "),
                    Emph((Text("курсив"),)),
                    Text(", "),
                    Strong((Text("полужирный"),)),
                    Text(", "),
                    Strong((Emph((Text("оба сразу"),)),)),
                    Text(", "),
                    Code("код()"),
                    Text(", "),
                    Link((Text("ссылка"),), "https://example.org/путь?a=1&b=2"),
                    Text(", "),
                    Quoted((Text("цитата с "), Quoted((Text("вложенной"),)), Text(" цитатой"))),
                    Text(" и сноска"),
                    Note((p("Текст сноски."),)),
                    Text(". Цена 500\u00a0₸, 100\u00a0₽, 20\u00a0₴, № 5."),
                )
            ),
            Paragraph((Text("Қазақ тілі: ә ғ қ ң ө ұ ү һ і."),), lang="kk"),
            Paragraph(
                (Text("Українська: ґанок, їжак, єнот. "), Span((Text("Беларуская: ўсё"),), "be")),
                lang="uk",
            ),
            Paragraph((Text("Бородино"), LineBreak(), Text("— Скажи-ка, дядя, ведь недаром"), LineBreak(), Text("Москва, спаленная пожаром"))),
            Heading(2, (Text("Интервью"),)),
            Question((p("Первый вопрос?"),), speaker="Корреспондент"),
            Answer((p("Первый ответ."), p("Продолжение ответа.")), speaker="Эксперт"),
            BlockQuote((p("Цитата блоком из другого текста."),), attribution=(Text("Автор цитаты"),)),
            BulletList(((p("пункт один"),), (p("пункт два"), p("второй абзац пункта")))),
            OrderedList(((p("первый"),), (p("второй"),)), start=3),
            Figure(Image("missing.png", "описание"), caption=(Text("Подпись к фото"),), credit=(Text("Фото: ТАСС"),)),
            CodeBlock("def f():\n    return 'код'\n", "python"),
            Paragraph(
                (
                    Styled((Text("подчёркнуто"),), "underline"),
                    Text(" "),
                    Styled((Text("зачёркнуто"),), "strike"),
                    Text(" H"),
                    Styled((Text("2"),), "subscript"),
                    Text("O, м"),
                    Styled((Text("3"),), "superscript"),
                    Text(" "),
                    Styled((Text("капитель"),), "smallcaps"),
                )
            ),
            Table(
                (
                    ((p("Город"),), (p("Население"),)),
                    ((p("Алматы"),), (p("два миллиона"), p("по оценке"))),
                    ((p("Шымкент"),),),
                ),
                header_rows=1,
                caption=(Text("Таблица городов"),),
            ),
            ThematicBreak(),
            Div("sidebar", (p("Врезка внутри контейнера."),)),
            Heading(3, (Text("Конец"),)),
            p("Последний абзац со словом ёжик и буквой Ё."),
        ),
    )
