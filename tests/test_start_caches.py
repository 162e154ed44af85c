"""Issue 18: compiled regular expressions and dataclass methods kept in the per-user cache give
exactly what compiling gives, a damaged cache is ignored, and a second process compiles nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from article_convert import dataclasscache, regexcache

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0),
    ("[a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61})", re.IGNORECASE),  # reportlab's costly kind
    (r"^\s*(?:Фото|Photo)\s*[:.]", re.MULTILINE | re.IGNORECASE),
    (rb"\x00ttf(name)?", 0),
    (r"""a  # comment
         b+""", re.VERBOSE),
]


@pytest.fixture
def fresh_regex_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regexcache, "_table", {})
    monkeypatch.setattr(regexcache, "_last_used", {})
    monkeypatch.setattr(regexcache, "_generation", 0)
    monkeypatch.setattr(regexcache, "_used", set())
    monkeypatch.setattr(regexcache, "_fresh", set())
    monkeypatch.setattr(regexcache, "_new", False)
    monkeypatch.setattr(regexcache, "_original", regexcache._original or regexcache._compiler_module().compile)
    return tmp_path


def test_issue18_cached_pattern_equals_compiled_pattern(fresh_regex_table: Path) -> None:
    """Recorded, written, read back and rebuilt: each pattern equals a fresh compile (same opcodes,
    flags and groups) and matches alike."""
    original = regexcache._original
    for pattern, flags in PATTERNS:
        regexcache._compile(pattern, flags)
    regexcache.save()
    generation, table = regexcache._load(regexcache.cache_path())
    assert generation == 1 and set(table) == {(p, int(f)) for p, f in PATTERNS}
    regexcache._table.clear()
    regexcache._table.update({k: args for k, (args, _) in table.items()})
    for pattern, flags in PATTERNS:
        cached, compiled = regexcache._compile(pattern, flags), original(pattern, flags)
        assert cached == compiled  # Pattern equality compares the opcodes too
        assert (cached.groupindex, cached.groups, cached.flags) == (compiled.groupindex, compiled.groups,
                                                                   compiled.flags)
    sample = "2025-12 Фото: домен.рф photo: x"
    assert [m.span() for m in regexcache._compile(*PATTERNS[0]).finditer(sample)] == [(0, 7)]


def test_issue18_damaged_regex_table_is_ignored(fresh_regex_table: Path) -> None:
    """A file with a wrong CRC, a truncated one and garbage all read as an empty table."""
    path = regexcache.cache_path()
    path.parent.mkdir(parents=True)
    for raw in (b"\x00\x00\x00\x00" + b"junk", b"\x01", b"not marshal at all"):
        path.write_bytes(raw)
        assert regexcache._load(path) == (0, {})


def test_issue18_patterns_unused_for_many_writes_are_dropped(fresh_regex_table: Path) -> None:
    """A pattern built anew by every process (a set joined in hash order) does not pile up: an entry
    no run used for ``KEEP_RUNS`` writes is gone, one in use stays."""
    regexcache._compile("kept+", 0)
    for n in range(regexcache.KEEP_RUNS + 2):
        regexcache._used.clear()
        regexcache._compile(f"once{n}+", 0)
        regexcache._compile("kept+", 0)
        regexcache.save()
        regexcache._read()
    generation, table = regexcache._load(regexcache.cache_path())
    assert generation == regexcache.KEEP_RUNS + 2
    assert ("kept+", 0) in table and ("once0+", 0) not in table and (f"once{regexcache.KEEP_RUNS + 1}+", 0) in table
    assert len(table) <= regexcache.KEEP_RUNS + 1


def test_issue18_stale_regex_entry_falls_back_to_compiling(fresh_regex_table: Path) -> None:
    """An entry _sre refuses (as after a change of Python) is dropped and the pattern compiled."""
    regexcache._table[("ab+c", 0)] = ("ab+c", 0, [9999, 1, 2], 0, {}, (None,))
    assert regexcache._compile("ab+c", 0).fullmatch("abbc")
    assert regexcache._table[("ab+c", 0)][2] != [9999, 1, 2]


_CHILD = """
import json, sys
from article_convert import dataclasscache, regexcache, startup
sys.argv[1:] = ["a.txt", "-t", "pdf"]  # a conversion (--help loads no dataclass table)
startup.prepare()
import re
from dataclasses import dataclass, field
import reportlab.platypus.paragraph

@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default=())

p = Point(1, tags=("a",))
try:
    p.x = 2
    frozen = False
except AttributeError:
    frozen = True
