from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401

        # Sent once per app with models; this app has none, so listen to all of them.
        post_migrate.connect(
            signals.fill_empty_index, dispatch_uid="toasoan_search_fill"
        )
