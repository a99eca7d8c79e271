"""Old archives: detect and convert pre-Unicode Vietnamese encodings.

Before Unicode won (mid-2000s) Vietnamese papers typed in TCVN3 (ABC, the ``.VnTime`` fonts),
VNI, VISCII, VIQR (ASCII mnemonics) or Windows-1258, and later archives often hold UTF-8 read as
Windows-1252 ("Viá»‡t"). Each candidate conversion is scored by how much of the result reads as
Vietnamese syllables; text is only rewritten when a conversion reads clearly better than the
original, so text that was fine comes back untouched.

The byte tables for TCVN3, VNI and VISCII come from ``viparse`` (MIT), which validated them on
real government documents; mojibake is undone with ``ftfy`` (MIT).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .normalize import WORD_RE, has_marks
from .syllables import ACUTE, DOT, GRAVE, HOOK, TILDE, parse

UNICODE = "unicode"
# Letters of the Latin-1 block that Vietnamese uses; any other 0x80-0xFF character in a
# Vietnamese text is a sign of a legacy encoding or mojibake.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Legacy tables key letters on C0/C1 control characters (VISCII puts 38 letters there).
_SUSPECT_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\u2212\u2219]")
# A conversion must read this much better than the original before we apply it.
_MIN_GAIN = 0.15


@dataclass(frozen=True)
class Repair:
    text: str
    encoding: str  # "unicode" when the text was left as it was
    confidence: float  # 0..1: how sure we are that ``encoding`` is right

    @property
    def changed(self) -> bool:
        return self.encoding != UNICODE


def vietnamese_score(text: str) -> float:
    """How much ``text`` reads as Vietnamese: valid and marked syllables, few odd characters."""
    words = Counter(WORD_RE.findall(text))
    if not words:
        return 0.0
    # Each distinct word is parsed once: a page repeats its words, so the cost follows
    # the vocabulary, not the length (a 4 MB page was 50 s, most of it here).
    valid = [w for w in words if parse(w) is not None]
    n_valid = sum(words[w] for w in valid)
    marked = sum(words[w] for w in valid if has_marks(w))
    total = sum(words.values())
    letters = sum(len(w) * n for w, n in words.items()) or 1
    odd = sum(1 for ch in _SUSPECT_RE.findall(text) if ch not in _VIETNAMESE_LATIN1)
    return (n_valid + marked) / (2 * total) - 2 * odd / letters


# --- VIQR -----------------------------------------------------------------------------

_VIQR_SHAPES = {
    "a(": "ă", "a^": "â", "e^": "ê", "o^": "ô", "o+": "ơ", "o*": "ơ", "u+": "ư", "u*": "ư",
    "A(": "Ă", "A^": "Â", "E^": "Ê", "O^": "Ô", "O+": "Ơ", "O*": "Ơ", "U+": "Ư", "U*": "Ư",
    "dd": "đ", "DD": "Đ", "Dd": "Đ", "d-": "đ", "D-": "Đ",
}  # fmt: skip
_VIQR_TONES = {"'": ACUTE, "/": ACUTE, "`": GRAVE, "?": HOOK, "~": TILDE, ".": DOT}
_VIQR_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_VIQR_RE = re.compile(
    r"[aAeEoOuU][(^+*]|[dD][dD-]|[aeiouyAEIOUY]['`~](?=\w)|[aeiouyAEIOUY][.?](?=[a-z])"
)


def viqr_to_unicode(text: str) -> str:
    """Convert VIQR ("Vie^.t Nam") to Unicode; a backslash escapes the next character."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i + 1])
            i += 2
            continue
        pair = text[i : i + 2]
        if pair in _VIQR_SHAPES and (pair[0] not in "dD" or _in_word(text, i)):
            out.append(_VIQR_SHAPES[pair])
            i += 2
        else:
            out.append(ch)
            i += 1
        if out[-1] and out[-1][-1] in _VIQR_VOWELS and i < n and text[i] in _VIQR_TONES:
            mark = text[i]
            after = text[i + 1] if i + 1 < n else ""
            # "?" and "." end sentences: only read them as tones inside a word, before
            # other punctuation ("ve?." = vẻ.) or before a lower-case continuation.
            if mark in ".?" and not (
                after.isalpha()
                or (after and after in ".,;:!?")
                or (after == " " and text[i + 2 : i + 3].islower())
            ):
                continue
            out[-1] = unicodedata.normalize("NFC", out[-1] + _VIQR_TONES[mark])
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _in_word(text: str, i: int) -> bool:
    """A VIQR "dd" starts a word ("ddi"), unlike "add" or "Odd"."""
    return i == 0 or not text[i - 1].isalpha()