misses = sum(1 for k in regexcache._used if regexcache._last_used.get(k) is None)
dc_misses = sum(1 for k in dataclasscache._used if dataclasscache._last_used.get(k) is None)
print(json.dumps({"regex_misses": misses, "dataclass_misses": dc_misses, "repr": repr(p),
                  "eq": p == Point(1, 0, ("a",)), "hash": hash(p) == hash(Point(1, 0, ("a",))), "frozen": frozen,
                  "uri": bool(reportlab.platypus.paragraph.uri_pat.match("https://пример.рф/x"))}))
"""


def _child(cache: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


@pytest.mark.slow
def test_issue18_second_process_compiles_nothing_and_behaves_the_same(tmp_path: Path) -> None:
    """The first process fills both tables; the second compiles no dataclass method and no pattern
    (but one reportlab builds anew in every process),
    and its dataclass and reportlab's URL pattern behave exactly as in the first."""
    first, second = _child(tmp_path), _child(tmp_path)
    assert first["regex_misses"] > 20 and first["dataclass_misses"] > 3
    assert second["regex_misses"] <= 1 and second["dataclass_misses"] == 0  # 1: reportlab's set-order pattern
    assert {k: v for k, v in first.items() if not k.endswith("_misses")} == \
        {k: v for k, v in second.items() if not k.endswith("_misses")}
    assert second["repr"] == "Point(x=1, y=0, tags=('a',))" and second["eq"] and second["hash"] and second["frozen"]
    assert second["uri"]


def test_issue18_damaged_dataclass_table_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged table reads as empty; a table whose values are not code objects is filtered."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = dataclasscache.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\x00\x00\x00garbage")
    assert dataclasscache._load(path) == (0, {})
    import marshal
    import zlib

    payload = marshal.dumps((1, {"def f(): pass": ("not code", 1)}))
    path.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
    assert dataclasscache._load(path) == (1, {})


def test_issue18_importing_the_package_installs_nothing() -> None:
    """A program (or this test suite) importing the command-line module keeps its own re,
    dataclasses and collector: only the article-convert process itself uses the tables."""
    import dataclasses
    import gc

    import article_convert.cli  # noqa: F401
    from article_convert import startup

    assert not startup.is_command_line()
    assert regexcache._compiler_module().compile is not regexcache._compile
    assert "exec" not in vars(dataclasses)
    assert gc.get_threshold()[0] != startup.GC_THRESHOLD


def test_issue18_the_command_line_writes_its_tables(tmp_path: Path) -> None:
    """``python -m article_convert`` is the command line: after one run both tables exist."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"XDG_CACHE_HOME": str(tmp_path)}
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_43c9a9ce68f258d4.txt"
    subprocess.run([sys.executable, "-m", "article_convert", str(seed), "-t", "json", "-o", str(tmp_path / "s.json")],
                   env=env, check=True, capture_output=True)
    assert list((tmp_path / "article-convert" / "regex").glob("*.marshal"))
    assert list((tmp_path / "article-convert" / "dataclass").glob("*.marshal"))


@pytest.mark.parametrize(("argv", "raised"), [(["article-convert", "a.txt", "-t", "pdf"], True),
                                               (["article-convert", "batch", "in/", "-o", "out/"], False)])
def test_issue18_gc_threshold_raised_except_for_batch(argv: list[str], raised: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """One conversion collects rarely; batch keeps the default, so finished documents' garbage goes
    (a raised threshold doubled the peak RSS of 1,000 articles in one process)."""
    import gc

    from article_convert import startup

    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(regexcache, "install", lambda: None)
    monkeypatch.setattr(dataclasscache, "install", lambda: None)
    try:
        startup.prepare()
        assert (gc.get_threshold()[0] == startup.GC_THRESHOLD) is raised
    finally:
        gc.set_threshold(*before)


def test_issue18_cached_compile_bypasses_another_threads_recorder(fresh_regex_table: Path) -> None:
    """While one thread records a new pattern (its recorder stands in for _sre), a cached compile in
    another thread must not go through that recorder, or the recording thread would store the
    other pattern under its own key."""
    regexcache._compile("cached+", 0)
    compiler = regexcache._compiler_module()
    real = compiler._sre
    recorder = regexcache._Recorder(real)
    compiler._sre = recorder
    try:
        assert regexcache._compile("cached+", 0).fullmatch("cachedd")
    finally:
        compiler._sre = real
    assert recorder.args is None


def test_issue18_dataclass_entry_of_another_source_with_the_same_key_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is keyed by CRC-32 and length: an entry whose stored source differs from the one
    asked for (a collision, or a table written for other text) is never executed; it compiles."""
    monkeypatch.setattr(dataclasscache, "_table", {})
    monkeypatch.setattr(dataclasscache, "_used", set())
    monkeypatch.setattr(dataclasscache, "_new", False)
    source = "def __create_fn__():\n    return 'right'\n"
    key = dataclasscache._key(source)
    import marshal

    wrong = compile("def __create_fn__():\n    return 'wrong'\n", "<string>", "exec")
    dataclasscache._table[key] = marshal.dumps(("another source", wrong))
    namespace: dict[str, object] = {}
    dataclasscache.cached_exec(source, namespace)
    assert namespace["__create_fn__"]() == "right"  # type: ignore[operator]
    assert dataclasscache._table[key][0] == source and dataclasscache._new  # replaced by the real one
    namespace.clear()
    dataclasscache.cached_exec(source, namespace)  # now served from the table
    assert namespace["__create_fn__"]() == "right"  # type: ignore[operator]


