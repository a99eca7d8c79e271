from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "toasoan.channels"
    label = "channels"
    verbose_name = "Kênh trực tiếp"

    def ready(self):
        from . import receivers  # noqa: F401
