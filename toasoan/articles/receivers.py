"""What a change of the paper's content purges from the full-page cache (and the
process caches: the menu, the view-restriction flag), and the other derived data kept in
step whoever changes an article's tags: the "Địa phương" counts (a job), and free-text
localities a places load adopts. What publishing does is ``toasoan.newsroom.publishing``.

Receivers of Wagtail's and Django's model signals, not of admin views, so that the same
keys go whoever makes the change: the admin, the scheduled-publishing loop, an import, a
script calling ``revision.publish()``. Keys are named in ``toasoan.serving.keys``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from toasoan.places.models import Locality
from toasoan.places.signals import units_loaded
from toasoan.serving import keys
from toasoan.serving.purge import purge

from . import coverage, photos
from .cache_keys import article_keys, page_keys
from .context_processors import NAV_CACHE_KEY
from .models import (
    VIEW_RESTRICTIONS_CACHE_KEY,
    ArticlePage,
    Author,
    BreakingNews,
    Correction,
    PaperSettings,
    Takedown,
)
from .services import adopt_free_localities


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


# Photos: every upload is stored without its metadata (``photos``), whichever path
# stores it: the admin's forms clean it while validating; a script's upload is cleaned
# before it is written; a file stored before the row (Wagtail's "uploaded file" step of
# the multiple uploader) is cleaned right after.
@receiver(pre_save, sender=Image)
def clean_photo_upload(sender, instance, **kwargs):
    photos.clean_image_instance(instance)


@receiver(post_save, sender=Image)
def clean_photo_stored(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        photos.clean_stored(instance)


@receiver(post_save, sender=Author)
def purge_author(sender, instance, **kwargs):
    purge([keys.author(instance.pk)])


@receiver(post_save, sender=Locality)
def purge_locality(sender, instance, **kwargs):
    purge([keys.locality(instance.pk)])


@receiver(post_save, sender=BreakingNews)
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


@receiver(m2m_changed, sender=ArticlePage.localities.through)
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._cleared_localities = (
            [instance.pk] if reverse else coverage.article_localities(instance.pk)
        )
    elif action == "post_clear":
        coverage.refresh_later(getattr(instance, "_cleared_localities", []))
    elif action in ("post_add", "post_remove"):
        coverage.refresh_later([instance.pk] if reverse else pk_set or [])


@receiver(units_loaded)
def _adopt_after_load(sender, **kwargs) -> int:
    with coverage.counted_once(enqueue=False):  # all counted just below
        merged = adopt_free_localities()
    # Units ended or changes added: what each of today's units counts may differ.
    coverage.refresh_all()
    return merged


def media_changed(sender, media_id, text=False, **kwargs):
    """A video changed: the articles that play it (as their own video, or in their
    body, from Wagtail's reference index) are purged with the lists showing their
    cards; with ``text``, the live ones are searched by its new words."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from toasoan.media.models import MediaItem

    from .text import article_text_changed

    ids = set(
        ArticlePage.objects.filter(video_id=media_id).values_list("pk", flat=True)
    )
    media_type = ContentType.objects.get_for_model(MediaItem)
    refs = ReferenceIndex.objects.filter(
        to_content_type=media_type, to_object_id=str(media_id)
    ).values_list("object_id", flat=True)
    ids |= {int(r) for r in refs if str(r).isdigit()}
    if not ids:
        return
    purge([keys.page(pk) for pk in ids])
    if text:
        live = ArticlePage.objects.filter(pk__in=ids, live=True).values_list(
            "pk", flat=True
        )
        for article_id in sorted(live):
            article_text_changed.send(sender=ArticlePage, article_id=article_id)
