"""Bytes -> text: refuse binary files, detect the encoding, normalise the text.

Every reader that takes text goes through :func:`decode_bytes`, so all inputs get the same
treatment: BOM stripped, line endings normalised to ``\\n``, NFC, XML-illegal controls removed.

Detection order: BOM (UTF-8, UTF-32, UTF-16), UTF-16 without BOM (NUL pattern: UTF-16 of
Cyrillic or ASCII text is often valid UTF-8 too, so it must be tried first), strict UTF-8,
*damaged* UTF-8 (few invalid bytes among many valid multi-byte sequences: decoded with the bad
bytes replaced by U+FFFD and reported), then charset-normalizer checked by a Cyrillic-aware
scorer; a legacy guess whose text does not look like language is refused (random bytes). The scorer decodes the bytes with
every legacy Cyrillic code page and prefers the text whose letters fit one real alphabet
(Russian, Ukrainian, Kazakh, ...), keep a sane case pattern (KOI8 read as cp1251 swaps case)
and contain no box-drawing or other odd symbols.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .diagnostics import Diagnostics
from .errors import InputError
from .plausible import implausibility

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/EPUB/ODT?)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (DOC/XLS)"),
    (b"RIFF", "a RIFF file (WebP/WAV/AVI)"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

CYRILLIC_CODECS: tuple[str, ...] = (
    "cp1251",
    "koi8-r",
    "koi8-u",
    "cp866",
    "mac-cyrillic",
    "iso8859-5",
    "kz1048",
)
"""Legacy single-byte Cyrillic code pages the scorer tries, most common first (ties go to the first)."""

_RARITY = {"cp866": 0.05, "mac-cyrillic": 0.2, "iso8859-5": 0.1, "kz1048": 0.05}
"""A small handicap for rarely seen code pages: on short texts cp1251 and Mac differ in a few letters."""

# C0 controls other than TAB, LF, CR; plus DEL and C1 controls; plus non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

_RU = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": _RU,
    "uk": (_RU - frozenset("ёъыэ")) | frozenset("єіїґ"),
    "be": (_RU - frozenset("ищъ")) | frozenset("іў"),
    "bg": _RU - frozenset("ёыэ"),
    "sr": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "kk": _RU | frozenset("әғқңөұүһі"),
    "tt": _RU | frozenset("әөүҗңһ"),
    "ba": _RU | frozenset("әөүғҙҡңҫһ"),
    "mn": _RU | frozenset("өү"),
}
# An alphabet counts only when the text shows one of its own letters: otherwise Ukrainian
# read as KZ-1048 (ї->ү, є->ғ) would pass as Kazakh.
_EVIDENCE: dict[str, frozenset[str]] = {
    "kk": frozenset("әқң"),
    "tt": frozenset("җә"),
    "ba": frozenset("ҙҡҫ"),
    "mn": frozenset("өү"),
}
_COMMON = frozenset("оеаинтсрвлкі")
_VOWELS = frozenset("аеёиоуыэюяіїєўәөүұ")
_PUNCT = frozenset("«»„“”‘’‚—–―…№°§©®™•·\u00a0\u00ad\u2009\u202f\u2010\u2011\u2116")
_ODD_CATEGORIES = frozenset({"So", "Sm", "Sk", "Co", "Cn", "Cc"})


MAX_BAD_UTF8_SHARE = 0.1
"""Most invalid bytes (as a share of all non-ASCII bytes) a file may have to be read as damaged UTF-8.

Measured on the corpus re-encoded into every legacy Cyrillic code page: at least 65 % of the
non-ASCII bytes are invalid UTF-8 there (cp866; 90-100 % for the others), while a UTF-8 file
cut inside a character or with a stray byte has a fraction of a percent."""

MAX_CONTROL_SHARE = 0.05
"""A text more than this share of whose characters are control characters was decoded wrongly."""

_ESCAPED = re.compile("[\udc80-\udcff]+")
_DAMAGED_UTF8 = "utf-8 (damaged)"
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"})


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, with the encoding used and how sure the detection was (0..1)."""

    text: str
    encoding: str
    confidence: float
    replaced: int = 0
    """How many invalid byte sequences were replaced by U+FFFD (damaged UTF-8)."""


