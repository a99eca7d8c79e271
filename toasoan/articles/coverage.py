"""Keeps ``LocalityCoverage``: for each unit in force today, how many live articles its
page lists (about it or the units it took over) and when the newest was published.

Refreshed for the units an article's localities lead to whenever its tags change, it is
published, unpublished or deleted (``toasoan.newsroom.publishing``), by a job once the
change is committed (a count made inside a publish could miss a concurrent one's
article, and would hold row locks while the editor waits): each refresh counts one
unit's articles (an indexed walk of the tag table), never the archive. Units are
refreshed in the order of their keys."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Max

from toasoan.jobs.enqueue import job_enqueue
from toasoan.places.models import Locality
from toasoan.places.selectors import covering_units, with_predecessors

from .models import ArticlePage, LocalityCoverage

HOME_UNITS = 12


def refresh_units(units) -> list[int]:
    """Count each unit again; returns the ids of those counted."""
    counted = []
    for unit in sorted({u.pk: u for u in units}.values(), key=lambda u: u.pk):
        if not unit.key or unit.level == "province":  # free names; the whole province
            continue
        counted.append(unit.pk)
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
    return counted


def refresh_localities(ids) -> list[int]:
    units = []
    for locality in Locality.objects.filter(pk__in=set(ids)):
        units += covering_units(locality)
    return refresh_units(units)


# Within ``counted_once()``, tag changes collect their localities here.
_collecting: ContextVar[set[int] | None] = ContextVar("coverage_ids", default=None)


@contextmanager
def counted_once(*, enqueue: bool = True):
    """A bulk tagging (``places-tag --all``, a places load) enqueues one job for all the
    localities it touched, not one for each article (none with ``enqueue=False``, for a
    caller that counts everything itself)."""
    ids: set[int] = set()
    token = _collecting.set(ids)
    try:
        yield
    finally:
        _collecting.reset(token)
    if enqueue:
        refresh_later(ids)


def refresh_later(ids) -> None:
    """Refresh in the worker once the current transaction commits."""
    from .tasks import coverage_job  # the job module imports this one

    collecting = _collecting.get()
    if collecting is not None:
        collecting.update(ids)
        return
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
