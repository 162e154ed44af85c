"""The recognisers one by one (dates, datelines, bylines, captions, interviews, lists, rubric) and
what writers make of their results (speaker labels, caption blocks, the rubric)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from article_convert.context import ConvertOptions
from article_convert.ir import (
    Answer,
    BulletList,
    Div,
    Document,
    Metadata,
    Paragraph,
    Question,
    Text,
    document_from_json,
    document_to_json,
)
from article_convert.language import detect_document_language
from article_convert.pipeline import convert_file, load_source, make_context, read_source
from article_convert.recognition.bylines import parse_byline
from article_convert.recognition.captions import caption_kind
from article_convert.recognition.datelines import find_dateline
from article_convert.recognition.dates import date_line, parse_date
from article_convert.recognition.interview import plan_interview
from article_convert.recognition.parts import find_parts


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def parts_of(*texts: str):  # type: ignore[no-untyped-def]
    return find_parts(Document(Metadata(), tuple(para(t) for t in texts)))


@pytest.mark.parametrize("text, iso", [
    ("30 ноября 2026, 12:45", "2026-11-30"), ("5 тамыз 2026", "2026-08-05"), ("16 лютого 2026 р.", "2026-02-16"),
    ("3 октомври 2026 г.", "2026-10-03"), ("27.07.2026 13:10", "2027-07-27"[:0] + "2026-07-27"),
    ("10:15 12.03.2026", "2026-03-12"), ("7. март 2026.", "2026-03-07"), ("2026.01.14", "2026-01-14"),
    ("Апублікавана: 3 мая 2026", "2026-05-03"), ("18 наурыз 2026 ж.", "2026-03-18"),
    ("2026 оны 3 сарын 5", "2026-03-05"), ("2026 жылғы 5 тамыз", "2026-08-05"), ("10 июн 2026", "2026-06-10"),
    ("5 май 2026 й.", "2026-05-05"), ("3 јануари 2026", "2026-01-03"), ("12 гыйнвар 2026", "2026-01-12"),
    ("Опубликовано: 14.10.2026 09:05 | Обновлено: 15.10.2026 11:30", "2026-10-14"),
    ("1 студзеня 2027 г.", "2027-01-01"), ("29 февраля 2028", "2028-02-29"),
])
def test_date_lines_in_every_language(text: str, iso: str) -> None:
    assert date_line(text) == iso


@pytest.mark.parametrize("text", ["Колокол молчит с 2026 года.", "31 февраля 2026", "В 2026 году 12 человек",
                                  "Сезон 2026/2027", "5 мартышек 2026 года смеялись"])
def test_not_date_lines(text: str) -> None:
    assert date_line(text) is None


def test_parse_date_finds_a_date_in_a_sentence() -> None:
    assert parse_date("Фестиваль пройдёт 30 мая 2026 года в Алматы.") == "2026-05-30"


@pytest.mark.parametrize("text, date, agency", [
    ("ТВЕРЬ, 12 мар — РИА Новости. Половодье началось.", "--03-12", "РИА Новости"),
    ("Київ, 2 жовтня 2026 р. – У Подільському районі", "2026-10-02", ""),
    ("ҚОСТАНАЙ. KAZINFORM – Жыл басынан бері", "", "KAZINFORM"),
    ("НОВИ САД, 3. априла (Танјуг) – Више од 300", "--04-03", "Танјуг"),
    ("Бишкек, 12-ноябрь. /Кабар/. Борбор калаада", "--11-12", "Кабар"),
    ("ДУШАНБЕ, 10.04.2026 /АМИТ «Ховар»/. Дар семоҳаи", "2026-04-10", "АМИТ «Ховар»"),
])
def test_datelines(text: str, date: str, agency: str) -> None:
    d = find_dateline(text)
    assert d is not None and (d.date, d.agency) == (date, agency)


@pytest.mark.parametrize("text", ["Иван, 5 лет назад я пришёл сюда.", "Москва, Петербург и Казань — три города.",
                                  "Мы, 12 человек — команда."])
def test_not_datelines(text: str) -> None:
    assert find_dateline(text) is None


def test_a_sentence_after_the_dateline_dash_is_not_an_agency() -> None:
    d = find_dateline("МОСКВА, 5 мая 2026 — в столице прошёл парад. Его посмотрели тысячи людей.")
    assert d is not None and (d.date, d.agency) == ("2026-05-05", "")


@pytest.mark.parametrize("line, authors, source", [
    ("Текст: Любовь Зимина; фото: Артём Щеглов", ("Любовь Зимина",), ""),
    ("Пётр Заречный, специально для «Северо-Западного вестника»", ("Пётр Заречный",), "Северо-Западного вестника"),
    ("Десислава Колева, Мартин Генов", ("Десислава Колева", "Мартин Генов"), ""),
    ("Тілші: Гүлнар Әбенова", ("Гүлнар Әбенова",), ""), ("Сурвалжлагч Б.Номин", ("Б.Номин",), ""),
    ("Беседовала Мария Лосева", ("Мария Лосева",), ""), ("Тэкст і фота: Ганна Лісоўская", ("Ганна Лісоўская",), ""),
    ("Редакция Liter.kz", ("Редакция Liter.kz",), "Liter.kz"), ("Муаллиф: Шаҳло Раҳимова", ("Шаҳло Раҳимова",), ""),
])
def test_bylines(line: str, authors: tuple[str, ...], source: str) -> None:
    b = parse_byline(line, bare_names=True)
    assert b is not None and (b.authors, b.source) == (authors, source)


@pytest.mark.parametrize("line", ["Тілші: Дана, гляциология – сирек мамандық. Осы салаға қалай келдіңіз?",
                                  "Река не спрашивает", "Текст с символом и знаком.", "Автор: неизвестен."])
def test_not_bylines(line: str) -> None:
    assert parse_byline(line, bare_names=True) is None


def test_byline_at_the_end_before_tags_is_metadata() -> None:
    body = "Облыста 28 жылыту пункті жұмыс істейді, ақпаратты орталықтан білуге болады деп хабарлады басқарма."
    p = parts_of("Павлодар жолдары қыста", body, body, body, "Дайындаған: Мәдина Оспанова", "Тегтер: Павлодар, қыс")
    assert p.document.meta.authors == ("Мәдина Оспанова",) and p.document.meta.lead == body
    assert [b.inlines[0].text for b in p.document.blocks] == [body, body]  # type: ignore[union-attr]


def test_rubric_above_the_title_is_the_section() -> None:
    p = parts_of("Экономика", "Фермеры получат субсидии на строительство теплиц", "12.02.2026 17:20",
                 "В этом году на поддержку хозяйств направят 4,8 млрд тенге.", "Программа рассчитана на три года.",
                 "Заявки принимаются до 1 апреля.")
    m = p.document.meta
    assert (m.section, m.title, m.date) == ("Экономика", "Фермеры получат субсидии на строительство теплиц",
                                           "2026-02-12")


def test_section_is_written_to_json_only_when_set() -> None:
    doc = Document(Metadata(title="T", section="СПОРТ"), ())
    assert document_from_json(document_to_json(doc)).meta.section == "СПОРТ"
    assert '"section"' not in document_to_json(Document(Metadata(title="T"), ()))


@pytest.mark.parametrize("line, kind", [("Фото: Артём Щеглов", "credit"), ("Фота аўтара", "credit"),
                                        ("Пасічник оглядає рамку з медом. Фото: Поліна Кравченко", "caption"),
                                        ("Мы сделали фото: красиво.", None)])
def test_caption_kinds(line: str, kind: str | None) -> None:
    assert caption_kind(line) == kind


def test_captions_become_caption_blocks_not_body_and_not_dropped() -> None:
    long = "Паром — широкий металлический понтон с деревянным настилом, он ходит по натянутому тросу через реку."
    p = parts_of("Паромщик с Вятки", long, "Фото: Артём Щеглов", long, long)
    divs = [b for b in p.document.blocks if isinstance(b, Div)]
    assert [d.role for d in divs] == ["credit"]


QA = ["— Когда откроется школа?", "— Весной, если успеют закончить ремонт и завезти мебель в классы.",
      "— Сколько будет стоить обучение?", "— Первый год бесплатно, потом по тысяче рублей в месяц.",
      "— Кто будет преподавать?", "— Учителя из города, трое уже согласились переехать к нам."]


def test_short_three_question_dash_interview_is_found() -> None:
    intro = "Мы спросили директора будущей сельской школы о планах на этот год и задали ей три коротких вопроса."
    p = parts_of("Школа откроется весной", intro, intro, *QA, intro)
    assert (p.questions, p.answers) == (3, 3)


def test_feature_dialogue_is_not_an_interview() -> None:
    dialogue = ["— Будешь паромщиком? — спрашивает его Галина.", "— Не знаю, — пожимает плечами мальчик.",
                "— А вас кусают?", "— Каждый день, — смеётся он.", "— Вот так и живём, — говорит он."]
    assert plan_interview([para(t) for t in dialogue]).mode == ""


def test_dash_bullet_list_is_a_list_not_an_interview() -> None:
    intro = "По условиям программы фермеры смогут получить:"
    items = ["- до 50% стоимости теплицы;", "- до 30% стоимости полива;", "- льготный кредит."]
    long = "Заявки принимаются через портал электронного правительства до 1 апреля, сообщили в управлении."
    p = parts_of("Субсидии для фермеров", long, long, intro, *items, long)
    lists = [b for b in p.document.blocks if isinstance(b, BulletList)]
    assert len(lists) == 1 and len(lists[0].items) == 3 and (p.questions, p.answers) == (0, 0)


def test_dash_opened_quote_is_not_an_interview() -> None:
    quote = ("– Мы розраховуємо, що за перший рік через пункт пройде пів мільйона упаковок. Якщо експеримент "
             "буде вдалим, такі апарати з'являться в кожному районі, – зазначила Інна Семенюк.")
    assert plan_interview([para(quote), para("Інший абзац.")]).mode == ""


def test_labelled_turns_keep_their_speakers() -> None:
    turns = ["Тілші: Экспедициялар қалай өтеді?", "Дана Жұмабаева: Әдетте шілде айында екі-үш аптаға шығамыз.",
             "Тілші: Ғылымда әйелдерге қиын ба?", "Дана Жұмабаева: Тауда жүк көтеру кезінде айырмашылық бар.",
             "Содан бері жыл сайын тауға шығамын."]
    intro = "Біз онымен мұздықтардың неге еріп жатқаны және бұл тұрғындарға қалай әсер ететіні жайлы әңгімелестік."
    p = parts_of("Гляциолог", intro, intro, *turns)
    nodes = [b for b in p.document.blocks if isinstance(b, (Question, Answer))]
    assert [(type(n).__name__, n.speaker) for n in nodes] == [
        ("Question", "Тілші"), ("Answer", "Дана Жұмабаева")] * 2
    assert len(nodes[-1].blocks) == 2  # the unlabelled paragraph continues the answer
    assert nodes[0].blocks[0].inlines[0].text == "Экспедициялар қалай өтеді?"  # type: ignore[union-attr]


def test_vopros_otvet_and_korr_labels() -> None:
    p = parts_of("Т", "Вступление к разговору о школе и о том, что волнует родителей в этом году больше всего.",
                 "Вопрос: С какого возраста?", "Ответ: С семи лет.", "Вопрос: Сколько стоит", "Ответ: 4800 рублей.")
    assert (p.questions, p.answers) == (2, 2)
    p = parts_of("Т", "Вступление к разговору о раскопках и о том, что удалось найти за сезон работы.",
                 "— Корр.: Что удалось найти?", "— Целую усадьбу.", "— Корр.: Говорят, нашли грамоты.", "— Две.")
    assert (p.questions, p.answers) == (2, 2)


@pytest.mark.parametrize("lang, text", [
    ("tg", ("Дар семоҳаи аввали сол корхонаҳои калони бофандагии пойтахт ба хориҷи кишвар маҳсулоти нассоҷӣ "
            "содир намуд, ки нисбат ба ҳамин давраи соли гузашта ду баробар зиёд аст. Ба гуфтаи ӯ, маҳсулоти "
            "корхона асосан ба кишварҳои Аврупо фиристода мешавад.")),
    ("uz-Cyrl", ("Жорий йилнинг тўрт ойида вилоятга 820 мингдан ортиқ хорижий сайёҳ ташриф буюрди. Бу ўтган "
                 "йилнинг шу даврига нисбатан кўп. Сайёҳларнинг асосий қисми ҳунармандчилик марказлари ва "
                 "тарихий ёдгорликларга қизиқиш билдирди.")),
])
def test_tajik_and_uzbek_cyrillic_are_detected(lang: str, text: str) -> None:
    assert detect_document_language([text])[0] == lang


def test_writers_render_speaker_labels_in_bold(tmp_path: Path) -> None:
    """Labelled turns reach every writer with the label in bold, as printed."""
    src = Path(__file__).parent / "fixtures" / "articles" / "tt-01-kazan-theatre-interview.txt"
    res = convert_file(src, formats=["epub", "docx", "fb2", "pdf"], output=f"{tmp_path}/")
    out = {p.suffix: p for p in res.outputs}
    with zipfile.ZipFile(out[".epub"]) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert '<b class="speaker">Хәбәрче:</b>' in xhtml
    fb2 = out[".fb2"].read_text(encoding="utf-8")
    assert "<p><strong>Хәбәрче: Яңа сезонда" in fb2  # the question, label included, in bold
    assert "<p><strong>Илдар Хәкимов: </strong>" in fb2
    with zipfile.ZipFile(out[".docx"]) as z:
        doc_xml = z.read("word/document.xml").decode()
    assert "Илдар Хәкимов:" in doc_xml and "<w:b/>" in doc_xml
    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(str(out[".pdf"])).pages)
    assert "Хәбәрче:" in pdf_text and "Илдар Хәкимов:" in pdf_text


def test_explain_lists_every_decision_with_its_line(tmp_path: Path) -> None:
    src = Path(__file__).parent / "fixtures" / "articles" / "ru-02-obshchestvo-beekeeper-feature.txt"
    source = load_source(src)
    ctx = make_context(source, ConvertOptions())
    read_source(source, ctx)
    decisions = [d.message for d in ctx.diagnostics.by_code("recognised")]
    assert any(d.startswith("rubric ← «ОБЩЕСТВО»") for d in decisions)
    assert any(d.startswith("byline ← «Анна Крылова»") for d in decisions)
    assert any(d.startswith("boilerplate ← «Читайте также") for d in decisions)
    assert any(d.startswith("caption ← «Сергей Котов") for d in decisions)


def test_json_keeps_caption_blocks(tmp_path: Path) -> None:
    src = Path(__file__).parent / "fixtures" / "articles" / "sr-01-beograd-bus-lines.txt"
    res = convert_file(src, formats=["json"], output=str(tmp_path / "a.json"))
    data = json.loads(res.outputs[0].read_text(encoding="utf-8"))
    roles = [b.get("role") for b in data["document"]["blocks"] if b["type"] == "Div"]
    assert roles == ["credit"]


@pytest.mark.parametrize("line, holder", [("© 2026 Liter.kz. Все права защищены", "Liter.kz"), ("© ТАСС 2026", "ТАСС"),
                                          ("(c) 2020–2026 «Вечерний Бишкек»", "Вечерний Бишкек"),
                                          ("© Все права защищены", None), ("Фото: ТАСС", None)])
def test_copyright_holder(line: str, holder: str | None) -> None:
    from article_convert.recognition.bylines import copyright_holder

    assert copyright_holder(line) == holder


def test_closing_copyright_names_the_source_when_nothing_else_does() -> None:
    long = "Программа рассчитана на три года, её цель — сократить зависимость региона от импорта овощей зимой."
    p = parts_of("Фермеры получат субсидии на теплицы", long, long, long, "© 2026 Вести Алматы. Все права защищены")
    assert p.document.meta.source == "Вести Алматы"


# --------------------------------------------------------------------------- corpus regressions
# Found by comparing the old and the new recognition on every corpus file.


def _corpus(rel: str) -> Path:
    from conftest import CORPUS, require_corpus

    require_corpus()
    return CORPUS / rel


def _read(path: Path) -> Document:
    from article_convert.pipeline import read_document

    return read_document(path, ConvertOptions(typography=False))


def test_chekhov_interrogation_dialogue_is_not_an_interview() -> None:
    """Regression: short unattributed question/answer dialogue in a story read as 26 Q/A pairs."""
    doc = _read(_corpus("ru/chekhov-zloumyshlennik-dialogue.txt"))
    assert not any(isinstance(b, (Question, Answer)) for b in doc.blocks)


def test_multi_speaker_interview_with_dashed_questions_and_named_answers() -> None:
    """Regression: «— question» then «Ривз: …», «Мосс: …» — the first name label was taken for the
    interviewer, and one-off full names («Кэрри-Энн Мосс:», «Яхья Абдул-Матин II:») were missed."""
    doc = _read(_corpus("html/ru-gazeta-matrix-interview-scraped.html"))
    turns = [b for b in doc.blocks if isinstance(b, (Question, Answer))]
    assert sum(isinstance(t, Question) for t in turns) == 12
    assert all(t.speaker is None for t in turns if isinstance(t, Question))
    speakers = [t.speaker for t in turns if isinstance(t, Answer) and t.speaker]
    assert speakers[:2] == ["Киану Ривз", "Кэрри-Энн Мосс"] and "Яхья Абдул-Матин II" in speakers


def test_bare_name_of_the_subject_is_not_the_author() -> None:
    """Regression: «Виталий Костомаров» under «Скончался академик Виталий Костомаров» became the author."""
    doc = _read(_corpus("ru/nerel-kostomarov-obituary.txt"))
    assert doc.meta.authors == ()


def test_dialogue_after_a_colon_is_not_a_bullet_list() -> None:
    """Regression: dash dialogue lines after «…сказал, качая головою:» became a list in Dubrovsky."""
    doc = _read(_corpus("ru/pushkin-dubrovsky-full.txt"))
    assert not any(isinstance(b, BulletList) for b in doc.blocks)


def test_a_lead_has_four_words_of_letters() -> None:
    """Regression: «Скачати 208.16 Kb.» counted four words with its digits and became the lead."""
    p = parts_of("Лекція з фармакології", "Скачати 208.16 Kb.", "Текст лекції " * 20, "Ще абзац " * 20)
    assert p.document.meta.lead == ""


def test_a_short_caps_title_over_a_lead_is_the_title_not_a_rubric() -> None:
    p = parts_of("ВОЙНА", "Историк рассказывает, как менялась память о войне в наших семьях.",
                 "Первый абзац статьи достаточно длинный, чтобы быть телом статьи и не быть заголовком.",
                 "Второй абзац статьи.")
    assert (p.document.meta.section, p.document.meta.title) == ("", "ВОЙНА")


def test_writers_print_the_rubric_above_the_title(tmp_path: Path) -> None:
    src = Path(__file__).parent / "fixtures" / "articles" / "ru-02-obshchestvo-beekeeper-feature.txt"
    res = convert_file(src, formats=["epub", "docx", "pdf"], output=f"{tmp_path}/")
    out = {p.suffix: p for p in res.outputs}
    with zipfile.ZipFile(out[".epub"]) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
        opf = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert xhtml.index('<p class="rubric">ОБЩЕСТВО</p>') < xhtml.index('<h1 class="title"')
    assert "<dc:subject>ОБЩЕСТВО</dc:subject>" in opf
    import docx

    d = docx.Document(str(out[".docx"]))
    texts = [p.text for p in d.paragraphs if p.text.strip()]
    assert texts[0] == "ОБЩЕСТВО" and texts[1].startswith("«Пчела") and d.core_properties.category == "ОБЩЕСТВО"
    from pypdf import PdfReader

    first = PdfReader(str(out[".pdf"])).pages[0].extract_text()
    assert first.index("ОБЩЕСТВО") < first.index("Пчела")
