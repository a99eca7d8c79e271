from django.apps import AppConfig


class WeatherConfig(AppConfig):
    name = "toasoan.weather"
    label = "weather"
    verbose_name = "Thời tiết"

    def ready(self):
        from . import receivers  # noqa: F401
