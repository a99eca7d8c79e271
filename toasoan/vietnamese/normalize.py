"""Normalization and folding: every text passes here before it is stored, indexed or compared."""

from __future__ import annotations

import functools
import re
import unicodedata

from .syllables import TONE_MARKS, parse, place_tone, split_onset, split_tone

WORD_RE = re.compile(r"[^\W\d_]+")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007"), " ")
# Icelandic eth looks like Vietnamese đ and comes from bad keyboards and OCR.
_ETH = {ord("\u00d0"): "\u0110", ord("\u00f0"): "\u0111"}
_TRANSLATE = {**_INVISIBLE, **_SPACES, **_ETH}


@functools.lru_cache(maxsize=1 << 17)
def normalize_syllable(word: str, *, style: str = "traditional") -> str:
    """Put the tone mark of one Vietnamese syllable where ``style`` wants it.

    Words that are not Vietnamese syllables (names, foreign words) come back unchanged;
    letters are never changed, so kỹ/kĩ and lý/lí stay as written.
    """
    lower = word.lower()
    syl = parse(lower)
    if syl is None:
        return word
    bare, tone = split_tone(lower)
    onset, rhyme = split_onset(bare)
    placed = place_tone(onset, rhyme, tone, style=style)
    if placed == lower:
        return word
    if len(placed) != len(word):
        return word
    return "".join(
        new.upper() if old.isupper() else new for old, new in zip(word, placed)
    )


def normalize(text: str, *, style: str = "traditional") -> str:
    """NFC, no invisible characters, đ for look-alikes, one tone-mark placement style."""
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    return WORD_RE.sub(lambda m: normalize_syllable(m.group(), style=style), text)


def strip_marks(text: str) -> str:
    """Remove every diacritic (tone and shape) and map đ to d, keeping letter case."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize(
        "NFC", stripped.replace("\u0111", "d").replace("\u0110", "D")
    )


def strip_tone(text: str) -> str:
    """Remove tone marks only (hòa -> hoa, người -> ngươi)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    )


def fold(text: str) -> str:
    """The search key: normalized, marks removed, đ -> d, lower case."""
    return strip_marks(normalize(text)).lower()


def has_marks(word: str) -> bool:
    """True if the word carries any Vietnamese diacritic or is spelt with đ."""
    return not word.isascii() and strip_marks(word) != word
