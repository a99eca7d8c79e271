"""Sitemaps: an index, one sitemap of articles per 10,000 ids (by primary key, so no
request ever scans the archive: an index of 1M articles is one MAX(id) and 100 small
rows), the Google News sitemap of the last two days, and the paper's other pages
(sections, localities, topics, authors). All on the paper's public address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape as _escape

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone

from toasoan.serving import keys as surrogate_keys
from toasoan.vietnamese.visible import xml_text

from .models import (
    ArticlePage,
    Author,
    PaperSettings,
    SectionPage,
    SitemapChunk,
    Topic,
    article_path,
)

CHUNK = 10_000  # ids per article sitemap (the protocol allows 50,000 URLs and 50 MB)
MAX_NUMBER = (2**63 - 1) // CHUNK - 1
NEWS_DAYS = 2
NEWS_MAX = 1000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def escape(text: str) -> str:
    """Escaped, and without characters XML cannot carry (a row stored before text was
    cleaned on save must not make the whole sitemap invalid)."""
    return _escape(xml_text(text))


def w3c(when: dt.datetime) -> str:
    """W3C datetime in Vietnam's time zone: 2026-12-01T08:00:00+07:00."""
    return timezone.localtime(when).isoformat(timespec="seconds")


def xml_response(body: str) -> HttpResponse:
    """An XML document as the answer; its surrogate keys are the caller's to tag."""
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
        content_type="application/xml; charset=utf-8",
    )


def urlset(entries: Iterable[str]) -> HttpResponse:
    """A plain sitemap of ``url_entry`` strings (the print edition's and podcasts' too)."""
    return xml_response(f'<urlset xmlns="{SITEMAP_NS}">{"".join(entries)}</urlset>')


def _xml(body: str) -> HttpResponse:
    # Sitemaps list the newest articles (news) or change with each publication (index).
    surrogate_keys.tag(surrogate_keys.LATEST)
    return xml_response(body)


def url_entry(loc: str, lastmod: dt.datetime | None = None, extra: str = "") -> str:
    mod = f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(loc)}</loc>{mod}{extra}</url>"


def chunk_touch(article_id: int, when: dt.datetime | None = None) -> None:
    """Record that the article sitemap holding ``article_id`` changed."""
    SitemapChunk.objects.update_or_create(
        number=article_id // CHUNK, defaults={"lastmod": when or timezone.now()}
    )


# Sitemaps of other apps (the print edition's): functions () -> [(path, lastmod)],
# listed in the index after the articles' (they tag what they read themselves).
OTHER_SITEMAPS: list = []


def register_sitemaps(provider) -> None:
    if provider not in OTHER_SITEMAPS:
        OTHER_SITEMAPS.append(provider)


def sitemap_index(request):
    paper = PaperSettings.for_request(request)
    top = ArticlePage.objects.aggregate(top=Max("pk"))["top"] or 0
    changed = dict(SitemapChunk.objects.values_list("number", "lastmod"))
    entries = [
        (paper.absolute("/sitemap-trang.xml"), None),
        (paper.absolute("/sitemap-tin-moi.xml"), timezone.now()),
        (paper.absolute("/sitemap-video.xml"), None),
    ]
    for number in range(top // CHUNK + 1):
        entries.append(
            (paper.absolute(f"/sitemap-bai-viet-{number}.xml"), changed.get(number))
        )
    for provider in OTHER_SITEMAPS:
        entries += [(paper.absolute(path), mod) for path, mod in provider()]
    body = "".join(
        f"<sitemap><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{w3c(mod)}</lastmod>" if mod else "")
        + "</sitemap>"
        for loc, mod in entries
    )
    return _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{body}</sitemapindex>')


def article_sitemap(request, number: int):
    """The live articles with ids in [number × 10,000, (number + 1) × 10,000)."""
    if number > MAX_NUMBER:  # past the database's 64-bit ids: nothing there
        raise Http404("Không có sitemap này")
    paper = PaperSettings.for_request(request)
    rows = (
        ArticlePage.objects.live()
        .filter(pk__gte=number * CHUNK, pk__lt=(number + 1) * CHUNK)
        .order_by("pk")
        .values_list("pk", "slug", "last_published_at")
    )
    body = "".join(
        url_entry(paper.absolute(article_path(slug, pk)), mod) for pk, slug, mod in rows
    )
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{body}</urlset>')


