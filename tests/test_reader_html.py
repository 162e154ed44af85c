"""The HTML reader: extraction, structure, metadata, charsets and security.

The article is chosen between readability-lxml and trafilatura by their agreement
(``readers/html/choose.py``); how well that does on ~130 real pages is measured by
``benchmarks/extraction.py`` and held by ``test_extraction_floors.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_files, require_corpus

from article_convert.context import Context
from article_convert.ir import (
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Emph,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
    ThematicBreak,
)
from article_convert.ir.text import block_texts, document_texts
from article_convert.plugins import Source
from article_convert.readers.html import HtmlReader

FIXTURES = Path(__file__).parent / "fixtures"


def read_html(data: str | bytes, ctx: Context | None = None, name: str = "page.html"):
    raw = data.encode() if isinstance(data, str) else data
    return HtmlReader().read(Source(raw, Path(name)), ctx or Context())


def page(body: str, head: str = "", lang: str = "ru") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_plugin_attributes() -> None:
    assert HtmlReader.name == "html"
    assert HtmlReader.extensions == (".html", ".htm", ".xhtml")


def test_structure_maps_onto_ir() -> None:
    # a fragment (no page frame) is taken whole, so this checks the mapping, not the extraction
    doc = read_html(
        
            "<article><h2>Раздел</h2><p><em>курсив</em>, <i>и</i> <strong>жирный</strong> <b>тоже</b> "
            "<a href='https://example.org' title='t'>ссылка</a> <code>x=1</code><br>строка</p>"
            "<blockquote><p>Цитата</p></blockquote><ul><li>один</li><li>два</li></ul>"
            "<ol start='5'><li>пять</li></ol><hr><pre>  код\n  ещё</pre>"
            "<figure><img src='img/a.jpg' alt='Мост'><figcaption>Мост через <i>реку</i></figcaption></figure>"
            "</article>"
        
    )
    b = doc.blocks
    assert b[0] == Heading(2, (Text("Раздел"),))
    assert b[1] == Paragraph(
        (
            Emph((Text("курсив"),)),
            Text(", "),
            Emph((Text("и"),)),
            Text(" "),
            Strong((Text("жирный"),)),
            Text(" "),
            Strong((Text("тоже"),)),
            Text(" "),
            Link((Text("ссылка"),), "https://example.org", "t"),
            Text(" "),
            Code("x=1"),
            LineBreak(),
            Text("строка"),
        )
    )
    assert b[2] == BlockQuote((Paragraph((Text("Цитата"),)),))
    assert b[3] == BulletList(((Paragraph((Text("один"),)),), (Paragraph((Text("два"),)),)))
    assert b[4] == OrderedList(((Paragraph((Text("пять"),)),),), 5)
    assert b[5] == ThematicBreak()
    assert b[6] == CodeBlock("  код\n  ещё")
    assert b[7] == Figure(Image("img/a.jpg", "Мост"), (Text("Мост через "), Emph((Text("реку"),))))


def test_metadata_from_json_ld_og_and_lang() -> None:
    head = (
        "<title>Заголовок | Сайт</title><meta property='og:site_name' content='Сайт'>"
        "<meta name='keywords' content='газ, транзит'>"
        '<script type=\'application/ld+json\'>{"@context":"https://schema.org","@graph":[{"@type":'
        '"NewsArticle","headline":"Заголовок из JSON-LD","author":[{"@type":"Person","name":'
        '"Әсел Қасымова"}],"datePublished":"2025-12-04T10:00:00+05:00","description":"Лид.",'
        '"inLanguage":"kk-KZ"}]}</script>'
    )
    doc = read_html(page("<main><p>Лид.</p><p>Текст статьи достаточно длинный.</p></main>", head, lang="ru"))
    m = doc.meta
    assert (m.title, m.authors, m.date, m.lead, m.language, m.source) == (
        "Заголовок из JSON-LD",
        ("Әсел Қасымова",),
        "2025-12-04",
        "Лид.",
        "kk-KZ",
        "Сайт",
    )
    assert m.keywords == ("газ", "транзит")


def test_title_from_page_title_without_suffix_and_h1_removed() -> None:
    doc = read_html(
        page(
            "<article><h1>Настоящий заголовок</h1><p>Текст.</p></article>",
            "<title>Настоящий заголовок | Новости</title><meta property='og:site_name' content='Новости'>",
        )
    )
    assert doc.meta.title == "Настоящий заголовок"
    assert doc.blocks == (Paragraph((Text("Текст."),)),)


def test_declared_charset_honoured() -> None:
    body = "<p>Съешь же ещё этих мягких французских булок.</p>"
    raw = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=koi8-r'></head><body>{body}</body></html>"
    ctx = Context()
    doc = read_html(raw.encode("koi8-r"), ctx)
    assert document_texts(doc)[-1] == "Съешь же ещё этих мягких французских булок."
    assert any("koi8-r" in d.message for d in ctx.diagnostics.by_code("encoding"))


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    raw = (
        "<html><head><meta charset='utf-8'></head><body><p>Привет, как дела у тебя сегодня?</p></body></html>"
    )
    ctx = Context()
    doc = read_html(raw.encode("cp1251"), ctx)
    assert document_texts(doc)[-1] == "Привет, как дела у тебя сегодня?"
    assert ctx.diagnostics.by_code("charset-mismatch")


def test_xml_prolog_charset_and_no_entity_expansion(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    raw = (
        f"<?xml version='1.0' encoding='windows-1251'?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM 'file://{secret}'>]>"
        "<html xmlns='http://www.w3.org/1999/xhtml' xml:lang='bg'><head><title>Т</title></head>"
        "<body><p>Здравей &xxe; свят, това е текст.</p></body></html>"
    ).encode("cp1251")
    doc = read_html(raw, name="page.xhtml")
    assert "TOPSECRET" not in " ".join(document_texts(doc))
    assert any("Здравей" in t for t in document_texts(doc))


def test_active_content_and_script_links_dropped() -> None:
    ctx = Context()
    doc = read_html(
        page(
            "<article><p>Текст <a href='javascript:alert(1)'>клик</a> <a href=' JavaScript:void(0)'>два</a></p>"
            "<script>document.write('ВРЕД')</script><style>p{color:red}</style><iframe src='x'>РАМКА</iframe>"
            "<form><input value='ПОЛЕ'><textarea>ФОРМА</textarea></form><p>Конец.</p></article>"
        ),
        ctx,
    )
    texts = " ".join(document_texts(doc))
    for junk in ("ВРЕД", "color", "РАМКА", "ФОРМА", "ПОЛЕ"):
        assert junk not in texts
    assert doc.blocks[0] == Paragraph((Text("Текст клик два"),))
    assert len(ctx.diagnostics.by_code("link-dropped")) == 2


@pytest.mark.parametrize(
    "src", ["/etc/passwd", "../../x.png", "https://cdn.example/x.jpg", "data:image/png;base64,AA"]
)
def test_unsafe_images_refused_with_diagnostic(src: str) -> None:
    ctx = Context()
    doc = read_html(
        page(
            f"<article><figure><img src='{src}'><figcaption>Подпись</figcaption></figure>"
            "<p>Текст.</p></article>"
        ),
        ctx,
    )
    assert doc.blocks[0] == Paragraph((Text("Подпись"),))
    assert ctx.diagnostics.by_code("image-refused")


def test_seed_page_extraction_drops_chrome_and_keeps_article() -> None:
    doc = read_html((FIXTURES / "seed.html").read_bytes(), name="seed.html")
    texts = " ".join(document_texts(doc))
    for junk in ("Политика", "Поиск", "парк развлечений", "Гость", "Все права защищены", "Наверх"):
        assert junk not in texts
    seed = [
        ln
        for ln in (Path(__file__).parents[1] / "seeds/000_43c9a9ce68f258d4.txt").read_text().splitlines()
        if ln
    ]
    assert Counter(re.findall(r"\w+", texts)) >= Counter(re.findall(r"\w+", " ".join(seed[3:-1])))


def test_page_without_article_element_uses_readability() -> None:
    body = "".join(
        f"<p>Абзац номер {i}: довольно длинный текст статьи, чтобы выделитель его нашёл, "
        f"с запятыми, точками и прочим.</p>"
        for i in range(8)
    )
    html = page(
        f"<div id='menu'><a href='/'>Главная</a> <a href='/x'>Разделы</a></div><div class='content'>{body}</div>"
        "<div class='sidebar'><p>Реклама и прочее</p></div>"
    )
    doc = read_html(html)
    texts = list(block_texts(doc.blocks))
    assert len(texts) == 8 and texts[0].startswith("Абзац номер 0")
    assert doc.meta.title == "page"  # a page without any title is named by its file, not by its first paragraph


def _visible_words(html: str) -> Counter[str]:
    from lxml import html as lh

    root = lh.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    for el in root.xpath("//script|//style|//*[contains(@class,'editsection')]"):
        el.drop_tree()
    return Counter(
        w for w in re.findall(r"[^\W\d_]{3,}", root.text_content().lower()) if re.search("[а-яё]", w)
    )


@pytest.mark.parametrize("path", corpus_files(".html"), ids=lambda p: p.name)
def test_corpus_pages_keep_their_text(path: Path) -> None:
    require_corpus()
    doc = read_html(path.read_bytes(), name=path.name)
    got = Counter(re.findall(r"[^\W\d_]{3,}", " ".join(document_texts(doc)).lower()))
    missing = _visible_words(path.read_text(encoding="utf-8")) - got
    assert sum(missing.values()) <= 2, f"lost words: {list(missing)[:10]}"


def test_wikipedia_fragment_keeps_headings() -> None:
    require_corpus()
    doc = read_html((CORPUS / "html/ru-wikipedia-roti-buaya-yoast.html").read_bytes())
    headings = [document_texts(type(doc)(doc.meta, (b,)))[-1] for b in doc.blocks if isinstance(b, Heading)]
    assert any("Изготовление" in h for h in headings)
    assert "править" not in " ".join(document_texts(doc))
