"""Indexing articles and searching them (keyword-only services, as elsewhere)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils import timezone

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import searchable_body
from toasoan.vietnamese.numbers import thousands
from toasoan.vietnamese.search import Query, index_article, parse_query, snippet

from .backends import CANDIDATES, Filters, get_backend
from .ranking import did_you_mean, rank
from .related import remember_terms

log = logging.getLogger(__name__)
PER_PAGE = 10
MAX_PAGE = CANDIDATES // PER_PAGE


def search_index_article(*, article_id: int) -> None:
    """Index the live version of an article, or drop it from the index if not live."""
    article = ArticlePage.objects.filter(pk=article_id, live=True).first()
    backend = get_backend()
    if article is None:
        backend.remove(article_id)
        return
    _index(backend, article)


def _index(backend, article: ArticlePage, *, terms: bool = False) -> None:
    """The index row; with ``terms``, the article's "Tin liên quan" terms too (a
    rebuild; on publish they are the related job's first step)."""
    doc = index_article(article.title, article.sapo, searchable_body(article))
    backend.index(article.pk, doc, article.published_at)
    if not terms:
        return
    try:  # "Tin liên quan" makes the vector again if it is missing: never block a rebuild
        remember_terms(article)
    except Exception:
        log.exception("terms of article %s not stored", article.pk)


def search_remove_article(*, article_id: int) -> None:
    get_backend().remove(article_id)


def search_reindex(*, progress=None) -> int:
    """Rebuild the whole index from the live articles; returns how many were indexed."""
    backend = get_backend()
    backend.clear()
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for n, pk in enumerate(ids, start=1):
        _index(backend, ArticlePage.objects.get(pk=pk), terms=True)
        if progress:
            progress(n, len(ids))
    return len(ids)


COUNT_CAP = 1000


@dataclass
class Hit:
    article: ArticlePage
    snippet: str


@dataclass
class SearchResults:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    suggestion: str | None = None
    total: int = 0  # matches, counted up to COUNT_CAP + 1

    @property
    def total_text(self) -> str:
        if self.total > COUNT_CAP:
            return f"Hơn {thousands(COUNT_CAP)} bài viết"
        return f"{thousands(self.total)} bài viết"


def _snippet(article: ArticlePage, query: Query) -> str:
    """The sapo, unless only the body holds the query as a phrase or holds any of it."""

    def texts():
        yield article.sapo
        yield searchable_body(article)  # made only when the sapo has no phrase

    return snippet(texts(), query)


def search_articles(
    *, text: str, filters: Filters | None = None, newest: bool = False, page: int = 1
) -> SearchResults:
    query = parse_query(text)
    page = min(max(page, 1), MAX_PAGE)
    results = SearchResults(
        query=query, page=page, suggestion=did_you_mean(text, query)
    )
    if query.empty:
        return results
    backend = get_backend()
    filters = filters or Filters()
    if newest:
        ids = backend.newest(
            query, filters=filters, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE
        )
    else:
        found = backend.candidates(query, needed=page * PER_PAGE + 1, filters=filters)
        ranked = rank(found, query, suggestion=results.suggestion, now=timezone.now())
        ids = [
            c.article_id for c in ranked[(page - 1) * PER_PAGE : page * PER_PAGE + 1]
        ]
    results.has_next = len(ids) > PER_PAGE
    results.total = backend.count_matches(query, cap=COUNT_CAP, filters=filters)
    ids = ids[:PER_PAGE]
    articles = ArticlePage.objects.live().select_related("section").in_bulk(ids)
    for pk in ids:
        if pk in articles:
            article = articles[pk]
            results.hits.append(Hit(article=article, snippet=_snippet(article, query)))
    return results