def news_sitemap(request):
    """Google News: articles first published in the last two days, newest first, at most
    1,000; news:title is the headline alone, news:publication_date the first publication."""
    paper = PaperSettings.for_request(request)
    name = paper.google_news_name or paper.paper_name
    since = timezone.now() - dt.timedelta(days=NEWS_DAYS)
    rows = (
        ArticlePage.objects.live()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .values_list("pk", "slug", "title", "published_at", "last_published_at")[
            :NEWS_MAX
        ]
    )
    publication = (
        f"<news:publication><news:name>{escape(name)}</news:name>"
        "<news:language>vi</news:language></news:publication>"
    )
    body = "".join(
        url_entry(
            paper.absolute(article_path(slug, pk)),
            mod,
            f"<news:news>{publication}<news:publication_date>{w3c(first)}"
            f"</news:publication_date><news:title>{escape(title)}</news:title></news:news>",
        )
        for pk, slug, title, first, mod in rows
    )
    return _xml(f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">{body}</urlset>')


VIDEO_NS = "http://www.google.com/schemas/sitemap-video/1.1"
VIDEO_MAX = 5_000


def video_sitemap(request):
    """Google's video extension: the newest live articles whose own video is ready
    (at most 5,000), each with its poster, MP4, duration and description."""
    from toasoan.serving import keys

    paper = PaperSettings.for_request(request)
    rows = (
        ArticlePage.objects.live()
        .filter(video__isnull=False)
        .exclude(video__folder="")
        .select_related("video", "video__poster_image")
        .only(
            "pk", "slug", "title", "sapo", "published_at", "last_published_at",
            "video__title", "video__description", "video__folder", "video__duration",
            "video__thumbnails", "video__poster_choice", "video__poster_image",
            "video__created_at", "video__renditions",
        )
        .order_by("-published_at", "-pk")[:VIDEO_MAX]
    )  # fmt: skip
    parts = []
    for article in rows:
        media = article.video
        description = (media.description or article.sapo or article.title)[:2048]
        parts.append(
            url_entry(
                paper.absolute(article_path(article.slug, article.pk)),
                article.last_published_at,
                "<video:video>"
                f"<video:thumbnail_loc>{escape(paper.absolute(media.poster_url))}"
                "</video:thumbnail_loc>"
                f"<video:title>{escape(article.title[:100])}</video:title>"
                f"<video:description>{escape(description)}</video:description>"
                f"<video:content_loc>{escape(paper.absolute(media.mp4_url))}"
                "</video:content_loc>"
                f"<video:duration>{max(1, round(media.duration))}</video:duration>"
                f"<video:publication_date>{w3c(article.published_at)}"
                "</video:publication_date>"
                "<video:family_friendly>yes</video:family_friendly>"
                "</video:video>",
            )
        )
    keys.tag(keys.LATEST, keys.VIDEOS)
    return _xml(
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:video="{VIDEO_NS}">{"".join(parts)}</urlset>'
    )


def pages_sitemap(request):
    """Home, sections, localities with articles, topics and authors."""
    from toasoan.places.models import Locality

    paper = PaperSettings.for_request(request)
    urls = [url_entry(paper.absolute("/"))]
    for section in SectionPage.objects.live().only(
        "url_path", "slug", "last_published_at"
    ):
        urls.append(
            url_entry(paper.absolute(section.url or "/"), section.last_published_at)
        )
    tagged = Locality.objects.filter(articlepage__live=True).distinct().only("slug")
    urls += [
        url_entry(paper.absolute(loc.get_absolute_url())) for loc in tagged[:20_000]
    ]
    urls += [
        url_entry(paper.absolute(t.get_absolute_url()))
        for t in Topic.objects.only("slug")[:20_000]
    ]
    urls += [
        url_entry(paper.absolute(a.get_absolute_url()))
        for a in Author.objects.only("slug")[:5_000]
    ]
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{"".join(urls)}</urlset>')


def robots_txt(request):
    paper = PaperSettings.for_request(request)
    from django.conf import settings

    surrogate_keys.tag(surrogate_keys.SITE)

    lines = [
        "User-agent: *",
        f"Disallow: {settings.ADMIN_PREFIX}",
        "Disallow: /tim-kiem",
        "Disallow: /binh-luan/",
        "Disallow: /api/",
        f"Sitemap: {paper.absolute('/sitemap.xml')}",
        f"Sitemap: {paper.absolute('/sitemap-tin-moi.xml')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
