"""Read-side: the comment block of one article, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Comment, Status

PER_PAGE = 20
ORDERS = {"moi": ("-created_at", "-pk"), "thich": ("-likes", "-created_at", "-pk")}


def published_count(*, article_id: int) -> int:
    return Comment.objects.filter(article_id=article_id, status=Status.APPROVED).count()


def thread_page(*, article_id: int, order: str = "moi", page: int = 1) -> dict:
    """Top-level comments for one page, each with its approved replies (oldest first).

    Three queries whatever the archive: the count, one page of threads, their replies."""
    order_by = ORDERS.get(order, ORDERS["moi"])
    count = published_count(article_id=article_id)
    replies = Comment.objects.filter(status=Status.APPROVED).order_by(
        "created_at", "pk"
    )
    roots: QuerySet[Comment] = (
        Comment.objects.filter(
            article_id=article_id, status=Status.APPROVED, parent=None
        )
        .order_by(*order_by)
        .prefetch_related(
            Prefetch("replies", queryset=replies, to_attr="published_replies")
        )
    )
    page = max(1, page)
    start = (page - 1) * PER_PAGE
    threads = list(roots[start : start + PER_PAGE + 1]) if count else []
    return {
        "count": count,
        "threads": threads[:PER_PAGE],
        "has_next": len(threads) > PER_PAGE,
        "page": page,
        "order": order if order in ORDERS else "moi",
    }
