"""The final order of search results, the same for both backends (pure Python, no Django).

The database returns candidates in two tiers with its own relevance score (bm25 on
SQLite, ts_rank on PostgreSQL): tier 1 has every query syllable in the headline or sapo
(and one of its syllable pairs), tier 2 the other matches. Within a tier the order is

    score / best score in the tier                       (0..1, the database's word)
  + PHRASE   if the query is a phrase of the headline  (numbers aside)
  + LENGTH * log P(this phrase | headline length)      (a short headline that holds the
                                                        phrase is more about it)
  + MARKED   if the phrase with the query's marks (or, for a query typed without marks,
             the marks restoration gives it) is in the headline

times a mild recency boost: up to +10% for today's articles, halving every year.
Weights tuned on known-item queries from vietnews_val, a sample apart from bench_search's.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from toasoan.vietnamese import restore_diacritics
from toasoan.vietnamese.search import Query, parse_query

PHRASE = 1.0
LENGTH = 0.08
MARKED = 0.1
RECENCY_WEIGHT = 0.1
RECENCY_HALF_LIFE_DAYS = 365


@dataclass(frozen=True)
class Candidate:
    article_id: int
    score: float  # the database's relevance within the tier, higher is better
    tier: int
    title_marked: str  # " hội nghị giao ban "
    title_folded: str
    published: dt.datetime | None
    # Holds every query syllable with the marks the reader typed, anywhere (headline,
    # sapo or body); always true for a query typed without marks.
    marks: bool = True


def _length_prior(headline_syllables: int, phrase_syllables: int) -> float:
    """log of 1 / (number of phrases of this length the headline holds)."""
    return -math.log(max(headline_syllables - phrase_syllables + 1, 1))


def recency_boost(published: dt.datetime | None, now: dt.datetime) -> float:
    if published is None:
        return 1.0
    age_days = max((now - published).total_seconds() / 86400, 0)
    return 1 + RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)


def rerank(
    candidates: list[Candidate],
    *,
    phrase_folded: str,
    phrase_marked: str = "",
    now: dt.datetime,
    marks_typed: bool = False,
) -> list[Candidate]:
    """Candidates of any tiers, best first. Phrases are " a b c " as IndexedArticle keeps them.

    ``marks_typed``: the reader typed the marks ("Đảng"), so a headline holding only the
    same letters with other marks ("Đang làm rõ…") does not get the phrase bonus, and
    every result holding the marks anywhere comes before every one that does not: the
    Party's articles come before "đang" and "đáng", whichever tier."""
    best: dict[int, float] = {}
    for c in candidates:
        best[c.tier] = max(best.get(c.tier, 0.0), c.score)
    size = len(phrase_folded.split())
    phrase_marked = phrase_marked if phrase_marked.strip() else ""

    def final(c: Candidate) -> tuple[int, float, int]:
        value = c.score / best[c.tier] if best[c.tier] > 0 else 0.0
        if size and phrase_folded in c.title_folded:
            exact = bool(phrase_marked) and phrase_marked in c.title_marked
            if exact or not marks_typed:
                value += PHRASE + LENGTH * _length_prior(
                    len(c.title_folded.split()), size
                )
            if exact:
                value += MARKED
        return (
            not c.marks,
            c.tier,
            -value * recency_boost(c.published, now),
            -c.article_id,
        )

    return sorted(candidates, key=final)


def did_you_mean(text: str, query: Query) -> str | None:
    """The query with its marks restored, when it was typed without any."""
    if query.empty or query.has_marks:
        return None
    restored = restore_diacritics(text.strip())
    return restored if restored != text.strip() else None


def rank(
    candidates: list[Candidate],
    query: Query,
    *,
    suggestion: str | None,
    now: dt.datetime,
) -> list[Candidate]:
    """``rerank`` for a query; an unaccented one prefers the headlines that carry the marks
    its suggestion (did_you_mean) restores."""
    preferred = (
        parse_query(suggestion).phrase_marked if suggestion else query.phrase_marked
    )
    return rerank(
        candidates,
        phrase_folded=query.phrase_folded,
        phrase_marked=preferred,
        now=now,
        marks_typed=query.has_marks,
    )
