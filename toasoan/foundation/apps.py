from django.apps import AppConfig
from django.urls import register_converter


class FoundationConfig(AppConfig):
    name = "toasoan.foundation"
    label = "foundation"
    verbose_name = "Nền tảng"

    def ready(self):
        from django.db.models.signals import pre_save

        from .pagination import IdConverter
        from .text_fields import clean_text_fields

        register_converter(IdConverter, "id")  # before any URL pattern is built
        pre_save.connect(clean_text_fields, dispatch_uid="toasoan_clean_text_fields")
