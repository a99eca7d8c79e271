"""Search analysis: what the index stores and what a query looks for.

Every text is normalized (NFC, one tone placement, Ð -> Đ), cut into syllables, and kept in
two forms: with marks and folded (no marks, đ -> d), in the same field: a folded query term
("hoa") matches every spelling, a marked one ("hóa") only the exact one. Each form is indexed
as syllables and adjacent syllable pairs ("hội" and "hội0nghị"): pairs rank phrase matches
first without word segmentation, which loses to syllable pairs on Vietnamese news
(../shared/notes/vietnamese-text.md). Headline, sapo and body are separate fields.
i/y spellings are equivalent in search: kỹ/kĩ, lý/lí, quý/quí index the same.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
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


def _pairs(sylls: list[str]) -> list[str]:
    return [a + PAIR + b for a, b in zip(sylls, sylls[1:])]


def field_terms(sylls: list[str]) -> str:
    """One field's index text: syllables and pairs with marks, then the folded forms
    that differ (an unmarked syllable is its own folded form)."""
    folded = [_fold(s) for s in sylls]
    marked_terms = sylls + _pairs(sylls)
    folded_terms = folded + _pairs(folded)
    return " ".join(
        marked_terms + [f for m, f in zip(marked_terms, folded_terms) if f != m]
    )


def _key(sylls: list[str]) -> str:
    """Syllables of a headline without numbers, space-delimited, for phrase checks."""
    return " " + " ".join(s for s in sylls if not s.isdigit()) + " "


@dataclass(frozen=True)
class IndexedArticle:
    """What the index stores for one article; both backends take the same fields."""

    title: str
    sapo: str
    body: str
    title_marked: str  # " hội nghị giao ban " (numbers left out)
    title_folded: str  # " hoi nghi giao ban "
    words: str  # every folded syllable of the three fields, once: what a match needs


def index_article(title: str, sapo: str, body: str) -> IndexedArticle:
    head, lead, text = syllables(title), syllables(sapo), syllables(body)
    return IndexedArticle(
        title=field_terms(head),
        sapo=field_terms(lead),
        body=field_terms(text),
        title_marked=_key(head),
        title_folded=_key([_fold(s) for s in head]),
        words=" ".join(dict.fromkeys(_fold(s) for s in head + lead + text)),
    )


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
        return _pairs(sylls)

    @property
    def phrase_folded(self) -> str:
        return _key(self.folded)

    @property
    def phrase_marked(self) -> str:
        return _key(self.marked) if self.marked else ""


MAX_QUERY_SYLLABLES = 12


def parse_query(text: str) -> Query:
    sylls = syllables(text)[:MAX_QUERY_SYLLABLES]
    folded = [_fold(s) for s in sylls]
    marked = sylls if any(has_marks(s) for s in sylls) else []
    return Query(text=text, marked=marked, folded=folded)


def _hits(text: str, query: Query) -> tuple[list[re.Match], list[str], re.Match | None]:
    """Words of ``text`` that are query syllables (compared folded), their folded forms,
    and where the whole query first stands as a phrase (None if nowhere)."""
    wanted = set(query.folded)
    words = list(re.finditer(r"[^\W_]+", text))
    folded = [_folded(m.group()) for m in words]
    size = len(query.folded)
    windows = range(len(words) - size + 1) if size else ()
    phrase = next(
        (words[i] for i in windows if folded[i : i + size] == query.folded), None
    )
    kept = [i for i, f in enumerate(folded) if f in wanted]
    return [words[i] for i in kept], [folded[i] for i in kept], phrase


def highlight(text: str, query: Query, *, width: int = 240) -> str:
    """An HTML snippet of ``text`` around the query's phrase (or its first word found),
    matched words in <mark>.

    Words are compared folded, so "thanh hoa" highlights "Thanh Hóa" in its original
    spelling; everything else is escaped.
    """
    text = normalize(text)
    return _render(text, *_hits(text, query), width=width)


def snippet(texts, query: Query, *, width: int = 240) -> str:
    """The highlight of the first of ``texts`` (an iterable, read lazily) that holds the
    query as a phrase; else of the one holding most distinct query words; else of the first."""
    first = best = None
    best_words = 0
    for text in texts:
        text = normalize(text)
        hits, folded, phrase = _hits(text, query)
        if phrase is not None:
            return _render(text, hits, folded, phrase, width=width)
        if first is None:
            first = (text, hits, folded, None)
        words = len(set(folded))
        if words > best_words:
            best, best_words = (text, hits, folded, None), words
    chosen = best or first
    return _render(*chosen, width=width) if chosen else ""


@functools.lru_cache(maxsize=8192)
def _folded(word: str) -> str:
    # Snippets fold every word of the texts they look at, most of them common ones.
    return fold(canonical_syllable(word))


def _densest(hits: list[re.Match], folded: list[str], span: int) -> re.Match | None:
    """The hit that starts the ``span`` characters holding the most distinct query words
    (the earliest such): "sap xep don vi hanh chinh" anchors on "sắp xếp các đơn vị", not on
    a lone "Chính" further up. One pass over the hits, however many a long body has."""
    window: Counter[str] = Counter()
    best, best_words, end = None, 0, 0
    for i, m in enumerate(hits):
        while end < len(hits) and hits[end].start() < m.start() + span:
            window[folded[end]] += 1
            end += 1
        if len(window) > best_words:
            best, best_words = m, len(window)
        window[folded[i]] -= 1
        if not window[folded[i]]:
            del window[folded[i]]
    return best


def _render(
    text: str,
    hits: list[re.Match],
    folded: list[str],
    phrase: re.Match | None,
    *,
    width: int,
) -> str:
    anchor = phrase or _densest(hits, folded, width * 2 // 3)
    start = 0
    if anchor and anchor.start() > width // 3:
        start = text.rfind(" ", 0, anchor.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = (
            text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        )
    out, pos = [], start
    for m in hits:
        if m.start() < start or m.end() > end:
            continue
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
