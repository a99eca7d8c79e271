"""Wagtail's publishing signals, handed to the one publishing path. Wagtail publishes
from the editor, the workflow, the scheduled loop and ``revision.publish()`` alike, and
tells other code only through these signals: this is their one listener outside the
cache purges."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from toasoan.articles.models import ArticlePage

from . import publishing


def _article(instance) -> ArticlePage | None:
    page = getattr(instance, "specific_deferred", instance)
    return page if isinstance(page, ArticlePage) else None


@receiver(page_published)
def published(sender, instance, **kwargs):
    if article := _article(instance):
        publishing.article_published(article=article)


@receiver(page_unpublished)
def unpublished(sender, instance, **kwargs):
    if article := _article(instance):
        publishing.article_unpublished(article=article)


@receiver(pre_delete)
def deleted(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        publishing.article_deleted(article=instance)
