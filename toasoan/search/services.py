"""Indexing articles and searching them (keyword-only services, as elsewhere)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags

from toasoan.articles.models import ArticlePage
from toasoan.vietnamese import restore_diacritics
from toasoan.vietnamese.search import Query, highlight, parse_query

from .backends import CANDIDATES, Filters, get_backend

PER_PAGE = 10
MAX_PAGE = CANDIDATES // PER_PAGE
RECENCY_WEIGHT = 0.1  # a mild boost: up to +10% for today's articles, halving every year
RECENCY_HALF_LIFE_DAYS = 365


def article_text(article: ArticlePage) -> tuple[str, str]:
    """(headline + sapo, body text) as indexed and highlighted."""
    parts = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "heading":
            parts.append(str(block.value))
        elif block.block_type == "quote":
            parts.append(block.value["text"])
        elif block.block_type == "figure":
            parts.append(block.value["caption"] or "")
    return f"{article.title}\n{article.sapo}", "\n".join(p for p in parts if p)


def search_index_article(*, article_id: int) -> None:
    """Index the live version of an article, or drop it from the index if not live."""
    article = ArticlePage.objects.filter(pk=article_id, live=True).first()
    backend = get_backend()
    if article is None:
        backend.remove(article_id)
        return
    backend.index(article.pk, *article_text(article))


def search_remove_article(*, article_id: int) -> None:
    get_backend().remove(article_id)


def search_reindex(*, progress=None) -> int:
    """Rebuild the whole index from the live articles; returns how many were indexed."""
    backend = get_backend()
    backend.clear()
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for n, pk in enumerate(ids, start=1):
        article = ArticlePage.objects.get(pk=pk)
        backend.index(pk, *article_text(article))
        if progress:
            progress(n, len(ids))
    return len(ids)


@dataclass
class Hit:
    article: ArticlePage
    score: float
    snippet: str


@dataclass
class SearchResults:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    suggestion: str | None = None


def _boost(score: float, published, now: dt.datetime) -> float:
    if published is None:
        return score
    if isinstance(published, str):  # SQLite hands raw SQL dates back as text
        published = dt.datetime.fromisoformat(published)
    if timezone.is_naive(published):
        published = timezone.make_aware(published, dt.UTC)
    age_days = max((now - published).total_seconds() / 86400, 0)
    return score * (1 + RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS))


def did_you_mean(text: str, query: Query) -> str | None:
    """The query with its marks restored, when it was typed without any."""
    if query.empty or query.has_marks:
        return None
    restored = restore_diacritics(text.strip())
    return restored if restored != text.strip() else None


def _snippet(article: ArticlePage, query: Query) -> str:
    snippet = highlight(article.sapo, query)
    if "<mark>" not in snippet:
        in_body = highlight(article_text(article)[1], query)
        if "<mark>" in in_body:
            return in_body
    return snippet


def search_articles(
    *, text: str, filters: Filters | None = None, newest: bool = False, page: int = 1
) -> SearchResults:
    query = parse_query(text)
    page = min(max(page, 1), MAX_PAGE)
    results = SearchResults(query=query, page=page, suggestion=did_you_mean(text, query))
    if query.empty:
        return results
    backend = get_backend()
    filters = filters or Filters()
    if newest:
        rows = backend.search(
            query, filters, newest=True, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE
        )
    else:
        now = timezone.now()
        rows = backend.search(query, filters, newest=False, limit=CANDIDATES)
        rows = sorted(((pk, _boost(s, p, now), p) for pk, s, p in rows), key=lambda r: -r[1])
        rows = rows[(page - 1) * PER_PAGE : page * PER_PAGE + 1]
    results.has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    articles = ArticlePage.objects.select_related("section").in_bulk([pk for pk, _, _ in rows])
    for pk, score, _ in rows:
        if pk in articles:
            article = articles[pk]
            results.hits.append(Hit(article=article, score=score, snippet=_snippet(article, query)))
    return results
