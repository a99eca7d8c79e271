"""Read-side queries for reader pages: each returns a bounded number of rows in one query."""

from __future__ import annotations

from django.db.models import QuerySet

from toasoan.comments.selectors import published_count
from toasoan.places import selectors as places
from toasoan.places.weather import report_for

from .models import ArticlePage, Locality, SectionPage

HOME_TOP = 5
HOME_PER_SECTION = 4
RELATED = 6
LOCALITY_LIST = 5
HOME_LOCALITIES = 12


def published_articles() -> QuerySet[ArticlePage]:
    return (
        ArticlePage.objects.live()
        .select_related("section", "cover_image")
        .defer("body")
        .order_by("-published_at", "-pk")
    )


def section_articles(*, section: SectionPage) -> QuerySet[ArticlePage]:
    return published_articles().filter(section=section)


def home_sections(*, home) -> list[SectionPage]:
    return list(
        SectionPage.objects.live()
        .child_of(home)
        .filter(show_on_home=True)
        .order_by("home_order", "path")
    )


def home_blocks(*, home) -> dict:
    """Top stories, one block per section and the Địa phương block: bounded by the number
    of sections (a handful), never by the size of the archive."""
    sections = home_sections(home=home)
    top = list(published_articles()[:HOME_TOP])
    blocks = []
    for section in sections:
        items = list(section_articles(section=section)[:HOME_PER_SECTION])
        if items:
            blocks.append({"section": section, "articles": items})
    localities = recent_localities()
    local_section = next((s for s in sections if s.slug == "dia-phuong"), None)
    return {
        "top_articles": top,
        "section_blocks": [b for b in blocks if b["section"] != local_section],
        "local_section": local_section,
        "local_articles": next(
            (b["articles"] for b in blocks if b["section"] == local_section), []
        ),
        "locality_links": places.locality_links(localities),
        "weather": report_for(places.weather_locality()),
    }


def article_context(*, article: ArticlePage) -> dict:
    related = []
    if article.section_id:
        related = list(
            section_articles(section=article.section).exclude(pk=article.pk)[:RELATED]
        )
    localities = list(article.localities.all())
    local_articles = []
    if localities:
        local_articles = list(
            published_articles()
            .filter(localities=localities[0])
            .exclude(pk=article.pk)[:LOCALITY_LIST]
        )
    links = places.locality_links(localities)
    return {
        "related_articles": related,
        "locality_articles": local_articles,
        "article_tags": list(article.tags.all()),
        "article_authors": list(article.authors.all()),
        "comment_count": published_count(article_id=article.pk),
        "locality_links": links,
        "weather": report_for(
            places.weather_locality(links[0]["today"] if links else [])
        ),
    }


def recent_localities(limit: int = HOME_LOCALITIES) -> list[Locality]:
    """Localities of the latest tagging, newest first: a walk down the tag table's primary
    key, never a count over the archive."""
    through = ArticlePage.localities.through
    ids = []
    for locality_id in through.objects.order_by("-pk").values_list(
        "locality_id", flat=True
    )[: limit * 8]:
        if locality_id not in ids:
            ids.append(locality_id)
        if len(ids) == limit:
            break
    found = Locality.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]
