"""Which web article a print story is: by its headline and its lead, marks and all.

Print headlines are often rewritten for the page, leads much less: a story's score is
the better of the headline's likeness (Dice over syllable pairs) and the share of the
lead's syllable pairs found at the start of the web article (sapo and first
paragraphs). Pairs keep the marks: "Thanh Hóa" and "thanh hoa" are different pairs, as
"tưởng" is not "tướng". Each article goes to its best story only, best scores first.
The candidates are the articles published in the days before the edition (bounded:
this runs in the job, never on a reader's request).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import body_lines
from toasoan.vietnamese.search import syllables

DAYS_BEFORE = 7
DAYS_AFTER = 1
MAX_CANDIDATES = 3000
LEAD_SYLLABLES = 80  # of the print story
WEB_SYLLABLES = 160  # of the web article's sapo and body start
# Tuned on editions made from vietnews_val articles (bench/bench_editions.py).
THRESHOLD = 0.4


def _pairs(text: str, limit: int | None = None) -> set[str]:
    sylls = syllables(text)
    if limit:
        sylls = sylls[:limit]
    return {f"{a} {b}" for a, b in zip(sylls, sylls[1:])}


@dataclass
class Candidate:
    article_id: int
    title: set[str]
    start: set[str]


def candidate(article_id: int, title: str, sapo: str, lines: list[str]) -> Candidate:
    return Candidate(
        article_id, _pairs(title), _pairs("\n".join([sapo, *lines]), WEB_SYLLABLES)
    )


def candidates_for(day: dt.date) -> list[Candidate]:
    """The articles an edition of ``day`` may carry: published in the days before it."""
    start = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=DAYS_BEFORE), dt.time())
    )
    end = timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=DAYS_AFTER + 1), dt.time())
    )
    articles = (
        ArticlePage.objects.live()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("-published_at")
        .only("pk", "title", "sapo", "body")[:MAX_CANDIDATES]
    )
    return [candidate(a.pk, a.title, a.sapo, body_lines(a.body)[:4]) for a in articles]


def _score(head: set[str], lead: set[str], cand: Candidate) -> float:
    title = (
        2 * len(head & cand.title) / (len(head) + len(cand.title))
        if head and cand.title
        else 0.0
    )
    start = len(lead & cand.start) / len(lead) if lead else 0.0
    return max(title, start)


def match(
    stories: list[tuple[str, str]], cands: list[Candidate]
) -> list[tuple[int | None, float]]:
    """For each (headline, text): (article id or None, score)."""
    index: dict[str, list[int]] = defaultdict(list)
    for n, cand in enumerate(cands):
        for pair in cand.title | cand.start:
            index[pair].append(n)
    scored: list[tuple[float, int, int]] = []
    for s, (headline, text) in enumerate(stories):
        head, lead = _pairs(headline), _pairs(text, LEAD_SYLLABLES)
        shared: dict[int, int] = defaultdict(int)
        for pair in head | lead:
            for n in index.get(pair, ()):
                shared[n] += 1
        # Only the candidates sharing the most pairs are scored in full.
        for n in sorted(shared, key=shared.get, reverse=True)[:20]:
            value = _score(head, lead, cands[n])
            if value >= THRESHOLD:
                scored.append((value, s, n))
    result: list[tuple[int | None, float]] = [(None, 0.0)] * len(stories)
    taken: set[int] = set()
    for value, s, n in sorted(scored, reverse=True):
        if result[s][0] is not None or n in taken:
            continue
        result[s] = (cands[n].article_id, round(value, 3))
        taken.add(n)
    return result
