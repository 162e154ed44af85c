"""Issue 9 items that live in the HTML reader: each a named regression test.

Every test reads a page built here (nothing fetched, nothing copied) and asserts what a reader
of the output would see: the words are there, and whatever was changed was reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from article_convert import pipeline
from article_convert.context import Context, ConvertOptions
from article_convert.errors import StrictModeError
from article_convert.ir import BlockQuote, Document, Figure, OrderedList, Paragraph
from article_convert.ir.text import block_texts, document_texts
from article_convert.plugins import Source
from article_convert.readers.html import HtmlReader

PARAS = [
    "Городская дума утвердила план ремонта набережной, который обсуждали почти два года подряд.",
    "Работы начнутся весной и продлятся до конца осени, сообщили в пресс-службе мэрии города.",
    "Подрядчика выберут на открытом конкурсе, заявки принимают до пятнадцатого февраля включительно.",
    "Жители прибрежных кварталов просили сохранить старые тополя и добавить освещение вдоль берега.",
    "Проект предусматривает новые лестницы к воде, велодорожку и три смотровые площадки у моста.",
]


def body_paras(n: int = 5) -> str:
    return "".join(f"<p>{p}</p>" for p in PARAS[:n])


def read(html: str, ctx: Context | None = None) -> Document:
    return HtmlReader().read(Source(html.encode("utf-8"), Path("page.html")), ctx or Context())


def words(doc: Document) -> str:
    return " ".join(document_texts(doc)).replace("\u00a0", " ")


def page(body: str, head: str = "<title>Набережная</title>") -> str:
    return f"<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_i9_05_embed_does_not_swallow_following_elements() -> None:
    html = page(
        "<article><h1>Набережная</h1><p>Вступление к статье о ремонте.<embed src='clip.swf'></p>"
        + body_paras()
        + "</article>"
    )
    text = words(read(html))
    for p in PARAS:
        assert p in text
    assert "Вступление к статье о ремонте." in text


def test_i9_06_wordpress_entry_header_and_related_quote_kept() -> None:
    html = page(
        "<div class='site'><header class='site-header'><nav><a href='/'>Главная</a> <a href='/n'>Новости</a></nav>"
        "</header><main class='site-main'><article class='post type-post'>"
        "<header class='entry-header'><h1 class='entry-title'>Набережную отремонтируют к осени</h1>"
        "<p class='entry-lead'>Дума утвердила план работ на прибрежных кварталах.</p></header>"
        "<div class='entry-content'>"
        + body_paras(3)
        + "<blockquote class='related-quote'><p>«Мы ждали этого решения много лет», — сказала жительница.</p>"
        "</blockquote>"
        + body_paras(5)[len(body_paras(3)) :]
        + "</div></article></main><footer class='site-footer'>© Городские вести</footer></div>",
        "<title>Набережную отремонтируют к осени | Городские вести</title>"
        "<meta property='og:site_name' content='Городские вести'>"
        "<meta name='description' content='Дума утвердила план работ на прибрежных кварталах.'>",
    )
    doc = read(html)
    assert doc.meta.title == "Набережную отремонтируют к осени"
    assert doc.meta.lead == "Дума утвердила план работ на прибрежных кварталах."
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert quotes and "Мы ждали этого решения много лет" in " ".join(block_texts(quotes))
    assert all(p in words(doc) for p in PARAS)
    assert "Главная" not in words(doc) and "Городские вести" not in " ".join(block_texts(doc.blocks))


@pytest.mark.parametrize(
    "wrapper",
    [
        "<div class='page with-sidebar'>{}</div>",
        "<div class='layout has-sidebar'>{}</div>",
        ("<form method='post' action='./Default.aspx' id='form1'><input type='hidden' name='__VIEWSTATE' "
        "value='dDwtMTA4'>{}</form>"),
    ],
    ids=["with-sidebar", "has-sidebar", "aspnet-form"],
)
def test_i9_06_sidebar_wrapper_and_aspnet_form_give_the_article(wrapper: str) -> None:
    inner = (
        "<div class='content'><h1>Набережная</h1>" + body_paras() + "</div>"
        "<div class='sidebar'><ul><li><a href='/a'>Погода</a></li><li><a href='/b'>Курсы валют</a></li></ul></div>"
    )
    doc = read(page(wrapper.format(inner)))
    assert all(p in words(doc) for p in PARAS)
    assert "Курсы валют" not in words(doc) and "VIEWSTATE" not in words(doc)


def test_i9_07_html_deeper_than_255_levels_keeps_its_text_and_reports() -> None:
    ctx = Context()
    html = page("<div>" * 300 + body_paras(3) + "</div>" * 20 + body_paras(5)[len(body_paras(3)) :])
    doc = read(html, ctx)
    assert all(p in words(doc) for p in PARAS)
    assert ctx.diagnostics.by_code("html-too-deep")


def test_i9_07_html_beyond_the_parser_limit_is_an_error_that_says_why() -> None:
    from article_convert.errors import InvalidInputError

    ctx = Context()
    with pytest.raises(InvalidInputError, match="deeper than the parser's limit"):
        read(page("<div>" * 3000 + body_paras()), ctx)


def test_i9_16_blockquotes_nested_200_deep_are_flattened_not_a_recursion_error(tmp_path: Path) -> None:
    src = tmp_path / "quotes.html"
    src.write_text(
        page("<blockquote>" * 200 + "<p>Цитата из глубины архива.</p>" + "</blockquote>" * 200 + body_paras()),
        encoding="utf-8",
    )
    source = pipeline.load_source(src)
    ctx = pipeline.make_context(source, ConvertOptions())
    doc = pipeline.read_source(source, ctx)
    assert "Цитата из глубины архива." in words(doc)
    assert ctx.diagnostics.by_code("html-too-deep")

    def depth(blocks, d=0) -> int:
        return max([depth(b.blocks, d + 1) if isinstance(b, BlockQuote) else d for b in blocks] or [d])

    assert depth(doc.blocks) <= 17
    for fmt in ("json", "docx", "epub"):  # the writers that recurse into quotes
        writer, _extra = pipeline.writer_for_output(tmp_path / f"q.{fmt}")
        assert pipeline.render(doc, writer, ctx)


@pytest.mark.parametrize(
    ("start", "expected"),
    [("²", 1), ("7" * 5000, 1), ("99999999999", 32767), ("-3", 0), (" 12 ", 12), ("x", 1)],
)
def test_i9_17_ol_start_superscript_and_huge_values(start: str, expected: int) -> None:
    # the shared rule (ir/lists.py): ASCII digits only, within Word's 0..32767, else reported
    ctx = Context()
    doc = read(f"<ol start='{start}'><li>первый пункт</li><li>второй пункт</li></ol>", ctx)
    lists = [b for b in doc.blocks if isinstance(b, OrderedList)]
    assert lists and lists[0].start == expected
    reported = ctx.diagnostics.by_code("list-start-invalid") + ctx.diagnostics.by_code("list-start-clamped")
    assert bool(reported) == (start.strip() != str(expected))


def test_i9_27_doctype_internal_subset_does_not_leak_into_the_text() -> None:
    ctx = Context()
    html = (
        "<!DOCTYPE html [\n<!ENTITY brand 'ООО Ромашка'>\n<!ENTITY % p SYSTEM 'file:///etc/passwd'>\n]>"
        "<html><head><title>Набережная</title></head><body><article>" + body_paras() + "</article></body></html>"
    )
    doc = read(html, ctx)
    text = words(doc)
    assert "]>" not in text and "ENTITY" not in text and "root:" not in text
    assert all(p in text for p in PARAS)
    assert ctx.diagnostics.by_code("html-doctype-subset")


def test_hidden_elements_and_alt_text_are_not_article_text() -> None:
    ctx = Context()
    html = page(
        "<article><h1>Набережная</h1>" + body_paras() + "<div style='display: none'>Скрытый рекламный текст</div>"
        "<p aria-hidden='true'>Для роботов</p><figure><img src='img/x.jpg' alt='IMG_0042.jpg'></figure></article>"
    )
    doc = read(html, ctx)
    assert "Скрытый" not in words(doc) and "роботов" not in words(doc) and "IMG_0042" not in words(doc)
    assert ctx.diagnostics.by_code("html-hidden-dropped")
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert not figures or figures[0].image.alt == "IMG_0042.jpg"
    assert all(isinstance(b, Paragraph | Figure) for b in doc.blocks)


def test_declared_language_checked_against_the_text() -> None:
    ctx = Context()
    doc = read(page("<article>" + body_paras() + "</article>").replace("lang='ru'", "lang='en'"), ctx)
    assert doc.meta.language == "ru" and ctx.diagnostics.by_code("html-lang-mismatch")
    ctx = Context()
    doc = read(page("<article>" + body_paras() + "</article>").replace("lang='ru'", "lang='uk'"), ctx)
    assert doc.meta.language == "uk" and not ctx.diagnostics.by_code("html-lang-mismatch")  # same script: trusted


def test_long_hidden_text_is_dropped_with_a_warning_not_silently() -> None:
    ctx = Context()
    hidden = " ".join(PARAS)  # ~60 words: a collapsed "read more" part, say
    doc = read(page("<article>" + body_paras(2) + f"<div class='more' style='display:none'><p>{hidden}</p></div></article>"), ctx)
    assert PARAS[4] not in words(doc)
    (warning,) = [d for d in ctx.diagnostics.by_code("html-hidden-dropped")]
    assert warning.severity == "warning" and "word(s) of hidden elements" in warning.message


def test_i9_page_of_many_tiny_elements_skips_the_extractors_and_keeps_every_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of very many elements (200,000 ``<b>ж</b>`` took readability and trafilatura past 1 GB)
    is taken from its container without them, with a warning, and loses nothing."""
    import article_convert.readers.html as html_reader
    from article_convert.readers.html import choose

    def must_not_run(page: str) -> None:
        raise AssertionError("an extractor ran on a page over the element budget")

    monkeypatch.setattr(html_reader, "EXTRACTOR_ELEMENT_BUDGET", 100)
    monkeypatch.setattr(choose, "readability_candidate", must_not_run)
    monkeypatch.setattr(choose, "trafilatura_candidate", must_not_run)
    flood = " ".join(f"<b>слово{i}</b>" for i in range(150))
    ctx = Context(ConvertOptions())
    doc = read(f"<html><body><article><h1>Заголовок</h1><p>{flood}</p></article></body></html>", ctx)
    text = words(doc)
    assert all(f"слово{i}" in text for i in range(150))
    assert [d.code for d in ctx.diagnostics.warnings()] == ["html-too-many-elements"]


