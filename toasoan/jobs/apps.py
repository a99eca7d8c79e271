from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "toasoan.jobs"
    label = "jobs"
    verbose_name = "Công việc nền"