def sniff_binary(data: bytes) -> str | None:
    """A description of the binary format if ``data`` is not text, else None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 with BOM contains NULs legitimately
    if b"\x00" in head and _utf16_without_bom(data) is None:
        return "binary data (contains NUL bytes)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit only on one side of each byte pair, else None."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if other == 0 and zeros >= pairs * 0.1:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec if _ILLEGAL.sub("", text) == text else None
    return None


def cyrillic_score(text: str) -> float:
    """How much ``text`` looks like real Cyrillic-script prose (higher is better, about -10..3)."""
    sample = text[:20000]
    letters = [c.lower() for c in sample if c.isalpha()]
    cyr = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return 0.0
    odd = sum(1 for c in visible if _is_odd(c)) / len(visible)
    if not cyr:
        return -10.0 * odd
    share = len(cyr) / len(letters)
    common = sum(1 for c in cyr if c in _COMMON) / len(cyr)
    vowels = sum(1 for c in cyr if c in _VOWELS) / len(cyr)
    penalty = 3.0 * _bad_case_ratio(sample) + 3.0 * _mixed_script_ratio(sample)
    penalty += 5.0 * max(0.0, abs(vowels - 0.43) - 0.07)  # Cyrillic prose: 36-50 % vowels
    return 2.0 * _alphabet_fit(cyr) - 10.0 * odd - penalty + common + share


def _is_odd(ch: str) -> bool:
    """A character that rarely appears in prose: box drawing, maths, Greek in Cyrillic text..."""
    if ch.isascii():
        return not ch.isprintable()
    if ch in _PUNCT:
        return False
    if ch.isalpha():
        return not ("\u0400" <= ch <= "\u04ff" or "\u00c0" <= ch <= "\u024f")
    return unicodedata.category(ch) in _ODD_CATEGORIES


def _alphabet_fit(cyr: list[str]) -> float:
    """Share of Cyrillic letters that belong to the single best-fitting language alphabet."""
    used = set(cyr)
    best = 0.0
    for lang, alphabet in _ALPHABETS.items():
        evidence = _EVIDENCE.get(lang)
        if evidence is not None and not used & evidence:
            continue
        fit = sum(1 for c in cyr if c in alphabet) / len(cyr)
        best = max(best, fit)
    return best


_WORD = re.compile(r"[^\W\d_]{2,}")


def _bad_case_ratio(text: str) -> float:
    """Share of Cyrillic words with a lowercase letter followed by a capital ("пРИВЕТ")."""
    words = [w for w in _WORD.findall(text) if "\u0400" <= w[0] <= "\u04ff"]
    if not words:
        return 0.0
    bad = sum(1 for w in words if not (w.islower() or w.isupper() or w.istitle()))
    return bad / len(words)


def _mixed_script_ratio(text: str) -> float:
    """Share of non-ASCII words that mix Latin and Cyrillic letters ("dйsire": Latin-1 read as cp1251)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    mixed = sum(1 for w in words if re.search("[a-zA-Z\u00c0-\u024f]", w) and re.search("[\u0400-\u04ff]", w))
    return mixed / len(words)