def test_i9_page_under_the_element_budget_still_uses_the_extractors(monkeypatch: pytest.MonkeyPatch) -> None:
    import article_convert.readers.html as html_reader

    assert html_reader.EXTRACTOR_ELEMENT_BUDGET >= 50_000  # real pages (≤ ~10,000 in the Readability set) never hit it
    ctx = Context(ConvertOptions())
    read(f"<html><body><article><h1>Заголовок</h1>{body_paras()}</article></body></html>", ctx)
    assert not ctx.diagnostics.by_code("html-too-many-elements")
    assert ctx.diagnostics.by_code("html-extractor")


def test_i9_06_aspnet_form_keeps_its_headings_when_the_title_differs() -> None:
    """Regression (issue 9 item 6, found by the s3 audit): readability drops a <form> whole, so the
    page went to trafilatura, which left out the <h1> and every <h2>: the headline and subheadings
    of an ASP.NET page were lost without a word."""
    html = page(
        "<form method='post' action='./Default.aspx' id='form1'><input type='hidden' name='__VIEWSTATE' value='x'>"
        "<h1>Ремонт набережной начнётся весной</h1>" + body_paras(3) + "<h2>Что изменится у моста</h2>"
        + body_paras(5)[len(body_paras(3)):] + "</form>",
        head="<title>Новости города — Портал</title>",
    )
    doc = read(html)
    text = words(doc) + " " + doc.meta.title
    assert "Ремонт набережной начнётся весной" in text and "Что изменится у моста" in text
    assert all(p in text for p in PARAS)


