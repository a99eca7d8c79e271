"""The demo paper's print edition: today's, 12 pages laid out from its newest articles
(one print-only story every few pages, from an older article no web article of these
days matches), processed and published as the managing editor would."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import body_lines
from toasoan.editions import matching, services
from toasoan.editions.models import Edition
from toasoan.editions.sample import make_edition, stories_from_articles
from toasoan.editions.tasks import process_edition

PAGES = 12


def demo_print() -> Edition:
    """The edition of the day after the sample articles' newest day (they were written
    weeks apart from the few made today), from the articles of its last days."""
    articles = (
        ArticlePage.objects.live().exclude(layout="live").order_by("-published_at")
    )
    bulk = list(articles.only("published_at")[5:6])
    if not bulk:
        raise ValueError("Chưa có bài mẫu để làm báo in.")
    day = timezone.localdate(bulk[0].published_at) + dt.timedelta(days=1)
    existing = Edition.objects.filter(date=day).first()
    if existing is not None:
        return existing
    start = timezone.make_aware(
        dt.datetime.combine(
            day - dt.timedelta(days=matching.DAYS_BEFORE - 1), dt.time()
        )
    )
    end = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    fields = ("title", "sapo", "body")
    recent = list(
        articles.filter(published_at__gte=start, published_at__lt=end).only(*fields)[
            : PAGES * 3
        ]
    )
    older = list(
        articles.filter(published_at__lt=start - dt.timedelta(days=10)).only(*fields)[
            :10
        ]
    )
    chosen = []
    for n, article in enumerate(recent):
        if n % 8 == 7 and older:  # a story only the print edition carries
            article = older.pop()
        chosen.append((article.title, article.sapo, body_lines(article.body)[:8]))
    data = make_edition(stories_from_articles(chosen), day=day)
    edition = Edition(date=day, hold_until_date=False)
    edition.pdf.save(f"bao-in-{day.isoformat()}.pdf", ContentFile(data), save=False)
    edition.save()
    process_edition(edition.pk)
    edition.refresh_from_db()
    if edition.status == Edition.READY:
        services.edition_publish(edition=edition, user=None)
        edition.refresh_from_db()
    return edition
