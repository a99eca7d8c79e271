from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "toasoan.live"
    label = "live"
    verbose_name = "Tường thuật trực tiếp"
