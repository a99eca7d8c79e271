from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "toasoan.ingest"
    label = "ingest"
    verbose_name = "Nhập bài"
