from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "toasoan.articles"
    label = "articles"
    verbose_name = "Bài viết"

    def ready(self):
        from . import signals  # noqa: F401
