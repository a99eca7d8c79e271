"""Was this text typed without diacritics?"""

from __future__ import annotations

import functools

from .normalize import WORD_RE, has_marks, normalize, strip_marks
from .syllables import ONSETS, RHYMES, parse

# In news text 89% of syllables carry a mark and even the 1st-percentile sentence has 72%;
# a text with under 40% is typed without marks (../shared/notes/vietnamese-text.md).
UNACCENTED_BELOW = 0.4
# Too few syllables say nothing: "ok", "Hay" or "cam on" must not be judged.
MIN_SYLLABLES = 3


@functools.cache
def folded_syllables() -> frozenset[str]:
    """Every string that some valid Vietnamese syllable folds to (from the grammar)."""
    forms = set()
    for onset in ("", *ONSETS):
        for rhyme in RHYMES:
            for tone in ("", "\u0301", "\u0323"):
                if parse(onset + rhyme + tone):
                    forms.add(strip_marks(onset + rhyme).lower())
                    break
    return frozenset(forms)


def vietnamese_syllables(text: str) -> list[str]:
    """Words of ``text`` that are, or could be without marks, Vietnamese syllables."""
    known = folded_syllables()
    words = []
    for word in WORD_RE.findall(normalize(text)):
        lower = word.lower()
        if has_marks(lower) and parse(lower) is not None:
            words.append(word)
        elif not has_marks(lower) and lower in known:
            words.append(word)
    return words


def marks_ratio(text: str) -> float | None:
    """Share of Vietnamese-looking syllables that carry a mark (đ counts); None if none."""
    words = vietnamese_syllables(text)
    if not words:
        return None
    return sum(1 for w in words if has_marks(w)) / len(words)


def is_unaccented(text: str, *, min_syllables: int = MIN_SYLLABLES) -> bool:
    """True if ``text`` looks typed without diacritics; short texts are never judged."""
    words = vietnamese_syllables(text)
    if len(words) < min_syllables:
        return False
    return sum(1 for w in words if has_marks(w)) / len(words) < UNACCENTED_BELOW
