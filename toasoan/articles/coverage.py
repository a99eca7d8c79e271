"""Keeps ``LocalityCoverage``: for each unit in force today, how many live articles its
page lists (about it or the units it took over) and when the newest was published.

Refreshed for the units an article's localities lead to whenever its tags change, it is
published, unpublished or deleted (``toasoan.newsroom.publishing``), by a job once the
change is committed (a count made inside a
publish could miss a concurrent one's article, and would hold row locks while the
editor waits): each refresh counts one unit's articles (an indexed walk of the tag
table), never the archive. Units are refreshed in the order of their keys."""

from __future__ import annotations

import sys

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from toasoan.places.models import Locality
from toasoan.places.selectors import covering_units, with_predecessors

from .models import ArticlePage, LocalityCoverage

HOME_UNITS = 12


def refresh_units(units) -> None:
    for unit in sorted({u.pk: u for u in units}.values(), key=lambda u: u.pk):
        if not unit.key or unit.level == "province":  # free names; the whole province
            continue
        articles = ArticlePage.objects.live().filter(
            localities__in=with_predecessors(unit)
        )
        found = articles.aggregate(latest=Max("published_at"))
        count = articles.values("pk").distinct().count() if found["latest"] else 0
        if count:
            LocalityCoverage.objects.update_or_create(
                locality=unit,
                defaults={"articles": count, "latest_at": found["latest"]},
            )
        else:
            LocalityCoverage.objects.filter(locality=unit).delete()


def refresh_localities(ids) -> None:
    units = []
    for locality in Locality.objects.filter(pk__in=set(ids)):
        units += covering_units(locality)
    refresh_units(units)


def refresh_later(ids) -> None:
    """Refresh in the worker once the current transaction commits."""
    from toasoan.jobs.enqueue import job_enqueue

    from .tasks import coverage_job

    ids = sorted(set(ids))
    if ids:
        job_enqueue(coverage_job, locality_ids=ids)


def refresh_all() -> int:
    """Every unit again (after a places load or a bulk import); returns how many hold
    articles."""
    through = ArticlePage.localities.through
    tagged = set(through.objects.values_list("locality_id", flat=True).distinct())
    with transaction.atomic():
        LocalityCoverage.objects.all().delete()
        refresh_localities(tagged)
    return LocalityCoverage.objects.count()


def fill_empty(sender, using="default", verbosity=1, **kwargs):
    """After migrate: a database from before this table gets its counts once."""
    if getattr(sender, "label", None) != "articles" or using != "default":
        return
    from django.db import connection

    # Migrated back to before the table, or to a state of the models before today's:
    # nothing to fill now (the next full migrate does it).
    if kwargs.get("plan") and any(backwards for _, backwards in kwargs["plan"]):
        return
    if LocalityCoverage._meta.db_table not in connection.introspection.table_names():
        return
    if LocalityCoverage.objects.exists():
        return
    if ArticlePage.localities.through.objects.exists():
        found = refresh_all()
        if verbosity:
            sys.stdout.write(f"Đã đếm bài viết cho {found} đơn vị hành chính.\n")


def home_units(limit: int = HOME_UNITS) -> list[tuple[Locality, int]]:
    """Today's units written about most recently, with their article counts."""
    rows = LocalityCoverage.objects.select_related("locality").order_by(
        "-latest_at", "locality_id"
    )[:limit]
    return [(row.locality, row.articles) for row in rows]


def article_localities(article_id) -> list[int]:
    through = ArticlePage.localities.through
    return list(
        through.objects.filter(articlepage_id=article_id).values_list(
            "locality_id", flat=True
        )
    )


@receiver(m2m_changed, sender=ArticlePage.localities.through)
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._cleared_localities = (
            [instance.pk] if reverse else article_localities(instance.pk)
        )
    elif action == "post_clear":
        refresh_later(getattr(instance, "_cleared_localities", []))
    elif action in ("post_add", "post_remove"):
        refresh_later([instance.pk] if reverse else pk_set or [])
