"""Read-side queries of the blocks that show articles by locality; each returns a bounded
number of rows, never a count over the archive."""

from __future__ import annotations

from toasoan.places.models import Locality

from .models import ArticlePage

LOCALITY_LIST = 5
HOME_LOCALITIES = 12


def locality_articles(
    *,
    localities: list[Locality],
    exclude: int | None = None,
    limit: int = LOCALITY_LIST,
) -> list[ArticlePage]:
    """The latest articles about the first of ``localities``."""
    if not localities:
        return []
    articles = ArticlePage.objects.published().filter(localities=localities[0])
    return list(articles.exclude(pk=exclude)[:limit])


def recent_localities(limit: int = HOME_LOCALITIES) -> list[Locality]:
    """Localities of the latest tagging, newest first: a walk down the tag table's primary
    key, never a count over the archive."""
    through = ArticlePage.localities.through
    ids = []
    recent = through.objects.order_by("-pk").values_list("locality_id", flat=True)
    for locality_id in recent[: limit * 8]:
        if locality_id not in ids:
            ids.append(locality_id)
        if len(ids) == limit:
            break
    found = Locality.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]
