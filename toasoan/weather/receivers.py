"""The weather block is purged after each refresh (services.weather_refresh, one purge for
all units); a report deleted by hand purges it too."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from toasoan.serving import keys
from toasoan.serving.purge import purge

from .models import WeatherReport


@receiver(post_delete, sender=WeatherReport)
def purge_weather(sender, instance, **kwargs):
    purge([keys.WEATHER])
