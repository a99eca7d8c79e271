from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        # Receivers need the models loaded, hence here and not at the top.
        from . import receivers

        # Sent once per app with models; this app has none, so listen to all of them.
        post_migrate.connect(
            receivers.fill_empty_index, dispatch_uid="toasoan_search_fill"
        )
