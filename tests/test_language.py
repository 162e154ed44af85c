"""Language detection: every corpus file as its MANIFEST says, and paragraphs in other languages."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import CORPUS

from article_convert.context import Context, ConvertOptions
from article_convert.decoding import decode_bytes
from article_convert.ir import Document, Heading, Metadata, Paragraph, Text
from article_convert.language import detect_language, normalize_language, sample
from article_convert.transforms.language import DetectLanguage


def _manifest() -> list[tuple[str, str]]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [(row["file"], row["language"]) for row in csv.DictReader(fh, delimiter="\t")]


def _corpus_text(name: str) -> str:
    text = decode_bytes((CORPUS / name).read_bytes()).text
    if name.startswith("html/"):
        text = re.sub(r"<[^>]*>", " ", text)  # crude: the HTML reader is not under test here
    return text


@pytest.mark.parametrize(("name", "language"), _manifest())
def test_corpus_file_detected_as_manifest_says(name: str, language: str) -> None:
    lang, confidence = detect_language(_corpus_text(name))
    assert (lang, name) == (language, name)
    assert confidence >= 0.9


def test_corpus_is_present() -> None:
    assert len(_manifest()) >= 50


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Телефонный разговор Касым-Жомарта Токаева и Дональда Трампа стал четким сигналом для всех.", "ru"),
        ("Казахстан остается в фокусе американской внешней политики, передает Liter.kz.", "ru"),
        ("Україна отримала від партнерів нову партію техніки, яку передадуть на фронт.", "uk"),
        ("Беларуская мова ўваходзіць у групу ўсходнеславянскіх моў і мае багатую гісторыю.", "be"),
        (
            "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.",
            "kk",
        ),
        (
            "Кыргыз Республикасы эгемендүү, демократиялык, укуктук, унитардык мамлекет болуп саналат жана бул мыйзам менен бекитилген.",
            "ky",
        ),
        ("Бу китапны мин үзем белән бергә укыдым, һәм ул миңа бик ошады, чөнки анда җыр бар.", "tt"),
        ("Беҙҙең ауылда йәйен бик матур, ҡайындар һәм ҡарағастар үҫә, балалар ҡыуана.", "ba"),
        (
            "Монгол улсын Их Хурал энэ асуудлыг хэлэлцэж байна гэж мэдээлсэн бөгөөд шийдвэр удахгүй гарах юм.",
            "mn",
        ),
        ("Влада Србије је данас усвојила нови закон о заштити животне средине и најавила мере.", "sr"),
        ("Владата на Македонија денеска ќе го разгледа предлогот за нов закон за ѕвездите.", "mk"),
        ("Правителството на България одобри днес новия закон, че ще се търсят повече средства.", "bg"),
        ("The government said on Monday that the new rules would come into force next year.", "en"),
        ("12345 67890 !!!", "und"),
        ("", "und"),
    ],
)
def test_single_texts(text: str, expected: str) -> None:
    assert detect_language(text)[0] == expected


def test_sample_keeps_long_texts_short() -> None:
    text = "слово " * 100_000
    assert len(sample(text)) <= 20_010
    assert detect_language(text)[0] == "ru"


RU = "Правительство обсудило вопросы развития экономики, и министры согласились с предложениями экспертов."
KK = "Үкімет экономиканы дамыту мәселелерін талқылады, және министрлер сарапшылардың ұсыныстарымен келісті."
UK = "Уряд обговорив питання розвитку економіки, і міністри погодилися з пропозиціями експертів щодо їхньої реалізації."
EN = "The minister said that the new programme would be presented to the parliament in the spring."


def _mixed() -> Document:
    return Document(
        Metadata(title="Заседание правительства"),
        (
            Paragraph((Text(RU),)),
            Paragraph((Text(KK),)),
            Paragraph((Text(RU + " " + RU),)),
            Heading(2, (Text(UK),)),
            Paragraph((Text(EN),)),
            Paragraph((Text("Қазақ"),)),  # too short to tell: keeps the document language
            Paragraph(
                (Text("Сегодня в Астане прошло заседание, на котором обсуждали бюджет на следующий год."),)
            ),
        ),
    )


def test_per_paragraph_languages_in_mixed_document() -> None:
    ctx = Context()
    doc = DetectLanguage().apply(_mixed(), ctx)
    assert doc.meta.language == "ru"
    langs = [b.lang for b in doc.blocks]  # type: ignore[union-attr]
    assert langs == [None, "kk", None, "uk", "en", None, None]
    [diag] = ctx.diagnostics.by_code("language")
    assert diag.severity == "info"
    assert diag.message.startswith("language ru detected (")
    assert "1 paragraph in kk" in diag.message and "1 paragraph in uk" in diag.message


def test_lang_option_overrides_and_document_language_is_kept() -> None:
    doc = DetectLanguage().apply(_mixed(), Context(options=ConvertOptions(lang="kk")))
    assert doc.meta.language == "kk"
    assert doc.blocks[0].lang == "ru"  # type: ignore[union-attr]
    assert doc.blocks[1].lang is None  # type: ignore[union-attr]
    given = Document(Metadata(language="uk"), (Paragraph((Text(UK),)),))
    ctx = Context()
    assert DetectLanguage().apply(given, ctx).meta.language == "uk"
    assert "from the document" in ctx.diagnostics.by_code("language")[0].message


def test_paragraph_language_already_set_is_respected() -> None:
    doc = Document(Metadata(), (Paragraph((Text(RU),)), Paragraph((Text(KK),), lang="ky")))
    assert DetectLanguage().apply(doc, Context()).blocks[1].lang == "ky"  # type: ignore[union-attr]


def test_russian_paragraph_without_distinctive_letters_is_not_called_bulgarian() -> None:
    para = "На заседании говорили о том, что за год от компании ушли все, кто на нее работал."
    doc = Document(Metadata(language="ru"), (Paragraph((Text(para),)),))
    assert DetectLanguage().apply(doc, Context()).blocks[0].lang is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ru", "ru"),
        ("ru_RU", "ru-RU"),
        ("Russian", "ru"),
        ("қазақша", "kk"),
        ("sr-Cyrl", "sr-Cyrl"),
        ("??", None),
    ],
)
def test_normalize_language(value: str, expected: str | None) -> None:
    assert normalize_language(value) == expected


def test_document_language_name_is_normalised() -> None:
    doc = DetectLanguage().apply(Document(Metadata(language="russian"), (Paragraph((Text(RU),)),)), Context())
    assert doc.meta.language == "ru"
    assert doc.blocks[0].lang is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "name",
    [
        "ru/blog-vakulenko-interview-2012.md",
        "kk/udhr-kazakh.md",
        "uk/brownuk-glavkom-gas-war.txt",
        "sr/culturax-pop-mico-wiki.cp1251.txt",
        "be/pravapis-wilno-university-notice.md",
        "html/ru-susu-university-rss-2005.koi8-r.xml",
        "mn/gogo-mining-ministers-toronto.txt",
    ],
)
def test_pipeline_sets_manifest_language(name: str) -> None:
    from article_convert import pipeline

    expected = dict(_manifest())[name]
    doc = pipeline.read_document(CORPUS / name)
    assert doc.meta.language == expected
    if name.startswith("be/pravapis-wilno"):  # bilingual be/en notice: the English lines are marked
        assert any(getattr(b, "lang", None) == "en" for b in doc.blocks)


def test_articles_of_a_bundle_get_their_own_language() -> None:
    from article_convert.ir import Article

    bundle = Document(
        Metadata(title="Сборник"),
        (
            Article(Metadata(title="Первая"), (Paragraph((Text(RU),)), Paragraph((Text(RU),)))),
            Article(Metadata(title="Екінші"), (Paragraph((Text(KK),)), Paragraph((Text(KK),)))),
            Article(Metadata(title="Третя", language="uk"), (Paragraph((Text(UK),)),)),
        ),
    )
    ctx = Context()
    out = DetectLanguage().apply(bundle, ctx)
    assert [a.meta.language for a in out.blocks] == ["ru", "kk", "uk"]  # type: ignore[union-attr]
    assert [p.lang for a in out.blocks for p in a.blocks] == [None] * 5  # type: ignore[union-attr]
    assert "article 2 kk detected" in ctx.diagnostics.by_code("language")[0].message


def test_i9_a_document_of_many_short_paragraphs_scores_each_paragraph_at_most_once(monkeypatch) -> None:
    """Regression: 20,000 one-line paragraphs were scored three times each (the HTML reader's check,
    the document vote, the marking pass; the score cache holds 4,096): ~5 s per MB of text. The vote
    now takes at most VOTING_PARAGRAPHS spread over the document, and a paragraph too short to be
    told apart is not scored for marking; the answer stays the document's majority language."""
    from article_convert import language
    from article_convert.transforms import language as transform

    calls: list[str] = []
    real = language.score_languages.__wrapped__

    def counting(text: str) -> language.LanguageScores:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(language, "score_languages", counting)
    monkeypatch.setattr(transform, "score_languages", counting)
    kazakh = "Қостанай облысында биыл астық жинау науқаны басталды, диқандар жақсы өнім күтеді."
    russian = "Жители села впервые за сорок лет получили воду в дома, рассказали в акимате района."
    texts = [kazakh if i % 50 == 0 else russian + f" {i}" for i in range(20_000)] + ["Да."] * 5_000
    lang, _ = language.detect_document_language(texts)
    assert lang == "ru"
    assert len(calls) <= language.VOTING_PARAGRAPHS + 1  # the vote, and the joined sample
    calls.clear()
    marked = [transform.paragraph_language(t, "ru") for t in texts]
    assert marked.count("kk") == 400 and marked.count(None) == len(texts) - 400
    assert len(calls) == 20_000  # the 5,000 «Да.» were never scored
