"""Writes with side effects on articles (keyword-only, ``<entity>_<action>``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from toasoan.places.models import Locality, LocalitySlug
from toasoan.places.tagging import resolve_name
from toasoan.serving.purge import purge

from . import coverage
from .cache_keys import article_keys
from .models import ArticlePage


@transaction.atomic
def article_localities_add(
    *,
    article: ArticlePage,
    localities: list[Locality],
    user=None,
    replacing: Locality | None = None,
) -> str:
    """Tag ``article`` with ``localities`` wherever its localities are kept; the one way
    tags are added, from the editor's button, ``places-tag`` or a places load.

    By an editor (``user``): a new revision of the latest version, published when the
    page was live without pending changes and the user may publish, so the workflow is
    never skipped; returns "published" or "draft". By the system (no user): the live page
    and the latest revision are amended in place, so that the next publish keeps the
    tags; with ``replacing`` (a free name folded into its unit), every revision that
    named it names the unit instead, and no other; returns "amended"."""
    if user is not None:
        permissions = article.permissions_for_user(user)
        publish = (
            article.live
            and not article.has_unpublished_changes
            and permissions.can_publish()
        )
        latest = article.get_latest_revision_as_object()
        latest.localities.add(*localities)
        revision = latest.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            return "published"
        return "draft"
    through = ArticlePage.localities.through
    for locality in localities:
        through.objects.get_or_create(articlepage_id=article.pk, locality=locality)
    if replacing is not None:
        through.objects.filter(articlepage_id=article.pk, locality=replacing).delete()
    new_ids = [loc.pk for loc in localities]
    # Written past the m2m manager (no m2m_changed): the home block's counts by hand,
    # and the pages that show the article's places (its own, the lists it joins).
    coverage.refresh_later(new_ids)
    if article.live:
        purge(article_keys(article))
    revisions = Revision.page_revisions.filter(object_id=str(article.pk)).only(
        "content"
    )
    if replacing is None:
        revisions = revisions.order_by("-created_at", "-pk")[:1]
    for revision in revisions:
        ids = revision.content.get("localities")
        if not isinstance(ids, list):
            continue
        if replacing is not None:
            if replacing.pk not in ids:
                continue  # a version without the free name stays without its unit
            ids = [i for i in ids if i != replacing.pk]
        amended = list(dict.fromkeys([*ids, *new_ids]))
        if amended != revision.content["localities"]:
            revision.content["localities"] = amended
            revision.save(update_fields=["content"])
    return "amended"


def adopt_free_localities() -> int:
    """Free-text localities ("TP.Thanh Hóa" from an import made before the units were
    loaded) that name exactly one unit valid when their articles were published become
    that unit: every tag moves, the old slug redirects. Returns how many were folded."""
    merged = 0
    for free in Locality.objects.filter(key=None):
        first = (
            ArticlePage.objects.filter(localities=free)
            .exclude(first_published_at=None)
            .order_by("first_published_at")
            .values_list("first_published_at", flat=True)
            .first()
        )
        day = timezone.localtime(first).date() if first else timezone.localdate()
        unit = resolve_name(free.name, day)
        if unit is None:
            continue
        with transaction.atomic():
            for article in ArticlePage.objects.filter(localities=free):
                article_localities_add(
                    article=article, localities=[unit], replacing=free
                )
            LocalitySlug.objects.get_or_create(
                slug=free.slug, defaults={"locality": unit}
            )
            LocalitySlug.objects.filter(locality=free).update(locality=unit)
            free.delete()
        merged += 1
    return merged
