"""Search analysis: what the index stores and what a query looks for.

Every text is normalized (NFC, one tone placement, Ð -> Đ), cut into syllables, and kept in
two forms: with marks and folded (no marks, đ -> d). Each form is indexed as syllables and
adjacent syllable pairs ("hội" and "hội0nghị"): pairs rank phrase matches first without
word segmentation, which loses to syllable pairs on Vietnamese news (notes/vietnamese-text.md).
i/y spellings are equivalent in search: kỹ/kĩ, lý/lí, quý/quí index the same.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from .normalize import fold, has_marks, normalize
from .syllables import parse, place_tone, split_tone
from .tokens import TOKEN_RE

# Joins a syllable pair into one token that both SQLite's unicode61 tokenizer and
# PostgreSQL's default parser keep whole (letters and digits, no separator).
PAIR = "0"


@functools.lru_cache(maxsize=1 << 17)
def canonical_syllable(word: str) -> str:
    """Lower case, with the i/y of kỹ/kĩ, lý/lí, quý/quí made one."""
    lower = word.lower()
    syl = parse(lower)
    if syl is None or syl.rhyme != "y" or not syl.onset:
        return lower
    bare, tone = split_tone(lower)
    return place_tone(syl.onset, "i", tone)


def syllables(text: str) -> list[str]:
    """Canonical syllables (and numbers) of a text, in order; punctuation breaks nothing."""
    out = []
    for m in TOKEN_RE.finditer(normalize(text)):
        kind = m.lastgroup
        if kind == "word":
            out.append(canonical_syllable(m.group()))
        elif kind == "number":
            out.append(re.sub(r"\D", "", m.group()) or m.group())
    return out


@functools.lru_cache(maxsize=1 << 17)
def _fold(syllable: str) -> str:
    return fold(syllable)


def _terms(sylls: list[str]) -> list[str]:
    return sylls + [a + PAIR + b for a, b in zip(sylls, sylls[1:])]


def index_forms(text: str) -> tuple[str, str]:
    """The marked and folded index texts of ``text``: syllables then syllable pairs."""
    sylls = syllables(text)
    return " ".join(_terms(sylls)), " ".join(_terms([_fold(s) for s in sylls]))


@dataclass(frozen=True)
class Query:
    text: str
    marked: list[str]  # canonical syllables with marks ([] if the query has none)
    folded: list[str]

    @property
    def has_marks(self) -> bool:
        return bool(self.marked)

    @property
    def empty(self) -> bool:
        return not self.folded

    def pairs(self, sylls: list[str]) -> list[str]:
        return [a + PAIR + b for a, b in zip(sylls, sylls[1:])]


MAX_QUERY_SYLLABLES = 12


def parse_query(text: str) -> Query:
    sylls = syllables(text)[:MAX_QUERY_SYLLABLES]
    folded = [_fold(s) for s in sylls]
    marked = sylls if any(has_marks(s) for s in sylls) else []
    return Query(text=text, marked=marked, folded=folded)


def highlight(text: str, query: Query, *, width: int = 240) -> str:
    """An HTML snippet of ``text`` around the first match, matched words in <mark>.

    Words are compared folded, so "thanh hoa" highlights "Thanh Hóa" in its original
    spelling; everything else is escaped.
    """
    text = normalize(text)
    wanted = set(query.folded)
    words = list(re.finditer(r"[^\W_]+", text))
    hits = [m for m in words if fold(canonical_syllable(m.group())) in wanted]
    start = 0
    if hits and hits[0].start() > width // 3:
        start = text.rfind(" ", 0, hits[0].start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    out, pos = [], start
    for m in hits:
        if m.start() < start or m.end() > end:
            continue
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
