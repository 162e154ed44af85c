"""Which language a text is in: Cyrillic-script languages told apart by letters and short words.

No model, no data files: each language has its alphabet (letters it never uses count against
it), groups of distinctive letters it is expected to show at some rate (Kazakh қ/ұ, Serbian
ђ/ћ, Bulgarian ъ ...), and its most frequent short words. The score of a language is

    2 * marker score  -  40 * rate of foreign letters  +  4 * rate of its frequent words

and the confidence comes from the margin between the best and the second-best language and
from the amount of text. Latin-script text is ``en`` when English words are frequent, else
``und``; too little text is ``und``.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

SAMPLE_CHARS = 20_000
"""Only this many characters are scored (the start, middle and end of longer texts)."""

_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"

ALPHABETS: dict[str, frozenset[str]] = {
    "ru": frozenset(_RU),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгґдеёжзйклмнопрстуўфхцчшыьэюяі"),
    "kk": frozenset(_RU + "әғқңөұүһі"),
    "ky": frozenset(_RU + "ңөү"),
    "tt": frozenset(_RU + "әөүҗңһ"),
    "ba": frozenset(_RU + "әөүғҡңҙҫһ"),
    "mn": frozenset(_RU + "өү"),
    "sr": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюяѝ"),
    "tg": frozenset("абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя"),
    "uz-Cyrl": frozenset("абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ"),
}

# language -> groups of (letters, expected rate among Cyrillic letters); the marker score is
# the mean over groups of min(observed / expected, 1).
MARKERS: dict[str, tuple[tuple[str, float], ...]] = {
    "ru": (("ыэё", 0.012),),
    "uk": (("іїєґ", 0.03),),
    "be": (("ў", 0.008), ("іыэ", 0.04)),
    "kk": (("құ", 0.015), ("әғңөүһі", 0.04)),
    "ky": (("ң", 0.008), ("өү", 0.02)),
    "tt": (("әҗ", 0.015), ("өүңһ", 0.02)),
    "ba": (("ҙҫҡ", 0.012), ("әөүғңһ", 0.03)),
    "mn": (("өү", 0.02), ("э", 0.02)),
    "sr": (("јљњџ", 0.015), ("ђћ", 0.003)),
    "mk": (("јљњџ", 0.015), ("ѓќѕ", 0.003)),
    "bg": (("ъ", 0.01),),
    "tg": (("ӣӯҷ", 0.01), ("ҳқғ", 0.015)),
    "uz-Cyrl": (("ў", 0.008), ("қғҳ", 0.015)),
}

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "ru": "и в не на что с по это как он она они из для к я у так же был была было были его ее её от "
        "до или но а то мы вы все бы ли уже только если когда чтобы также при о об после который которые "
        "которая этого этом того этот ещё еще где даже их нет есть будет может",
        "uk": "і й в у не на що з із до як це та але він вона вони від для за про по так же вже був була "
        "було були його її є або ще коли також які який яка яке щоб цього цей ця після між через ми ви "
        "ти я тому теж лише тільки",
        "be": "і ў у не на што з да як гэта але ён яна яны ад для за пра па так жа ужо быў была было "
        "былі яго яе ёсць або яшчэ калі таксама якія які якая каб гэтага гэты мы вы ты я таму толькі",
        "kk": "және мен бен пен да де та те бұл осы деп үшін бойынша сол ол олар біз сіз емес еді болып "
        "болды бар жоқ жылы тағы деген арқылы кейін ретінде әр бір қазір",
        "ky": "жана менен үчүн бул деп болуп да дагы ал алар биз силер мен эмес эле бар жок болгон боюнча "
        "анын ошол бирок",
        "tt": "һәм белән өчен бу дип булып да дә ул алар без сез мин түгел иде бар юк булган буенча аның "
        "шул ләкин инде генә",
        "ba": "һәм менән өсөн был тип булып ҙа ҙә ул улар беҙ һеҙ мин түгел ине бар юҡ булған буйынса "
        "уның шул әммә инде генә",
        "mn": "байна юм нь энэ бөгөөд бол гэж болон ба нэг гэх гэсэн байгаа байсан юу тэр тэд бид та ч "
        "л ийн юмаа хамт мөн гэв гэвч харин",
        "sr": "и у је да на се од за са су не а из о као што шта али или то по ће би није био била још "
        "који која које њихов његов тако кад када",
        "mk": "и во е да на се од за со не а ги го што како но или тоа по ќе би беше сум си сме кој "
        "која кое кои така кога има",
        "bg": "и в е да на се от за са не а с по че това като но или то ще би беше съм си сме които "
        "който която което ли при след също така когато има към",
        "tg": "ва дар ба аз ки бо барои ин он мебошад шуд буд аст низ то ҳам ҳамчун баъд вале ё мо шумо онҳо "
        "як дорад мешавад карда мекунад гуфт",
        "uz-Cyrl": "ва билан учун бу деб бўлиб ҳам у улар биз сиз мен эмас эди бор йўқ бўлган бўйича унинг шу "
        "лекин энди фақат ҳамда эса бир қилди этди деди",
        "en": "the and of to in a is that for it as was with be by on not he this are or his from at "
        "which but have an they you were their one all we can her has there been if more when will "
        "would who so no",
    }.items()
}

PRIOR: dict[str, float] = {"ru": 0.5}
"""Russian wins when nothing distinguishes the text (a short sentence without ы, э, ё)."""

CYRILLIC_LANGUAGES: tuple[str, ...] = tuple(ALPHABETS)
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_TOKEN = re.compile(r"\S+")
_NOT_PROSE = re.compile(r"https?://|www\.|@\S*\.\w|%[0-9A-Fa-f]{2}")
"""URLs, e-mail addresses and percent-encoded strings: their letters say nothing about the language."""


def _drop_not_prose(text: str) -> str:
    """``text`` without its URL, e-mail and percent-encoded tokens (token by token: linear even for a
    12,000-letter "word", where a pattern with ``\\S*`` on both sides backtracks quadratically)."""
    if _NOT_PROSE.search(text) is None:  # no match in the text: none inside any token (most paragraphs)
        return text
    return _TOKEN.sub(lambda m: " " if _NOT_PROSE.search(m.group(0)) else m.group(0), text)


@dataclass(frozen=True)
class LanguageScores:
    """The evidence behind a guess: letter counts and each language's score."""

    cyrillic: int
    latin: int
    scores: dict[str, float]
    foreign: dict[str, int]
    """Per language, how many letters of the text its alphabet lacks."""


