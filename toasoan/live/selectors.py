"""What readers see of a live page, each one bounded query on the page's own posts
(never the archive)."""

from __future__ import annotations

import re

from .models import LiveCoverage, LivePost

# A night of a few hundred posts shows in full on one page (a reload shows everything);
# past this the oldest are left to the next page.
PAGE_POSTS = 300
# The readers' poll sends the last changes: a reader polling every 10-12 s misses one or
# two, a hidden tab (a minute) a handful; one that slept longer reloads the page.
CHANGES = 12
KEY_EVENTS = 30
JSON_LD_UPDATES = 20


def coverage_of(article_id: int) -> LiveCoverage | None:
    return LiveCoverage.objects.filter(article_id=article_id).first()


def shown_posts(
    coverage: LiveCoverage | None, limit: int = PAGE_POSTS
) -> list[LivePost]:
    if coverage is None:
        return []
    return list(
        LivePost.objects.filter(coverage=coverage, status=LivePost.PUBLISHED).order_by(
            "-published_at", "-pk"
        )[:limit]
    )


def key_events(coverage: LiveCoverage | None) -> list[LivePost]:
    """ "Diễn biến chính": the pinned posts, newest first."""
    if coverage is None:
        return []
    return list(
        LivePost.objects.filter(
            coverage=coverage, status=LivePost.PUBLISHED, key_event=True
        ).order_by("-published_at", "-pk")[:KEY_EVENTS]
    )


def changes(coverage: LiveCoverage) -> tuple[list[LivePost], int]:
    """The posts readers saw change last (published, corrected, pinned, taken down),
    newest change first, and the version below which some changes are left out (0 when
    none are): a reader who holds an older version reloads the page."""
    rows = list(
        LivePost.objects.filter(coverage=coverage, version__gt=0).order_by("-version")[
            : CHANGES + 1
        ]
    )
    floor = rows[CHANGES].version if len(rows) > CHANGES else 0
    return rows[:CHANGES], floor


def shared_post(coverage: LiveCoverage | None, value) -> LivePost | None:
    """The post a shared link (``?cap-nhat=<id>``) points at, if it is on the page."""
    # ASCII digits only: "²" or "١٢" pass str.isdigit() but not int().
    if coverage is None or not re.fullmatch(r"[0-9]{1,12}", str(value or "")):
        return None
    return LivePost.objects.filter(
        coverage=coverage, pk=int(value), status=LivePost.PUBLISHED
    ).first()


def searchable_lines(article) -> list[str]:
    """The summary and the published posts' words of a live page, for search."""
    if getattr(article, "layout", "") != "live" or not article.pk:
        return []
    from toasoan.articles.pictures import images_loaded
    from toasoan.articles.text import body_lines

    coverage = coverage_of(article.pk)
    lines = [coverage.summary] if coverage and coverage.summary else []
    posts = shown_posts(coverage)
    with images_loaded([p.body for p in posts]):  # two queries, not two a post
        for post in posts:
            if post.title:
                lines.append(post.title)
            lines += body_lines(post.body)
    return lines
