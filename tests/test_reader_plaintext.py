"""The plain-text reader + article-parts transform on the seed, on shaped fixtures and on the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, corpus_files
from textutil import assert_document_keeps, assert_words_in_order, norm_words

from article_convert.context import ConvertOptions
from article_convert.ir import Answer, Heading, LineBreak, Paragraph, Question, document_texts, inline_text
from article_convert.pipeline import load_source, make_context, read_document, read_source

RAW_OPTS = ConvertOptions(typography=False)


def read(path: Path | str, **opts: object):
    return read_document(path, ConvertOptions(**{"typography": False, **opts}))  # type: ignore[arg-type]


def test_seed_title_lead_byline() -> None:
    doc = read(SEED)
    assert doc.meta.title == (
        '"Якорная роль" Астаны: В Вашингтоне объяснили, почему Трамп делает ставку на диалог с Токаевым'
    )
    assert doc.meta.lead == "Казахстан остается в фокусе американской внешней политики."
    assert doc.meta.authors == ("Редакция Liter.kz",)
    assert doc.meta.source == "Liter.kz"
    assert doc.meta.language == "ru"
    body = document_texts(doc)
    assert "Редакция Liter.kz" not in body[4:], "the byline must not stay in the body"


def test_seed_interview_has_six_questions_and_six_answers() -> None:
    doc = read(SEED)
    questions = [b for b in doc.blocks if isinstance(b, Question)]
    answers = [b for b in doc.blocks if isinstance(b, Answer)]
    assert len(questions) == 6 and len(answers) == 6
    kinds = [type(b).__name__ for b in doc.blocks if isinstance(b, (Question, Answer))]
    assert kinds == ["Question", "Answer"] * 6
    first_q = inline_text(questions[0].blocks[0].inlines)  # type: ignore[union-attr]
    assert first_q.startswith("Сам факт обсуждения войны"), "the turn dash is stripped"
    # undashed paragraphs after an answer continue it
    assert [len(a.blocks) for a in answers] == [2, 3, 2, 2, 2, 2]
    assert inline_text(questions[-1].blocks[0].inlines).endswith("реальные деньги и проекты?")  # type: ignore[union-attr]


def test_seed_keeps_every_word_but_the_boilerplate() -> None:
    doc = read(SEED)
    source_words = norm_words(SEED.read_text(encoding="utf-8"))
    assert source_words[-2:] == ["Новости", "партнеров"]
    got = norm_words("\n".join(document_texts(doc)))
    assert_words_in_order(source_words[:-2], got, "seed")
    assert "партнеров" not in got


def test_boilerplate_dropped_and_reported_or_kept() -> None:
    src = load_source(SEED)
    ctx = make_context(src, RAW_OPTS)
    doc = read_source(src, ctx)
    dropped = ctx.diagnostics.by_code("boilerplate-dropped")
    assert dropped and "Новости партнеров" in dropped[0].message
    kept = read(SEED, keep_boilerplate=True)
    assert "Новости партнеров" in document_texts(kept)[-1]
    assert len(kept.blocks) == len(doc.blocks) + 1


def test_lang_override() -> None:
    assert read(SEED, lang="kk").meta.language == "kk"


def test_paragraphs_not_merged_and_not_split(tmp_path: Path) -> None:
    text = "Заголовок\n\nПервый абзац.\nВторой абзац.\n\nТретий абзац, длинный, с продолжением.\n"
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    doc = read(f)
    paras = [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras == ["Первый абзац.", "Второй абзац.", "Третий абзац, длинный, с продолжением."]


def test_hard_wrapped_prose_is_reflowed(tmp_path: Path) -> None:
    sentence = "Это длинное предложение о погоде и природе, которое было разбито на строки фиксированной ширины"
    body = (sentence + " и продолжается дальше. ") * 6
    lines, cur = [], ""
    for w in body.split():
        if len(cur) + len(w) + 1 > 70:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    f = tmp_path / "wrapped.txt"
    f.write_text("Заголовок\n\n" + "\n".join(lines) + "\n\nВторой абзац короткий.\n", encoding="utf-8")
    doc = read(f)
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert len(paras) == 2, [inline_text(p.inlines)[:40] for p in paras]
    assert norm_words(inline_text(paras[0].inlines)) == norm_words(body)


def test_verse_keeps_line_breaks() -> None:
    path = next(p for p in corpus_files(".txt") if "borodino" in p.name)
    doc = read(path)
    assert doc.meta.title == "БОРОДИНО" and doc.meta.authors == ("Михаил Лермонтов",)
    verse = doc.blocks[0]
    assert isinstance(verse, Paragraph)
    breaks = sum(isinstance(i, LineBreak) for i in verse.inlines)
    source_lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert breaks == len(source_lines) - 3  # author, title, and n lines have n-1 breaks


def test_fiction_dialogue_is_not_an_interview() -> None:
    path = next(p for p in corpus_files(".txt") if "khameleon" in p.name)
    doc = read(path)
    assert not any(isinstance(b, (Question, Answer)) for b in doc.blocks)


def test_bsnlp_header_becomes_metadata() -> None:
    path = next(p for p in corpus_files(".txt") if "klimkin" in p.name)
    doc = read(path)
    assert doc.meta.date == "2019-01-10"
    assert doc.meta.extra_value("url").startswith("https://www.epravda.com.ua/")
    assert doc.meta.title.startswith("Климкин рассказал")


def test_unmarked_subheadings_found() -> None:
    path = next(p for p in corpus_files(".txt") if "kravtsov" in p.name)
    headings = [b for b in read(path).blocks if isinstance(b, Heading)]
    assert len(headings) >= 2


def test_long_first_paragraph_is_not_a_title() -> None:
    path = next(p for p in corpus_files(".txt") if "khmarochos" in p.name)
    doc = read(path)
    assert doc.meta.title == "brownuk-khmarochos-dnipro-swim"
    first_line = path.read_text(encoding="utf-8").strip().splitlines()[0]
    assert norm_words(first_line)[:5] == norm_words(document_texts(doc)[1])[:5]


@pytest.mark.parametrize("path", corpus_files(".txt"), ids=lambda p: p.name)
def test_corpus_text_keeps_every_word(path: Path) -> None:
    from article_convert.decoding import decode_bytes
    from article_convert.ir import block_texts

    doc = read(path, keep_boilerplate=True)
    text = decode_bytes(path.read_bytes()).text
    if doc.meta.extra_value("url"):
        text = text.split("\n", 4)[4]  # the corpus header lines became metadata
    head = [doc.meta.title, doc.meta.lead, *doc.meta.authors]
    if doc.meta.title == path.stem:
        head = head[1:]
    assert_document_keeps(text, head, list(block_texts(doc.blocks)), path.name)


def test_numbered_chapter_lines_become_headings() -> None:
    """Regression: "ГЛАВА I." ends with a period and was left a paragraph (Dubrovsky had a 1-entry TOC)."""
    path = next(p for p in corpus_files(".txt") if "dubrovsky" in p.name)
    headings = [inline_text(b.inlines) for b in read(path).blocks if isinstance(b, Heading)]
    assert len(headings) == 19 and headings[0] == "ГЛАВА I." and "ГЛАВА ХIII." in headings


def test_body_sentence_starting_with_a_byline_word_is_not_a_byline(tmp_path: Path) -> None:
    """Regression: «Текст с символом…» was taken for a «Текст: Автор» byline."""
    f = tmp_path / "a.txt"
    f.write_text("Заголовок\n\nТекст с символом и знаком.\n\nАвтор: Иван Петров\n\nЕщё абзац.\n", encoding="utf-8")
    doc = read(f)
    assert doc.meta.lead == "Текст с символом и знаком."
    assert doc.meta.authors == ("Иван Петров",)


@pytest.mark.parametrize(
    "line, authors",
    [("Автор: Иван Петров", ("Иван Петров",)), ("Текст: Анна Ли и Олег Ким", ("Анна Ли", "Олег Ким")),
     ("By John Smith", ("John Smith",))],
)
def test_labelled_bylines(tmp_path: Path, line: str, authors: tuple[str, ...]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"Заголовок\n\n{line}\n\nПервый абзац.\n\nВторой абзац.\n", encoding="utf-8")
    assert read(f).meta.authors == authors
