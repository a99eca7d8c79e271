from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from toasoan.media.signals import media_changed

from . import search
from .models import Episode, Show
from .services import show_changed


@receiver([post_save, post_delete], sender=Show)
def show_saved(sender, instance, created=False, **kwargs):
    """A show made without art gets a generated square cover (directories refuse a
    feed without one)."""
    if created and not instance.cover_id and not instance.generated_cover:
        from .services import show_cover_generate

        show_cover_generate(show=instance)
    show_changed(instance)


@receiver(post_save, sender=Episode)
def episode_saved(sender, instance, **kwargs):
    search.index_episode(instance)
    show_changed(instance.show)


@receiver(post_delete, sender=Episode)
def episode_deleted(sender, instance, **kwargs):
    search.remove_episode(instance.pk)
    show_changed(instance.show)


@receiver(media_changed)
def audio_changed(sender, media_id, **kwargs):
    """An episode's audio was processed: search, its show's pages and feed follow."""
    for episode in Episode.objects.filter(audio_id=media_id).select_related("audio"):
        search.index_episode(episode)
    for show in Show.objects.filter(episodes__audio_id=media_id).distinct():
        show_changed(show)
