from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Channel, Programme
from .services import channel_changed


@receiver([post_save, post_delete], sender=Channel)
def channel_saved(sender, instance, **kwargs):
    channel_changed(
        instance, removed=kwargs.get("signal") is post_delete or not instance.active
    )


@receiver([post_save, post_delete], sender=Programme)
def programme_saved(sender, instance, **kwargs):
    channel_changed(instance.channel)
