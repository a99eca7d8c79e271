from django.apps import AppConfig
from django.urls import register_converter


class FoundationConfig(AppConfig):
    name = "toasoan.foundation"
    label = "foundation"
    verbose_name = "Nền tảng"

    def ready(self):
        from .pagination import IdConverter

        register_converter(IdConverter, "id")  # before any URL pattern is built
