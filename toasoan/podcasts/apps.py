from django.apps import AppConfig


class PodcastsConfig(AppConfig):
    name = "toasoan.podcasts"
    label = "podcasts"
    verbose_name = "Podcast, phát thanh"

    def ready(self):
        from toasoan.articles.sitemaps import register_sitemaps

        from . import receivers, views  # noqa: F401

        register_sitemaps(views.sitemaps)
