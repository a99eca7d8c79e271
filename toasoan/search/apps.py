from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401

        post_migrate.connect(signals.fill_empty_index, sender=self)