@pytest.mark.parametrize(
    ("element", "fallback"),
    [
        ("<video src='clip.mp4'>Ваш браузер не показывает видео о набережной.</video>", "Ваш браузер не показывает"),
        ("<object data='map.swf'>Карта набережной с новыми лестницами.</object>", "Карта набережной"),
        ("<iframe src='https://video.example/embed/1' title='Видео'></iframe>", ""),
        ("<svg viewBox='0 0 10 10'><title>стрелка</title><text>Рост бюджета за три года</text></svg>", "Рост бюджета"),
        ("<noscript>Включите JavaScript, чтобы увидеть опрос читателей.</noscript>", "Включите JavaScript"),
    ],
    ids=["video", "object", "iframe", "svg-chart", "noscript"],
)
def test_i9_05_media_removed_from_the_article_is_a_warning(element: str, fallback: str, tmp_path: Path) -> None:
    """Regression (issue 9 "Done means", s3 audit): <video>, <object>, <iframe>, an <svg> chart and
    <noscript> text in the article went with only an info line; --strict passed."""
    src = tmp_path / "media.html"
    src.write_text(page("<article><h1>Набережная</h1>" + body_paras(2) + element + body_paras(5)[len(body_paras(2)):]
                        + "</article>"), encoding="utf-8")
    source = pipeline.load_source(src)
    ctx = pipeline.make_context(source, ConvertOptions())
    doc = pipeline.read_source(source, ctx)
    assert all(p in words(doc) for p in PARAS)
    [warning] = ctx.diagnostics.by_code("html-unsupported-dropped")
    tag = element[1:].replace(">", " ").split()[0]
    assert warning.severity == "warning" and f"<{tag}>" in warning.message
    assert fallback in warning.message
    strict = pipeline.make_context(source, ConvertOptions(strict=True))
    with pytest.raises(StrictModeError, match="html-unsupported-dropped"):
        pipeline.read_source(source, strict)


