"""Read-side queries of the blocks that show articles by locality; each returns a bounded
number of rows, never a count over the archive."""

from __future__ import annotations

from toasoan.places.models import Locality

from .models import ArticlePage

LOCALITY_LIST = 5


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