# --- candidates ----------------------------------------------------------------------


def _charmap_candidate(name: str):
    from viparse.normalize.encodings import get_charmap
    from viparse.normalize.tables import convert

    charmap = get_charmap(name)

    def run(text: str) -> str | None:
        return convert(text, charmap)

    return run


def _cp1258(text: str) -> str | None:
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        try:
            raw = text.encode("latin-1")
        except UnicodeEncodeError:
            return None
    try:
        return unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _mojibake(text: str) -> str | None:
    import ftfy

    fixed = ftfy.fix_encoding(text)
    return unicodedata.normalize("NFC", fixed)


def _viqr(text: str) -> str | None:
    if not _VIQR_RE.search(text):
        return None
    return viqr_to_unicode(text)


CANDIDATES = {
    "utf-8-mojibake": _mojibake,
    "windows-1258": _cp1258,
    "tcvn3": _charmap_candidate("tcvn3"),
    "vni": _charmap_candidate("vni"),
    "viscii": _charmap_candidate("viscii"),
    "viqr": _viqr,
}


# Detection reads a sample this long of a longer text: every candidate converts and scores
# what it reads, so a 5 MB page cost 3.4 s here when read whole; only the winner converts
# the whole text.
_SAMPLE_CHARS = 64_000
_SAMPLE_PIECES = 16


def _sample(text: str) -> str:
    """Evenly spaced pieces of ``text``, cut at line starts and spaces."""
    if len(text) <= 2 * _SAMPLE_CHARS:
        return text
    size, step = _SAMPLE_CHARS // _SAMPLE_PIECES, len(text) // _SAMPLE_PIECES
    pieces = []
    for k in range(_SAMPLE_PIECES):
        start = text.rfind("\n", 0, k * step) + 1
        piece = text[start : start + size]
        cut = piece.rfind(" ")
        pieces.append(piece[:cut] if cut > 0 else piece)
    return "\n".join(pieces)


def repair_encoding(text: str) -> Repair:
    """Detect a legacy encoding in ``text`` and convert it to Unicode (NFC).

    Returns the text unchanged, with encoding "unicode", unless one conversion reads clearly
    better than the original.
    """
    sample = _sample(text)
    original = vietnamese_score(unicodedata.normalize("NFC", sample))
    best_name, best_text, best_score = UNICODE, sample, original
    for name, candidate in CANDIDATES.items():
        converted = candidate(sample)
        if converted is None or converted == sample:
            continue
        score = vietnamese_score(converted)
        if score > best_score:
            best_name, best_text, best_score = name, converted, score
    gain = best_score - original
    if sample is not text and best_name != UNICODE and gain >= _MIN_GAIN:
        best_text = CANDIDATES[best_name](text)
    if best_name == UNICODE or gain < _MIN_GAIN or best_text is None:
        return Repair(text, UNICODE, _clamp(0.5 + original / 2))
    return Repair(best_text, best_name, _clamp(0.5 + gain))


def decode_bytes(data: bytes) -> Repair:
    """Decode a file of unknown Vietnamese encoding (UTF-8, Windows-1258 or an 8-bit font)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return repair_encoding(text)
    try:
        cp1258 = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        cp1258 = None
    latin = repair_encoding(data.decode("latin-1"))
    if cp1258 is not None and vietnamese_score(cp1258) >= vietnamese_score(latin.text):
        return Repair(
            cp1258, "windows-1258", _clamp(0.5 + vietnamese_score(cp1258) / 2)
        )
    return latin


def _clamp(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 3)


def convert(text: str, encoding: str) -> str:
    """``text`` converted from ``encoding`` (a ``Repair.encoding`` found on a larger
    sample of the same source: a print page's lines are too short to tell alone)."""
    candidate = CANDIDATES.get(encoding)
    converted = candidate(text) if candidate else None
    return converted if converted is not None else text