def _candidates(data: bytes) -> dict[str, str]:
    """Every legacy Cyrillic decoding of ``data`` that succeeds, keyed by codec name."""
    out: dict[str, str] = {}
    for codec in CYRILLIC_CODECS:
        try:
            out[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    return out


def _normalizer_guess(data: bytes) -> tuple[str, float] | None:
    """charset-normalizer's best encoding and its confidence, or None."""
    from charset_normalizer import from_bytes  # lazy: not needed for UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        return None
    return codecs.lookup(best.encoding).name, max(0.0, 1.0 - float(best.chaos))


def _detect_legacy(data: bytes) -> tuple[str, float]:
    """Pick a legacy encoding: charset-normalizer, overruled by the Cyrillic scorer when it is unsure."""
    guess = _normalizer_guess(data)
    decoded = _candidates(data)
    if guess is not None and guess[0] not in decoded:
        try:
            decoded[guess[0]] = data.decode(guess[0])
        except (UnicodeDecodeError, LookupError):
            guess = None
    if not decoded:
        raise InputError("cannot decode the text (no known encoding fits; try --encoding)")
    scores = {codec: cyrillic_score(text) - _RARITY.get(codec, 0.0) for codec, text in decoded.items()}
    ranked = sorted(scores, key=lambda c: scores[c], reverse=True)  # stable: ties keep codec order
    best = ranked[0]
    if guess is not None and decoded.get(guess[0]) == decoded[best]:
        best = guess[0]  # same text: name it as the general detector does
    runner_up = next((c for c in ranked[1:] if decoded[c] != decoded[best]), None)
    margin = scores[best] - scores[runner_up] if runner_up else 3.0
    confidence = min(1.0, 0.5 + margin / 2)
    if guess is not None and guess[0] == best:
        confidence = max(confidence, guess[1])
    return best, round(confidence, 3)


def _detect(data: bytes) -> tuple[str, float]:
    """Pick an encoding: BOMs, UTF-16 without BOM, strict UTF-8, then the legacy detectors.

    :data:`_DAMAGED_UTF8` stands for UTF-8 with a few bad bytes (see :func:`damaged_utf8_share`):
    the caller decodes it with replacement and reports the bad bytes."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, 1.0
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, 0.9
    try:
        data.decode("utf-8")
        return "utf-8", 1.0
    except UnicodeDecodeError:
        pass
    share = damaged_utf8_share(data)
    if share is not None and share <= MAX_BAD_UTF8_SHARE:
        return _DAMAGED_UTF8, round(min(0.99, 1.0 - share), 3)
    return _detect_legacy(data)


_ASCII_BYTES = bytes(range(0x80))


def damaged_utf8_share(data: bytes) -> float | None:
    """Share of the non-ASCII bytes that are not valid UTF-8; None without one valid multi-byte sequence.

    A file that is UTF-8 apart from a few bytes (cut inside a character, one stray cp1251 byte,
    a CESU-8 surrogate) has a tiny share; text in a legacy code page has most of its bytes invalid.
    """
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(len(m) for m in _ESCAPED.findall(text))
    valid_multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad  # counted in C: inputs reach 64 MB
    if valid_multibyte <= 0:
        return None
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    return bad / non_ascii


def _decode_damaged_utf8(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with every run of invalid bytes replaced by one U+FFFD; (text, runs, first offset)."""
    text = data.decode("utf-8", "surrogateescape")
    runs = _ESCAPED.findall(text)
    match = _ESCAPED.search(text)
    first = len(text[: match.start()].encode("utf-8", "surrogateescape")) if match else -1
    return _ESCAPED.sub("\ufffd", text), len(runs), first


def normalise_text(text: str, diagnostics: Diagnostics | None = None) -> str:
    """Line endings to ``\\n``, BOM stripped, NFC, XML-illegal control characters removed.

    A few stray controls are removed with a warning; when they are a large share of the text
    (:data:`MAX_CONTROL_SHARE`) the bytes were decoded with the wrong encoding: InputError."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    found = _ILLEGAL.findall(text)
    if found:
        distinct = sorted({f"U+{ord(c):04X}" for c in found})
        codes = ", ".join(distinct[:6]) + (", …" if len(distinct) > 6 else "")
        if len(found) > 3 and len(found) > MAX_CONTROL_SHARE * len(text):
            raise InputError(
                f"{len(found) * 100 // len(text)} % of the decoded characters are control characters "
                f"({codes}): not text, or the wrong encoding (try --encoding)"
            )
        if diagnostics is not None:
            diagnostics.add("control-chars-removed", f"removed {len(found)} control character(s) ({codes})")
        text = _ILLEGAL.sub("", text)
    return text


def canonical_encoding(name: str) -> str:
    """Python's name for an encoding label (``windows-1251`` -> ``cp1251``); InputError if unknown."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError as exc:
        raise InputError(f"unknown encoding {name!r}") from exc


def decode_bytes(
    data: bytes, *, encoding: str | None = None, diagnostics: Diagnostics | None = None
) -> DecodedText:
    """Decode an input file's bytes to normalised text; InputError for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError("the file is empty" if not data else "the file contains only white space")
    encoding_given = encoding
    what = sniff_binary(data)
    if what is not None and encoding is None:
        raise InputError(f"not a text file (looks like {what})")
    if encoding is not None:
        encoding, confidence = canonical_encoding(encoding), 1.0
        if encoding in ("utf-8", "utf-8-sig") and data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
    else:
        encoding, confidence = _detect(data)
    replaced = 0
    if encoding == _DAMAGED_UTF8:
        encoding = "utf-8"
        text, replaced, first = _decode_damaged_utf8(data)
        if diagnostics is not None:
            diagnostics.add(
                "invalid-utf8-replaced",
                f"replaced {replaced} invalid UTF-8 byte sequence(s) with U+FFFD (first at byte {first})",
            )
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot decode as {encoding} (bad byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from exc
    text = normalise_text(text, diagnostics)
    if not text.strip():
        raise InputError("the file contains no text")
    if encoding_given is None and encoding not in _UNICODE:
        reason = implausibility(text)
        if reason is not None:
            raise InputError(
                f"does not look like text (read as {encoding}, {reason}); give --encoding if it is text"
            )
    return DecodedText(text, encoding, confidence, replaced)