def is_cyrillic(ch: str) -> bool:
    """True for a letter of the Cyrillic blocks U+0400–U+052F."""
    return "\u0400" <= ch <= "\u052f"


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters: the start, the middle and the end of a long text."""
    if len(text) <= limit:
        return text
    third = limit // 3
    mid = len(text) // 2
    return " ".join((text[:third], text[mid - third // 2 : mid + third // 2], text[-third:]))


def _marker_score(letters: Counter[str], total: int, lang: str) -> float:
    groups = MARKERS[lang]
    get = letters.get
    score = 0.0
    for chars, rate in groups:  # plain loops: a generator per group cost more than the sums (every paragraph)
        found = 0
        for c in chars:
            found += get(c, 0)
        score += min(found / total / rate, 1.0)
    return score / len(groups)


@functools.lru_cache(maxsize=4096)
def score_languages(text: str) -> LanguageScores:
    """Score every known language on (a sample of) ``text``.

    Cached (the result is shared: do not change its dicts): the language transform scores every
    paragraph once for the document's language and once more to mark paragraphs in another one."""
    text = _drop_not_prose(sample(text)).lower()
    counts = Counter(text)  # counted in C; then filtered per distinct character, not per character
    letters = Counter({ch: n for ch, n in counts.items() if "\u0400" <= ch <= "\u052f"})
    cyr = sum(letters.values())
    lat = sum(n for ch, n in counts.items() if "a" <= ch <= "z")
    tokens = _WORD.findall(text)
    n_tokens = max(len(tokens), 1)
    token_counts = Counter(tokens)
    scores: dict[str, float] = {}
    foreign: dict[str, int] = {}
    for lang, alphabet in ALPHABETS.items():
        # set operations run in C: this is called for every paragraph of every article
        foreign[lang] = sum(letters[ch] for ch in letters.keys() - alphabet)
        words = sum(token_counts[w] for w in token_counts.keys() & STOPWORDS[lang])
        if cyr:
            scores[lang] = (
                PRIOR.get(lang, 0.0)
                + 2.0 * _marker_score(letters, cyr, lang)
                - 40.0 * foreign[lang] / cyr
                + 4.0 * words / n_tokens
            )
    scores["en"] = 4.0 * sum(token_counts[w] for w in token_counts.keys() & STOPWORDS["en"]) / n_tokens
    return LanguageScores(cyr, lat, scores, foreign)


