from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from toasoan.articles import feeds, sitemaps
from toasoan.articles import views as article_views
from toasoan.comments import views as comment_views
from toasoan.search.views import search_view

handler500 = "toasoan.serving.outage.server_error"

urlpatterns = [
    path(settings.ADMIN_PREFIX.strip("/") + "/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    re_path(
        r"^(?P<slug>[-A-Za-z0-9_]+)-(?P<pk>[0-9]{1,18})\.htm$",
        article_views.article_view,
        name="article",
    ),
    path("tim-kiem", search_view, name="search"),
    path(
        "binh-luan/<id:article_id>/", comment_views.comment_block, name="comment_block"
    ),
    path(
        "binh-luan/<id:article_id>/phien",
        comment_views.comment_session,
        name="comment_session",
    ),
    path(
        "binh-luan/<id:article_id>/gui",
        comment_views.comment_post,
        name="comment_post",
    ),
    path(
        "binh-luan/y-kien/<id:comment_id>/thich",
        comment_views.comment_like,
        name="comment_like",
    ),
    path(
        "binh-luan/y-kien/<id:comment_id>/bao-cao",
        comment_views.comment_report,
        name="comment_report",
    ),
    path(
        "api/binh-luan/<id:article_id>",
        comment_views.api_comments,
        name="api_comments",
    ),
    # Feeds and sitemaps: what Google, Google News, aggregators and RSS readers fetch.
    path("", include("toasoan.live.urls")),
    path("", include("toasoan.editions.urls")),
    path("", include("toasoan.channels.urls")),
    path("", include("toasoan.podcasts.urls")),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-trang.xml", sitemaps.pages_sitemap, name="sitemap_pages"),
    path("sitemap-tin-moi.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap-video.xml", sitemaps.video_sitemap, name="sitemap_video"),
    path(
        "sitemap-bai-viet-<id:number>.xml",
        sitemaps.article_sitemap,
        name="sitemap_articles",
    ),
    path("rss", feeds.feed_index, name="rss"),
    path("rss/trang-chu.rss", feeds.PaperFeed(), name="feed"),
    path("rss/chu-de/<slug:slug>.rss", feeds.TopicFeed(), name="feed_topic"),
    path("rss/tac-gia/<slug:slug>.rss", feeds.AuthorFeed(), name="feed_author"),
    path("rss/dia-phuong/<slug:slug>.rss", feeds.LocalityFeed(), name="feed_locality"),
    path("rss/<slug:slug>.rss", feeds.SectionFeed(), name="feed_section"),
    path("cai-chinh", article_views.corrections_view, name="corrections"),
    path("doc-nhieu", article_views.most_read_view, name="most_read"),
    path("xem/<id:article_id>", article_views.view_beacon, name="view_beacon"),
    path("chu-de/<slug:slug>", article_views.tag_view, name="tag"),
    path("tac-gia/<slug:slug>", article_views.author_view, name="author"),
    path("dia-phuong/<slug:slug>", article_views.locality_view, name="locality"),
]


NOT_SERVED = ("original_images/", "uploads/")


if getattr(settings, "TOASOAN_SERVE_FILES", False):  # development (settings.dev)
    import posixpath

    from django.views.static import serve

    def _media(request, path):
        # As in production (deploy/varnish, nginx), readers get renditions, never the
        # originals: checked on the normalised path ("//", "./" cannot get round it).
        if posixpath.normpath("/" + path).lstrip("/").startswith(NOT_SERVED):
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", _media)]

urlpatterns += [path("", include(wagtail_urls))]
