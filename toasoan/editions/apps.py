from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "toasoan.editions"
    label = "editions"
    verbose_name = "Báo in"

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

        from toasoan.articles.sitemaps import register_sitemaps

        from . import receivers, views

        register_sitemaps(views.sitemaps)
        post_save.connect(
            receivers.settings_saved,
            sender="editions.EditionSettings",
            dispatch_uid="editions_settings_saved",
        )
        pre_delete.connect(
            receivers.edition_deleting,
            sender="editions.Edition",
            dispatch_uid="editions_deleting",
        )