def _confidence(margin: float, letters: int) -> float:
    """Map a score margin and an amount of text to 0..1."""
    amount = min(1.0, letters / 50.0)
    return round(max(0.0, min(1.0, (1.0 - math.exp(-3.0 * margin)) * amount)), 3)


def detect_language(text: str) -> tuple[str, float]:
    """The BCP 47 code of ``text``'s language and a confidence 0..1 (``und`` when unsure)."""
    return best_language(score_languages(text))


def best_language(s: LanguageScores) -> tuple[str, float]:
    """The best-scoring language and a confidence, or ``und`` when the evidence is too thin."""
    if s.cyrillic + s.latin < 8:
        return "und", 0.0
    if s.cyrillic < 0.25 * (s.cyrillic + s.latin):
        en = s.scores["en"]
        if en >= 0.4:
            return "en", _confidence(en, s.latin)
        return "und", 0.0
    ranked = sorted(((v, k) for k, v in s.scores.items() if k != "en"), reverse=True)
    (best, lang), (second, _) = ranked[0], ranked[1]
    conf = _confidence(best - second, s.cyrillic)
    if conf < 0.2:
        return "und", conf
    return lang, conf


VOTING_PARAGRAPHS = 1000
"""A longer document votes with this many paragraphs spread evenly over it: the majority is the same,
and 20,000 one-line paragraphs cost no more than a long article (scoring is ~0.1 ms a paragraph, and
the HTML reader and the language transform both ask)."""


def _spread(texts: list[str], n: int) -> list[str]:
    """``texts`` when there are at most ``n``, else ``n`` of them evenly spaced from first to last."""
    if len(texts) <= n:
        return texts
    return [texts[i * (len(texts) - 1) // (n - 1)] for i in range(n)]


def detect_document_language(texts: list[str]) -> tuple[str, float]:
    """The language most of the text is in: paragraphs vote with their letters.

    A paragraph in another language then does not drag the whole document's guess with
    it (scored as one text, a Kazakh paragraph in a Russian article counts against Russian).
    """
    votes: dict[str, float] = {}
    for text in _spread(texts, VOTING_PARAGRAPHS):
        if len(text) < 8:  # fewer than 8 letters: best_language says "und", no vote
            continue
        s = score_languages(text)
        lang, conf = best_language(s)
        if lang != "und":
            votes[lang] = votes.get(lang, 0.0) + (s.cyrillic + s.latin) * conf
    if not votes:
        return detect_language("\n".join(texts))
    lang, weight = max(votes.items(), key=lambda kv: kv[1])
    total = sum(votes.values())
    _, conf = detect_language("\n".join(texts))
    return lang, round(min(conf, weight / total) if len(votes) > 1 else conf, 3)


LANGUAGE_NAMES: dict[str, str] = {
    "russian": "ru", "русский": "ru", "ukrainian": "uk", "українська": "uk", "belarusian": "be",
    "беларуская": "be", "kazakh": "kk", "қазақ": "kk", "қазақша": "kk", "kyrgyz": "ky", "кыргызча": "ky",
    "tatar": "tt", "татарча": "tt", "bashkir": "ba", "башҡорт": "ba", "serbian": "sr", "српски": "sr",
    "macedonian": "mk", "македонски": "mk", "bulgarian": "bg", "български": "bg", "mongolian": "mn",
    "монгол": "mn", "tajik": "tg", "тоҷикӣ": "tg", "uzbek": "uz", "ўзбекча": "uz-Cyrl", "english": "en",
}  # fmt: skip
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def normalize_language(value: str) -> str | None:
    """A BCP 47 tag for what documents write as their language (``ru_RU``, ``Russian``), else None."""
    value = value.strip()
    named = LANGUAGE_NAMES.get(value.lower())
    if named:
        return named
    if not _TAG.match(value):
        return None
    primary, *rest = value.replace("_", "-").split("-")
    return "-".join([primary.lower(), *rest])
