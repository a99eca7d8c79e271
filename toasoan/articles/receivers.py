"""What a change of the paper's content purges from the full-page cache (and the
process caches: the menu, the view-restriction flag). Receivers hold cache purges only;
what publishing does is ``toasoan.newsroom.publishing``.

Receivers of Wagtail's and Django's model signals, not of admin views, so that the same
keys go whoever makes the change: the admin, the scheduled-publishing loop, an import, a
script calling ``revision.publish()``. Keys are named in ``toasoan.serving.keys``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from toasoan.places.models import Locality
from toasoan.serving import keys
from toasoan.serving.purge import purge

from .context_processors import NAV_CACHE_KEY
from .models import (
    VIEW_RESTRICTIONS_CACHE_KEY,
    ArticlePage,
    Author,
    Correction,
    PaperSettings,
    Takedown,
)
from .selectors import listed_by


def article_keys(article: ArticlePage) -> list[str]:
    """The article's own page and every list it is (or is about to be) in. Lists it left
    (a tag removed) carry its page key already."""
    return [
        keys.page(article.pk),
        keys.LATEST,
        keys.section_list(article.section_id),
        *(keys.topic_list(pk) for pk in article.tags.values_list("pk", flat=True)),
        *(keys.author_list(a.pk) for a in article.authors.all()),
        *(keys.locality_list(loc.pk) for loc in article.localities.all()),
        # Pages whose "Tin liên quan" lists it (their fragment depends on their own key).
        *(keys.page(pk) for pk in listed_by(article.pk)),
    ]


def page_keys(page: Page) -> list[str]:
    page = page.specific_deferred if type(page) is Page else page
    if isinstance(page, ArticlePage):
        return article_keys(page)
    # A section or the home page: its own page, and the menu of every page.
    return [keys.page(page.pk), keys.SITE]


def purge_after_migrate(sender, **kwargs):
    """After ``migrate``: every page and fragment, as a site settings change does."""
    purge([keys.SITE])


@receiver(page_published)
def purge_page(sender, instance, **kwargs):
    purge(page_keys(instance))


# Removals are hard purges: an unpublished article must not come back as a stale copy
# while the app is down (serving.purge).
@receiver(page_unpublished)
def purge_unpublished(sender, instance, **kwargs):
    purge(page_keys(instance), removed=True)


@receiver(post_page_move)
def purge_moved(sender, instance, **kwargs):
    # A move changes sections' lists and, for sections, the menu: rare enough to purge all.
    purge([keys.page(instance.pk), keys.SITE], removed=True)


@receiver(pre_delete)
def purge_listing_deleted(sender, instance, **kwargs):
    """Every list showing a deleted article: its section's, tags', authors', localities'
    and the pages listing it in "Tin liên quan" (read now: the rows go with it)."""
    if isinstance(instance, ArticlePage):
        purge(article_keys(instance), removed=True)


@receiver(post_delete)
def purge_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge([keys.page(instance.pk), keys.LATEST], removed=True)


@receiver(post_save, sender=Author)
def purge_author(sender, instance, **kwargs):
    purge([keys.author(instance.pk)])


@receiver(post_save, sender=Locality)
def purge_locality(sender, instance, **kwargs):
    purge([keys.locality(instance.pk)])


@receiver(post_save, sender=PaperSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_settings(sender, instance, **kwargs):
    purge([keys.SITE])


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def purge_correction(sender, instance, **kwargs):
    """The corrections page and the article's (and, for one moved, the article it left)."""
    purge([keys.CORRECTIONS, *map(keys.page, instance.articles_touched())])


@receiver(post_save, sender=Takedown)
def purge_takedown(sender, instance, **kwargs):
    """The 410 page shows the takedown's notice: an edit of the notice purges it."""
    purge(map(keys.page, instance.articles_touched()), removed=True)


@receiver(page_published)
@receiver(page_unpublished)
def drop_navigation_cache(sender, **kwargs):
    cache.delete(NAV_CACHE_KEY)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def drop_view_restriction_flag(sender, **kwargs):
    cache.delete(VIEW_RESTRICTIONS_CACHE_KEY)