def test_issue18_font_file_digest_cache_gives_the_real_digest_and_survives_damage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The subset key's font digest comes from the user cache after the first run; a damaged entry
    is recomputed, and a changed file (new mtime) is hashed again."""
    import hashlib
    import os

    from article_convert import fontsubset
    from article_convert.cache import file_key, user_cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font = tmp_path / "face.ttf"
    font.write_bytes(b"glyphs" * 1000)
    truth = hashlib.sha256(font.read_bytes()).hexdigest()

    def digest() -> str:
        fontsubset._file_hash.cache_clear()
        st = os.stat(font)
        return fontsubset._file_hash(str(font), st.st_mtime_ns, st.st_size)

    assert digest() == truth
    stored = user_cache_dir("filehash") / file_key(font, "sha256-v1")
    assert stored.read_bytes() == truth.encode()
    assert digest() == truth  # from the cache
    stored.write_bytes(b"zz" * 32)
    assert digest() == truth  # damaged: hashed again
    font.write_bytes(b"other glyphs" * 1000)
    os.utime(font, ns=(1, 2_000_000_000_000_000_000))
    assert digest() == hashlib.sha256(font.read_bytes()).hexdigest()


@pytest.mark.parametrize("size", [0, 1, 55, 64, 1000, 100_003])
def test_issue18_start_up_digest_equals_hashlib(size: int) -> None:
    """``digest.sha256_hex`` (CPython's own SHA-256 until hashlib is loaded) gives hashlib's digest."""
    import hashlib
    import sys

    from article_convert import digest

    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    saved = sys.modules.pop("hashlib")
    try:
        assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()  # the builtin module
    finally:
        sys.modules["hashlib"] = saved
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()  # hashlib's, once loaded


def test_issue18_stored_font_deflate_gives_the_same_docx_and_survives_damage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DOCX's embedded font parts are deflated once per user: the next process reads the stream
    (same bytes as deflating again); a damaged stored stream is deflated again, never shipped."""
    import zlib

    from article_convert.cache import user_cache_dir
    from article_convert.writers.docx import package

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = bytes(range(256)) * 300
    package._deflate.cache_clear()
    first = package._deflate(data)
    stored = list(user_cache_dir("deflate").glob("*.deflate"))
    assert len(stored) == 1 and stored[0].read_bytes() == first and zlib.decompress(first, -15) == data
    package._deflate.cache_clear()
    assert package._deflate(data) == first  # read back
    stored[0].write_bytes(b"\x00garbage")
    package._deflate.cache_clear()
    assert package._deflate(data) == first  # damaged: deflated again
    other = zlib.compressobj(6, zlib.DEFLATED, -15)
    stored[0].write_bytes(other.compress(b"other data") + other.flush())
    package._deflate.cache_clear()
    assert zlib.decompress(package._deflate(data), -15) == data  # a stream of other data is not used
    package._deflate.cache_clear()


def test_issue18_a_reordered_alternation_does_not_rewrite_the_regex_table(fresh_regex_table: Path) -> None:
    """reportlab joins a set into one alternation at import, in a new order in every process: that
    alone does not rewrite the table at exit; a really new pattern still does."""
    regexcache._compile(r"\b(?:eval|exec|compile)", 0)
    regexcache.save()
    path = regexcache.cache_path()
    written = path.read_bytes()
    regexcache._read()  # the next process
    regexcache._fresh.clear()
    regexcache._used.clear()
    pattern = regexcache._compile(r"\b(?:compile|eval|exec)", 0)
    assert pattern.search("x = eval(y)")
    regexcache.save()
    assert path.read_bytes() == written  # not rewritten
    regexcache._compile(r"\b(?:compile|eval|exec)\(", 0)  # a pattern of its own
    regexcache.save()
    assert path.read_bytes() != written
    assert (r"\b(?:compile|eval|exec)\(", 0) in regexcache._load(path)[1]
