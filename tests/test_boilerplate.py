"""Boilerplate recognition never drops body text: single recommendation lines, and a tail only
where everything after the cut is boilerplate (issue 10, issue 9 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textutil import assert_words_in_order, norm_words

from article_convert.context import ConvertOptions
from article_convert.ir import Div, Paragraph, Text, block_texts, document_texts
from article_convert.pipeline import load_source, make_context, read_source
from article_convert.recognition import boilerplate_kind, find_boilerplate

PROSE = ("Жителей прибрежных территорий просят заранее перенести ценные вещи на верхние этажи и не выходить "
         "на лёд. Телефон горячей линии регионального управления работает круглосуточно, сообщили в ведомстве.")


def _article(tmp_path: Path, *paras: str) -> Path:
    f = tmp_path / "a.txt"
    body = ["Заголовок статьи о половодье", *paras]
    f.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return f


def _read(path: Path, **opts: object):  # type: ignore[no-untyped-def]
    src = load_source(path)
    ctx = make_context(src, ConvertOptions(**{"typography": False, **opts}))  # type: ignore[arg-type]
    return read_source(src, ctx), ctx


@pytest.mark.parametrize("line", [
    "Читайте также: В Подмосковье начали готовить мосты к ледоходу",
    "Читайте також: Київ отримає 40 нових електробусів до кінця року",
    "Сондай-ақ оқыңыз: Шымкентте халықаралық кітап жәрмеңкесі басталды",
    "Чытайце таксама: У Мінску адкрылася выстава беларускага ручніка",
])
def test_issue10_mid_body_read_also_removes_only_its_own_line(tmp_path: Path, line: str) -> None:
    """Regression (issue 10): a recommendation inside the last eight paragraphs cut the rest of the body."""
    paras = [PROSE, line, PROSE.replace("Жителей", "Гостей"), PROSE.replace("Жителей", "Рыбаков")]
    doc, ctx = _read(_article(tmp_path, *paras))
    body = list(block_texts(doc.blocks))
    assert line not in body
    assert any(t.startswith("Гостей") for t in body) and any(t.startswith("Рыбаков") for t in body)
    dropped = ctx.diagnostics.by_code("boilerplate-dropped")
    assert dropped and line in dropped[0].message and "1 boilerplate block(s)" in dropped[0].message
    assert dropped[0].severity == "warning" and "--keep-boilerplate" in dropped[0].message


@pytest.mark.parametrize("line", ["Фото: Артём Щеглов", "Комментарии", "Популярное", "Поделиться", "Реклама"])
def test_issue9_item4_candidate_followed_by_prose_is_not_a_tail(tmp_path: Path, line: str) -> None:
    """Regression (issue 9 item 4): these lines among the last blocks dropped the paragraphs after them."""
    tail_prose = "Вечером, когда последний рейс сделан, Фомич сидит на лавке у будки и смотрит на воду. Колокол молчит."
    doc, _ = _read(_article(tmp_path, PROSE, PROSE, line, tail_prose, tail_prose.replace("Вечером", "Утром")))
    got = norm_words("\n".join(document_texts(doc)))
    assert_words_in_order(norm_words(tail_prose + " " + tail_prose.replace("Вечером", "Утром")), got, line)
    assert "Утром" in got


def test_closing_tail_of_tags_share_and_related_list_is_cut(tmp_path: Path) -> None:
    tail = ["Теги: Кировская область, Вятка, переправы", "Похожие новости",
            "В Кирове открыли новый мост через Вятку", "Паромщики Удмуртии получат новые катера",
            "Поделиться: ВКонтакте · Telegram", "© 2026 Вятский край. Все права защищены"]
    doc, _ = _read(_article(tmp_path, PROSE, PROSE, *tail))
    body = list(block_texts(doc.blocks))
    assert not set(tail) & set(body)
    assert body[-1] == PROSE
    kept, _ = _read(_article(tmp_path, PROSE, PROSE, *tail), keep_boilerplate=True)
    divs = [b for b in kept.blocks if isinstance(b, Div) and b.role == "boilerplate"]
    assert [t for d in divs for t in block_texts(d.blocks)] == tail


def test_short_body_line_after_a_candidate_keeps_the_candidate(tmp_path: Path) -> None:
    """A short non-headline line below «Теги: …» is body, so «Теги» is not the start of a tail."""
    doc, _ = _read(_article(tmp_path, PROSE, "Теги: половодье", "Конец.", "Подписывайтесь на наш Telegram-канал"))
    body = list(block_texts(doc.blocks))
    assert "Конец." in body and "Теги: половодье" in body
    assert "Подписывайтесь на наш Telegram-канал" not in body


def test_reprint_notice_mid_body_stays_body(tmp_path: Path) -> None:
    """Only error-report calls go as single lines; a "legal" phrase in the body is body text."""
    line = "Использование материалов из переработанного пластика выросло вдвое."
    doc, _ = _read(_article(tmp_path, PROSE, line, PROSE, line))
    assert list(block_texts(doc.blocks)).count(line) == 2  # in the middle and as the last line


def test_keep_boilerplate_keeps_single_lines_in_place(tmp_path: Path) -> None:
    line = "Читайте также: В Подмосковье начали готовить мосты к ледоходу"
    doc, ctx = _read(_article(tmp_path, PROSE, line, PROSE), keep_boilerplate=True)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[-2] == "Div" and list(block_texts(doc.blocks[-2:-1])) == [line]
    assert ctx.diagnostics.by_code("boilerplate-kept")


def test_every_removal_is_an_explain_decision(tmp_path: Path) -> None:
    line = "Читайте также: В Подмосковье начали готовить мосты к ледоходу"
    _, ctx = _read(_article(tmp_path, PROSE, line, PROSE, "Подписывайтесь на наш Telegram-канал"))
    decisions = [d.message for d in ctx.diagnostics.by_code("recognised") if d.message.startswith("boilerplate")]
    assert len(decisions) == 2 and line in decisions[0]


@pytest.mark.parametrize("text, kind", [
    ("Жаңалықтарға жазылыңыз", "subscribe"), ("Тагови: виолина, занат", "tags"),
    ("© 2026 Liter.kz. Все права защищены", "copyright"), ("Новости партнеров", "related"),
    ("Моро дар Telegram пайгирӣ намоед", "subscribe"), ("Мы в Telegram", "follow"), ("Последвайте ни във Facebook", "subscribe"),
    ("Фото: Артём Щеглов", None), ("Колокол молчит.", None),
    ("Моро дар фурудгоҳ дӯстони деринаамон бо гул пешвоз гирифтанд.", None),
    ("Абонирайте се за бюлетина", "subscribe"), ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter", "notice"),
    ("Использование материалов из переработанного пластика выросло вдвое.", None),
    ("При использовании материалов ссылка на сайт обязательна", "legal"),
    ("Подели колач са комшијом.", None), ("Подели", "share"), ("По теме доклада высказались пять экспертов.", None),
    ("Читайте также В Подмосковье начали готовить мосты", "read-also"), ("Читайте также:", "read-also-heading"), ("Слідкуйте за новинами", "subscribe"),
    (("Подписывайтесь на обновления, советует эксперт, и не пропустите ни одного важного сообщения от "
      "службы спасения, которая работает круглосуточно и без выходных во всех районах области."), None),
])
def test_boilerplate_kinds(text: str, kind: str | None) -> None:
    assert boilerplate_kind(text) == kind


def test_find_boilerplate_passes_over_transparent_blocks() -> None:
    blocks = [Paragraph((Text(PROSE),)), Paragraph((Text("Теги: мед"),)), Div("credit", ()),
              Paragraph((Text("Поделиться"),))]
    assert set(find_boilerplate(blocks, transparent=lambda b: isinstance(b, Div))) == {1, 3}


def test_a_long_removed_line_is_a_warning_strict_fails(tmp_path: Path) -> None:
    """No removal of anything prose-like is silent: a 25-word line is a warning, an error with --strict."""
    from article_convert.errors import StrictModeError

    headline = " ".join(["слово"] * 26)
    path = _article(tmp_path, PROSE, "Читайте также: " + headline, PROSE)
    _, ctx = _read(path)
    assert ctx.diagnostics.by_code("boilerplate-prose")
    with pytest.raises(StrictModeError):
        _read(path, strict=True)
    short = _article(tmp_path, PROSE, "Читайте также: Короткий заголовок новости", PROSE)
    _, ctx = _read(short)
    assert not ctx.diagnostics.by_code("boilerplate-prose")
    assert [d.severity for d in ctx.diagnostics.by_code("boilerplate-dropped")] == ["warning"]
    with pytest.raises(StrictModeError):  # every removal is a warning (issue 9), short lines too
        _read(short, strict=True)
    _, ctx = _read(short, strict=True, keep_boilerplate=True)  # nothing removed: strict passes
    assert [d.severity for d in ctx.diagnostics.by_code("boilerplate-kept")] == ["info"]
