from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from toasoan.media.signals import media_changed

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


@receiver([post_save, post_delete], sender=Episode)
def episode_saved(sender, instance, **kwargs):
    show_changed(instance.show)


@receiver(media_changed)
def audio_changed(sender, media_id, **kwargs):
    """An episode's audio was processed: its show's pages and feed follow."""
    for show in Show.objects.filter(episodes__audio_id=media_id).distinct():
        show_changed(show)
