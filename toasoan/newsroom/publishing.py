"""One publishing path: what happens when an article goes live, leaves the site or is
deleted, in this order, whoever does it (the admin, the scheduled-publishing loop, an
import, a script calling ``revision.publish()``; Wagtail tells them all apart only by its
signals, which ``newsroom.receivers`` hands to these services).

In the publish's transaction, only what is quick and must agree with the live row: the
article sitemap's date. Everything slow is a job for ``toasoan worker``, enqueued once the
transaction commits (a rolled-back publish enqueues nothing), so the editor's request
returns before any of it runs:

1. the "Địa phương" counts of its units (``articles.tasks.coverage_job``);
2. its search terms and "Tin liên quan", and its place in others' lists
   (``search.tasks.related_job``; the index row itself is written with the page,
   ``search.receivers``);
3. its photos' renditions for phones and its embeds' posters
   (``articles.tasks.article_media_job``, also run when the article is saved);
4. its share card, for an article without a photo (``articles.tasks.share_card_job``);
5. the names it writes, which the proofreader then leaves alone (``articles.tasks.names_job``).

The full-page cache is purged by each app's ``receivers`` (``articles.receivers`` for the
page and the lists that show it); a job that changes what readers see purges its own
keys (``store_related``).
"""

from __future__ import annotations

from toasoan.articles.coverage import article_localities, refresh_later
from toasoan.articles.models import ArticleName, ArticlePage
from toasoan.articles.sitemaps import chunk_touch
from toasoan.articles.tasks import (
    article_media_job,
    names_job,
    names_recount_job,
    share_card_job,
)
from toasoan.jobs.enqueue import job_enqueue
from toasoan.search.tasks import related_job


def _count_places(article: ArticlePage) -> None:
    refresh_later(article_localities(article.pk))


def article_published(*, article: ArticlePage) -> None:
    chunk_touch(article.pk)
    _count_places(article)
    job_enqueue(related_job, article_id=article.pk)
    job_enqueue(article_media_job, article_id=article.pk)
    job_enqueue(names_job, article_id=article.pk)
    if not article.cover_image_id:
        job_enqueue(share_card_job, article_id=article.pk)


def article_unpublished(*, article: ArticlePage) -> None:
    chunk_touch(article.pk)
    _count_places(article)
    job_enqueue(names_job, article_id=article.pk)


def article_deleted(*, article: ArticlePage) -> None:
    """Before the rows go: what it was tagged with is read now, counted after commit."""
    chunk_touch(article.pk)
    _count_places(article)
    names = list(
        ArticleName.objects.filter(article_id=article.pk).values_list(
            "name_id", flat=True
        )
    )
    if names:
        job_enqueue(names_recount_job, name_ids=names)
