from django.apps import AppConfig


class PodcastsConfig(AppConfig):
    name = "toasoan.podcasts"
    label = "podcasts"
    verbose_name = "Podcast, phát thanh"

    def ready(self):
        from . import receivers  # noqa: F401
