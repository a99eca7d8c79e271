from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
def drop_navigation_cache(sender, **kwargs):
    cache.delete(NAV_CACHE_KEY)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete)
def touch_sitemap(sender, instance=None, **kwargs):
    """The article sitemap holding a changed article is marked changed in the index."""
    from .models import ArticlePage
    from .sitemaps import chunk_touch

    if isinstance(instance, ArticlePage) or (
        sender is ArticlePage and instance is not None
    ):
        chunk_touch(instance.pk)


@receiver(page_published)
def make_share_card(sender, instance=None, **kwargs):
    """Every article published without a photo gets its preview image now, not when
    the first reader shares it."""
    from .models import ArticlePage, PaperSettings
    from .share_cards import share_card_make

    page = getattr(instance, "specific", instance)
    if not isinstance(page, ArticlePage):
        return
    site = page.get_site()
    paper = PaperSettings.for_site(site) if site else None
    share_card_make(page, paper.paper_name if paper else "")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def drop_view_restriction_flag(sender, **kwargs):
    from .models import VIEW_RESTRICTIONS_CACHE_KEY

    cache.delete(VIEW_RESTRICTIONS_CACHE_KEY)


@receiver(post_save, sender="articles.Takedown")
def take_the_article_down(sender, instance, created, **kwargs):
    """A takedown unpublishes its article (Wagtail logs who did it; the article and its
    revisions stay), whoever records it: the admin, a script."""
    moved = instance._article_before != instance.article_id
    if not (created or moved) or instance.article_id is None:
        return
    from wagtail.models import Revision

    article = instance.article
    if article.live:
        article.unpublish(user=instance.created_by)
    # A publication scheduled for later must not bring it back either.
    Revision.page_revisions.filter(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    ).update(approved_go_live_at=None)
    type(article).objects.filter(pk=article.pk).update(go_live_at=None)
