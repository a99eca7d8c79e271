from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from . import signals  # noqa: F401
