from django.urls import path

from . import views

urlpatterns = [
    path("sitemap-podcast.xml", views.sitemap_view, name="sitemap_podcasts"),
    path("podcast/", views.shows, name="podcasts"),
    path("nghe-lai/<slug:channel_slug>/", views.replay_day, name="replay_day"),
    path("podcast/<slug:slug>/", views.show_page, name="podcast_show"),
    path("podcast/<slug:slug>/feed.xml", views.show_feed, name="podcast_feed"),
    path(
        "podcast/<slug:show_slug>/<slug:slug>/",
        views.episode_page,
        name="podcast_episode",
    ),
    path(
        "podcast/<slug:show_slug>/<slug:slug>/loi.html",
        views.episode_transcript,
        name="podcast_transcript",
    ),
    path(
        "podcast/<slug:show_slug>/<slug:slug>/chuong.json",
        views.episode_chapters,
        name="podcast_chapters",
    ),
]
