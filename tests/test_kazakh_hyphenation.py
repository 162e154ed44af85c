"""Kazakh hyphenation from syllable rules, checked on a list of words.

References used for the rules and the examples (Kazakh orthography, буын мен тасымал):
- all.aikyn.kz, «Буын мен тасымал»: open/closed syllables and carrying over at syllable
  boundaries — ба-ла-лар, ат-ты, ас-та-на, ек-пін, ек-ше, ар-шы, бал-шық, бат-пақ, бөл-шек,
  таң-дау, сақ-тау, көк-тем, жар-ғақ, қа-лам, қа-зір, мек-теп, ақыл-дас-тық, ха-бар-лан-ды-ру.
- The Kazakh encyclopedia article «Буын» (quoted at only-realty.com/question39307050): one vowel
  per syllable; a syllable other than the first never starts with a vowel, "тасымалдың
  дауыстыдан басталмайтыны содан" — кә-сіп, қыз-ғал-дақ, мә-сі, жұ-ды-рық.
- emirsaba.org, «Сөздердің тасымалдануы»: емле is carried as ем-ле; "А-бай делініп
  тасымалданбайды" (a single letter is never left on a line).
- emle.kz, orthoepy §20: a word may end in two consonants only when the first is a sonorant
  (л р м н ң) — hence Қазақ-стан, not Қазақс-тан.
- tarbie.kz «Дауысты дыбыс әріптерінің қолданылуы» and anatili.kazgazeta.kz «И мен У-ды
  қысқарту тиімді ме?»: ё и у ю я are compound vowels (йо, ый/ій, ұу/үу, йұу/йүу, йа); we read
  у/и after a vowel as the glides [w]/[й] (та-уы, сау-да) and never break between two vowels.
Words beyond the references' examples follow the same rules and were checked by hand.
"""

from __future__ import annotations

import pytest

from article_convert.hyphenation.kazakh import hyphenate_kazakh, hyphenated

# From the references above (breaks that would leave one letter are dropped: ә-ке -> әке).
REFERENCE = """
ба-ла-лар ат-ты ас-та-на ек-пін ек-ше ар-шы бал-шық бат-пақ бөл-шек таң-дау сақ-тау көк-тем
жар-ғақ қа-лам қа-зір мек-теп ақыл-дас-тық ха-бар-лан-ды-ру жұ-ды-рық қыз-ғал-дақ кә-сіп мә-сі
ша-ға-ла ке-ре-мет ем-ле қа-ла да-ла әке ата әже ана орақ ұран
"""

# Everyday vocabulary, place names, loanwords and words from the kk corpus texts.
MORE = """
мұ-ға-лім оқу-шы сы-нып-тас кі-тап-ха-на уни-вер-си-тет бас-та-уыш та-сы-мал-дау жа-зу-шы ақын
әде-биет та-рих мем-ле-кет үкі-мет пар-ла-мент пре-зи-дент Қа-зақ-стан Ал-ма-ты Ақ-тө-бе
Шым-кент Қа-ра-ған-ды Жез-қаз-ған Өс-ке-мен бі-лім-ді құ-мырс-қа жа-пы-рақ кө-кі-рек әсі-ре-се
мә-жі-ліс са-я-сат туыс-қан ба-қыт-ты ауыл-дың оқи-ға та-уы сау-да уа-қыт уә-де аял-да-ма
қа-рын-дас ба-уыр-сақ дос-тық жол-дас от-ба-сы аға-йын көр-ші-лер ба-ла-бақ-ша мұ-ра-жай
ке-се-не-сі Арыс-тан ғи-ма-рат тұр-ғын-дар ха-лы-қа-ра-лық эко-но-ми-ка ақ-па-рат
жа-ңа-лық-тар га-зет жур-нал фо-то-су-рет ком-пью-тер бағ-дар-ла-ма те-ңі-зі Арал кө-ле-мі
ша-руа-шы-лық өзен-дер ағы-мы су-дың то-пы-рақ құр-ғақ-шы-лық жа-нуар-лар өсім-дік-тер
тір-ші-лік қор-ша-ған ор-та-ны қор-ғау ден-сау-лық ем-ха-на дә-рі-гер ау-руы жыл-дың нау-рыз
ме-ре-ке-сі тә-уел-сіз-дік бос-тан-дық құ-қық-та-ры адам-ның аза-мат-тар тең-ді-гі бір-лі-гі
Бі-рік-кен Ұлт-тар Ұйы-мы дек-ла-ра-ция-сы ке-ден ко-ми-те-ті мем-ле-кет-тік кі-ріс-тер
та-сы-мал-дау-шы плом-ба-лар элек-трон-дық жү-йе-сі әке-сі ана-сы ата-сы апа-сы іні-сі
қа-рын-да-сы ба-ла-сы қы-зы ұлы объ-ект
"""

CASES = [w for w in (REFERENCE + MORE).split()]


def test_at_least_a_hundred_words() -> None:
    assert len(set(CASES)) >= 100


@pytest.mark.parametrize("expected", CASES)
def test_word(expected: str) -> None:
    assert hyphenated(expected.replace("-", "")) == expected


def test_positions_are_indices_and_leave_two_letters() -> None:
    assert hyphenate_kazakh("мектеп") == [3]
    assert hyphenate_kazakh("ата") == []
    for word in (w.replace("-", "") for w in CASES):
        for pos in hyphenate_kazakh(word):
            assert 2 <= pos <= len(word) - 2


def test_compound_words_hyphenated_per_part() -> None:
    assert hyphenated("сондай-ақ", "|") == "сон|дай-ақ"
    assert hyphenated("қалт-құлт") == "қалт-құлт"


def test_case_and_non_letters() -> None:
    assert hyphenated("МЕКТЕП") == "МЕК-ТЕП"
    assert hyphenate_kazakh("") == []
    assert hyphenate_kazakh("2018") == []
    assert hyphenated("«Астана»") == "«Ас-та-на»"


def test_no_line_starts_with_a_vowel_inside_native_words() -> None:
    for word in ("киім", "биік", "қиын", "бие", "суат"):
        word_breaks = hyphenate_kazakh(word)
        assert all(word[p] not in "аәеоөұүыіэи" for p in word_breaks), word
