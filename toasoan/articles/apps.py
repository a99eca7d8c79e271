from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "toasoan.articles"
    label = "articles"
    verbose_name = "Bài viết"

    def ready(self):
        # Receivers (they need the models): the navigation cache, and the free
        # localities a places load adopts.
        # Every slug field of the admin (articles, sections, authors, snippets) folds
        # Vietnamese marks in the browser as the server does.
        from django.db import models
        from django.db.models.signals import post_migrate
        from wagtail.admin.forms.models import register_form_field_override

        from . import coverage, receivers, services  # noqa: F401
        from .widgets import VietnameseSlugInput

        post_migrate.connect(coverage.fill_empty, dispatch_uid="toasoan_coverage")
        from toasoan.media.signals import media_changed

        media_changed.connect(receivers.media_changed, dispatch_uid="articles_media")
        # A migration may rewrite rows (slugs, bodies) without a signal: nothing cached
        # from before it is used after it.
        post_migrate.connect(
            receivers.purge_after_migrate,
            sender=self,
            dispatch_uid="toasoan_purge_migrate",
        )
        register_form_field_override(
            models.SlugField, override={"widget": VietnameseSlugInput}
        )
