"""django.contrib.sitemaps beside the paper's own sitemaps, for bench_sitemaps.py: the
same article URLs, 10,000 a sitemap, as Django's framework makes them (the issue asked
whether it could replace ours at a million articles)."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as contrib
from django.urls import path

from toasoan.articles.models import ArticlePage, article_path
from toasoan.urls import urlpatterns as site_urls


class ArticleSitemap(Sitemap):
    limit = 10_000

    def items(self):
        return (
            ArticlePage.objects.live()
            .order_by("pk")
            .only("pk", "slug", "last_published_at")
        )

    def location(self, article):
        return article_path(article.slug, article.pk)

    def lastmod(self, article):
        return article.last_published_at


SITEMAPS = {"bai-viet": ArticleSitemap()}

urlpatterns = [
    path("contrib/sitemap.xml", contrib.index, {"sitemaps": SITEMAPS,
         "sitemap_url_name": "contrib_section"}),
    path("contrib/sitemap-<section>.xml", contrib.sitemap, {"sitemaps": SITEMAPS},
         name="contrib_section"),
    *site_urls,
]  # fmt: skip
