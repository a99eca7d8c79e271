"""Vietnamese syllable grammar: onset, rhyme and tone, and where the tone mark goes.

A written syllable is (onset)(medial)(nucleus)(coda) plus one of six tones. The tone is
written as a combining mark on one vowel letter; which one depends on the rhyme, and for
open ``oa``, ``oe``, ``uy`` on the house style (traditional ``hòa``/``thủy``, which Báo Thanh
Hóa writes, or modern ``hoà``/``thuỷ``).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

# Combining tone marks, in the conventional order of the five marked tones.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
TONE_MARKS = (GRAVE, ACUTE, HOOK, TILDE, DOT)
TONE_NAMES = {
    "": "ngang",
    GRAVE: "huyền",
    ACUTE: "sắc",
    HOOK: "hỏi",
    TILDE: "ngã",
    DOT: "nặng",
}
# Shape marks stay with their letter: breve (ă), circumflex (â ê ô), horn (ơ ư).
SHAPE_MARKS = ("\u0306", "\u0302", "\u031b")

VOWELS = set("aăâeêioôơuưy")
SHAPED_VOWELS = set("ăâêôơư")

ONSETS = (
    "ngh", "ng", "gh", "gi", "qu", "ch", "kh", "nh", "ph", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
CONSONANT_CODAS = ("ch", "nh", "ng", "c", "m", "n", "p", "t")
STOP_CODAS = ("c", "ch", "p", "t")


def _rhymes() -> frozenset[str]:
    """Every toneless rhyme of standard Vietnamese orthography."""
    open_rhymes = """
        a ai ao au ay âu ây e eo ê êu i ia iu o oi ô ôi ơ ơi u ua ui uôi ư ưa ưi ưu
        ươi ươu y yêu iêu oa oai oay oe oeo uy uya uyu uê uơ ơu
    """.split()
    # Nucleus -> codas it takes.
    closed = {
        "a": "c ch m n ng nh p t",
        "ă": "c m n ng p t",
        "â": "c m n ng p t",
        "e": "c m n ng p t",
        "ê": "ch m n nh p t",
        "i": "ch m n nh p t",
        "o": "c m n ng p t",
        "oo": "c ng",
        "ô": "c m n ng p t",
        "ơ": "m n p t",
        "u": "c m n ng p t",
        "ư": "c m n ng t",
        "iê": "c m n ng p t",
        "yê": "m n ng t",
        "uô": "c m n ng t",
        "ươ": "c m n ng p t",
        "oa": "c ch m n ng nh p t",
        "oă": "c m n ng t",
        "oe": "n t",
        "uâ": "n ng t",
        "uê": "ch nh",
        "uy": "ch n nh p t",
        "uyê": "n t",
        "y": "ch n nh p t",  # only after qu: quýt, quỳnh, quých (see parse)
    }
    result = set(open_rhymes)
    for nucleus, codas in closed.items():
        result.update(nucleus + coda for coda in codas.split())
    return frozenset(result)


RHYMES = _rhymes()


@dataclass(frozen=True)
class Syllable:
    onset: str
    rhyme: str
    tone: str  # one of TONE_MARKS, or "" for ngang

    @property
    def tone_name(self) -> str:
        return TONE_NAMES[self.tone]

    @property
    def coda(self) -> str:
        for coda in ("ch", "nh", "ng", "c", "m", "n", "p", "t"):
            if self.rhyme.endswith(coda) and len(self.rhyme) > len(coda):
                return coda
        return ""


def split_tone(syllable: str) -> tuple[str, str]:
    """Return the syllable without its tone mark (NFC) and the mark ("" if none).

    Raises ValueError if the syllable carries more than one tone mark.
    """
    tones = [ch for ch in unicodedata.normalize("NFD", syllable) if ch in TONE_MARKS]
    if len(tones) > 1:
        raise ValueError(f"more than one tone mark in {syllable!r}")
    if not tones:
        return unicodedata.normalize("NFC", syllable), ""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", syllable) if ch not in TONE_MARKS
    )
    return unicodedata.normalize("NFC", bare), tones[0]


def split_onset(bare: str) -> tuple[str, str]:
    """Split a lower-case toneless syllable into onset and rhyme."""
    for onset in ONSETS:
        if bare.startswith(onset):
            rest = bare[len(onset) :]
            if onset == "gi" and (not rest or rest[0] not in VOWELS):
                return "g", bare[1:]  # gì, gìn: the i is the vowel
            if onset == "qu" and not rest:
                return "q", "u"  # not a valid syllable, but keep the letters
            return onset, rest
    return "", bare


@functools.lru_cache(maxsize=1 << 16)
def parse(syllable: str) -> Syllable | None:
    """Parse one syllable, or return None if it is not valid Vietnamese.

    Cached: a text repeats its syllables, and the importer and proofreader ask for the
    same few thousand over and over (a third of proofreading's time before)."""
    if not syllable or not syllable.isalpha():
        return None
    try:
        bare, tone = split_tone(syllable.lower())
    except ValueError:
        return None
    onset, rhyme = split_onset(bare)
    # giếng, giết: the i of "gi" doubles as the start of iê.
    spelled = "i" + rhyme if onset == "gi" and rhyme.startswith("ê") else rhyme
    if spelled not in RHYMES:
        return None
    if onset == "q" or (onset == "qu" and rhyme[0] in "uư"):
        return None
    first = rhyme[0]
    if onset in ("k", "gh", "ngh") and first not in "eêiy":
        return None
    if onset in ("c", "ng") and first in "eêiy":
        return None
    if onset == "g" and first in "eêy":  # g + i only as the split "gi" of gì, gìn
        return None
    if onset == "gi" and rhyme.startswith(("i", "y")):
        return None
    if rhyme[0] == "y" and len(rhyme) > 1 and rhyme[1] != "ê" and onset != "qu":
        return None  # ynh, yt only spell qu + uy: quỳnh, quýt
    if onset and rhyme.startswith("yê") and onset not in ("qu",):
        return None  # tiên, not tyên
    if not onset and rhyme.startswith("iê"):
        return None  # yên, not iên
    syl = Syllable(onset, rhyme, tone)
    if syl.coda in STOP_CODAS and tone not in ("", ACUTE, DOT):
        return None
    if syl.coda in STOP_CODAS and tone == "":
        return None
    return syl


def is_valid(syllable: str) -> bool:
    return parse(syllable) is not None


def tone_index(rhyme: str, *, style: str = "traditional") -> int:
    """Index in ``rhyme`` of the vowel letter that carries the tone mark."""
    vowel_end = len(rhyme)
    for coda in CONSONANT_CODAS:
        if rhyme.endswith(coda) and len(rhyme) > len(coda):
            vowel_end = len(rhyme) - len(coda)
            break
    vowels = rhyme[:vowel_end]
    has_coda = vowel_end < len(rhyme)
    shaped = [i for i, ch in enumerate(vowels) if ch in SHAPED_VOWELS]
    if shaped:
        return shaped[-1]  # ươ -> ơ, uyê -> ê
    if len(vowels) <= 1:
        return 0
    if has_coda:
        return len(vowels) - 1  # hoàn, suýt, xoong
    if len(vowels) == 3:
        return 1  # ngoài, khuỷu, ngoáy
    if vowels in ("oa", "oe", "uy") and style == "modern":
        return 1
    return 0  # hòa, thủy, mái, mùa, mía


def place_tone(onset: str, rhyme: str, tone: str, *, style: str = "traditional") -> str:
    """Compose lower-case onset + rhyme + tone into one NFC syllable."""
    if not tone:
        return onset + rhyme
    i = tone_index(rhyme, style=style)
    marked = unicodedata.normalize("NFC", rhyme[i] + tone)
    return onset + rhyme[:i] + marked + rhyme[i + 1 :]
