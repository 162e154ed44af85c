"""pyphen's parsed patterns cached per dictionary file (issue 18): the same breaks as a fresh parse,
and a damaged record is parsed again."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from article_convert.hyphenation import pyphen_cache

WORDS = ["электрификация", "переподготовка", "государственный", "інформаційний", "вычислительных"]


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "article-convert" / "pyphen"


@pytest.mark.parametrize("lang", ["ru_RU", "uk_UA"])
def test_issue18_cached_patterns_break_like_parsed_ones(records: Path, lang: str) -> None:
    path = Path(pyphen.LANGUAGES[lang])
    parsed = pyphen.HyphDict(path)
    first = pyphen_cache.hyph_dict(path)
    assert len(list(records.glob("*.marshal"))) == 1
    cached = pyphen_cache.hyph_dict(path)
    assert cached.patterns == parsed.patterns and cached.maxlen == parsed.maxlen
    for word in WORDS:
        assert cached.positions(word) == parsed.positions(word) == first.positions(word)


def test_issue18_damaged_pattern_record_is_parsed_again(records: Path) -> None:
    path = Path(pyphen.LANGUAGES["ru_RU"])
    pyphen_cache.hyph_dict(path)
    (record,) = records.glob("*.marshal")
    full = record.read_bytes()
    for junk in (b"", b"\xffnot marshal", full[: len(full) // 2]):
        record.write_bytes(junk)
        assert pyphen_cache.hyph_dict(path).positions("электрификация") == \
            pyphen.HyphDict(path).positions("электрификация")
    assert record.read_bytes() == full  # rewritten