def test_i9_05_icons_and_page_chrome_media_stay_info() -> None:
    """An <svg> icon (only a <title>) in the article, and an ad <iframe> on a page without an
    <article> element, are not the article's text: info, so --strict still passes."""
    ctx = Context()
    read(page("<article><h1>Набережная</h1><a href='/s'><svg><title>поделиться в сети</title></svg></a>"
              + body_paras() + "</article>"), ctx)
    read(page("<div><h1>Набережная</h1>" + body_paras() + "<iframe src='https://ads.example/x'></iframe></div>"), ctx)
    assert not ctx.diagnostics.by_code("html-unsupported-dropped")
    assert ctx.diagnostics.by_code("html-active-dropped")


def _table_page() -> str:
    rows = "".join(f"<tr><td>Участок {i}</td><td>Подрядчик номер {i} укрепит берег и построит спуск к воде</td>"
                   f"<td>{i * 10} млн рублей</td></tr>" for i in range(1, 9))
    return page(f"<article><h1>Набережная</h1>{body_paras()}<table>{rows}</table>"
                "<footer>Поделиться</footer></article>")


def test_i9_html_article_text_the_extractor_leaves_out_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression ("zero silent losses", s3 audit): readability and trafilatura cut parts of a
    page's own <article> (a table, a section, a <footer>) and nothing said so. Now a large cut
    (EXTRACTION_WARN_WORDS and EXTRACTION_WARN_SHARE of the article) is a warning, a small one
    (a share button) info."""
    from lxml import html as lxml_html

    from article_convert.readers.html import choose

    def first_paragraphs(page_text: str):  # type: ignore[no-untyped-def]
        """A readability that keeps the paragraphs and drops the table (as it does on some pages)."""
        return lxml_html.fromstring("<div>" + body_paras() + "</div>")

    monkeypatch.setattr(choose, "readability_candidate", first_paragraphs)
    monkeypatch.setattr(choose, "trafilatura_candidate", lambda page_text: None)
    ctx = Context()
    read(_table_page(), ctx)
    [found] = ctx.diagnostics.by_code("html-article-text-dropped")
    assert found.severity == "warning"
    assert "«Участок 1 Подрядчик номер 1 укрепит берег" in found.message  # the first row left out, as a reader sees it

    small = Context()
    read(page(f"<article><h1>Набережная</h1>{body_paras()}<footer>Поделиться в сетях</footer></article>"), small)
    [note] = small.diagnostics.by_code("html-article-text-dropped")
    assert note.severity == "info" and "«Поделиться в сетях»" in note.message


def test_i9_html_whole_article_taken_reports_nothing() -> None:
    ctx = Context()
    read(page(f"<article><h1>Набережная</h1>{body_paras()}</article>"), ctx)
    assert not ctx.diagnostics.by_code("html-article-text-dropped")


def test_i9_trafilatura_is_not_run_on_a_page_over_its_element_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a 2 MB page of 99,000 one-word paragraphs took 53 s to read, 40 s of it in
    trafilatura, whose cost grows faster than the page. Over TRAFILATURA_ELEMENT_BUDGET only
    readability runs (linear); the article is still taken whole and the report says why."""
    import article_convert.readers.html as reader
    from article_convert.readers.html import choose

    calls: list[int] = []
    real = choose.trafilatura_candidate

    def counting(page_html: str) -> object:
        calls.append(len(page_html))
        return real(page_html)

    monkeypatch.setattr(choose, "trafilatura_candidate", counting)
    words_in = [f"слово{i}" for i in range(400)]
    html = page("<article><h1>Набережная</h1>" + "".join(f"<p>{w}</p>" for w in words_in) + body_paras() + "</article>")
    read(html)
    assert len(calls) == 1  # under the budget: both extractors run
    monkeypatch.setattr(reader, "TRAFILATURA_ELEMENT_BUDGET", 300)
    ctx = Context()
    doc = read(html, ctx)
    assert len(calls) == 1  # over it: trafilatura is not asked
    text = words(doc)
    assert all(w in text for w in words_in) and PARAS[4] in text
    [note] = ctx.diagnostics.by_code("html-extractor")
    assert "trafilatura not run" in note.message and "over 300" in note.message


