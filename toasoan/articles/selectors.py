"""Reader queries on articles: each reads a bounded number of rows by key, never a count
over the archive (views, template tags, the comment views)."""

from __future__ import annotations

import datetime as dt
import hashlib

import django
import wagtail
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from toasoan.places.models import Locality
from toasoan.serving import fragments
from toasoan.serving import keys as surrogate_keys

from .models import (
    ArticlePage,
    ArticleViews,
    RelatedArticle,
    RelatedLink,
    SectionPage,
    Takedown,
)
from .pictures import COVER_SPECS, cover_renditions


def article_by_id(pk: int, using: str | None = None) -> ArticlePage:
    """The live article with its section, and its cover photo with the renditions its
    page, share preview and JSON-LD use (stored with the article object: an uncached
    render of the page asks the cover nothing more)."""
    try:
        articles = (
            ArticlePage.objects.using(using)
            .live()
            .select_related("section", "cover_image")
            .prefetch_related(cover_renditions(COVER_SPECS))
        )
        return articles.get(pk=pk)
    except ArticlePage.DoesNotExist as exc:
        raise Http404("Không tìm thấy bài viết") from exc


# The shape of a stored article object: an upgrade (of a field, of Django or Wagtail)
# makes every copy stored before it unused, never half-read. Data migrations end them
# too: every migrate purges the site (articles.apps).
_ARTICLE_SHAPE = hashlib.blake2b(
    repr(
        (
            django.__version__,
            wagtail.__version__,
            [
                (f.attname, type(f).__name__)
                for m in (ArticlePage, Page, SectionPage)
                for f in m._meta.concrete_fields
            ],
        )
    ).encode(),
    digest_size=8,
).hexdigest()


def article_for_reader(pk: int) -> ArticlePage:
    """The live article with its section and its authors' ids, as ``article_by_id``
    reads it, kept in the fragment cache until a purge of its page (publish, edit,
    unpublish, move, delete) or of the site (a section renamed): the two queries and
    their compilation are a third of an uncached article's CPU. Authors are written
    only when the page is saved, which purges it; their own edits purge their keys,
    which the fragments that show them depend on."""

    read = {}

    def build():
        # From the primary: a copy stored under the generation of a purge must never
        # be read from a replica that has not replayed it yet, and must not name a
        # replica the paper may later remove.
        article = article_by_id(pk, using=DEFAULT_DB_ALIAS)
        read["authors"] = list(article.authors.all())
        return article, [a.pk for a in read["authors"]]

    name = f"article-object:{pk}:{_ARTICLE_SHAPE}"
    stored = fragments.cached(name, [surrogate_keys.page(pk)], build)
    try:
        article, author_ids = stored
    except (TypeError, ValueError):  # not what this code stores: read it afresh
        article, author_ids = build()
    article.reader_author_ids = author_ids
    # Just read, or read only where a fragment that shows them renders.
    article.reader_authors = (
        read["authors"]
        if "authors" in read
        else SimpleLazyObject(lambda: list(article.authors.all()))
    )
    return article


def taken_down(pk: int):
    """The latest takedown of an article that is not live now, or None."""
    return (
        Takedown.objects.filter(article_id=pk, article__live=False)
        .order_by("-created_at")
        .first()
    )


def listed_by(article_id: int) -> set[int]:
    """Articles whose "Tin liên quan" may show this one (computed or chosen)."""
    return (
        set(
            RelatedArticle.objects.filter(related_id=article_id).values_list(
                "article_id", flat=True
            )
        )
        | set(
            RelatedLink.objects.filter(related_id=article_id).values_list(
                "article_id", flat=True
            )
        )
        | read_more_by(article_id)
    )


def read_more_by(article_id: int) -> set[int]:
    """Published pages whose body links to this article in a "Đọc thêm" card, from
    Wagtail's reference index (kept by Wagtail on every save; indexed by target)."""
    from wagtail.models import ReferenceIndex

    rows = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Page),
        to_object_id=str(article_id),
        base_content_type=ContentType.objects.get_for_model(Page),
        model_path__startswith="body.read_more",
    )
    return {int(pk) for pk in rows.values_list("object_id", flat=True)}


def most_read(*, days: int = 1, limit: int = 10, section_id=None, author_id=None):
    """The live articles read most over the last ``days`` days (today counts as one),
    as (article, views): one grouped query over those days' rows and one for the pages."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = ArticleViews.objects.filter(day__gte=since, article__live=True)
    if section_id:
        rows = rows.filter(article__section_id=section_id)
    if author_id:
        rows = rows.filter(article__authors=author_id)
    top = list(
        rows.values("article")
        .annotate(total=models.Sum("views"))
        .order_by("-total", "-article")[:limit]
    )
    pages = ArticlePage.objects.select_related("section").in_bulk(
        [r["article"] for r in top]
    )
    return [(pages[r["article"]], r["total"]) for r in top if r["article"] in pages]


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
