from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "toasoan.articles"
    label = "articles"
    verbose_name = "Bài viết"

    def ready(self):
        # Receivers: the navigation cache, and the free localities a places load adopts.
        from . import services, signals  # noqa: F401