def test_i9_json_ld_nested_past_the_recursion_limit_is_skipped_not_a_traceback() -> None:
    """A JSON-LD block of 100,000 nested arrays made json.loads raise RecursionError, which the
    reader did not catch: the whole conversion ended in a traceback."""
    depth = 100_000
    page = (f'<html><head><title>Набережная</title><script type="application/ld+json">{"[" * depth}{"]" * depth}'
            f'</script></head><body><article><h1>Набережная</h1>{body_paras()}</article></body></html>')
    doc = read(page)
    assert all(p.replace("\u00a0", " ") in words(doc) for p in PARAS)


def test_i9_json_ld_author_nested_deeply_gives_no_recursion_error() -> None:
    nested = "[" * 900 + '"Анна Петрова"' + "]" * 900
    page = (f'<html><head><title>Набережная</title><script type="application/ld+json">{{"@type": "NewsArticle", '
            f'"headline": "Набережная", "author": {nested}}}</script></head><body><article><h1>Набережная</h1>'
            f"{body_paras()}</article></body></html>")
    doc = read(page)
    assert "Набережная" in doc.meta.title


def test_double_escaped_metadata_is_decoded_once() -> None:
    """Many CMSs write JSON-LD and <meta> content from already-escaped HTML: ``Privacy &amp;amp;
    Technology`` must read as ``Privacy & Technology``, not print ``&amp;`` in every format."""
    page = ('<html><head><title>Набережная</title>'
            '<meta name="description" content="План &amp;quot;Набережная&amp;quot; утверждён">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Набережная",'
            ' "keywords": "Город \\u0026amp; люди, Ремонт", "author": {"name": "Анна &amp; Олег"}}</script>'
            f"</head><body><article><h1>Набережная</h1>{body_paras()}</article></body></html>")
    doc = read(page)
    assert doc.meta.keywords == ("Город & люди", "Ремонт")
    assert doc.meta.authors == ("Анна & Олег",)
    assert doc.meta.extra_value("description") == 'План "Набережная" утверждён'
