from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "toasoan.comments"
    label = "comments"
    verbose_name = "Bình luận"

    def ready(self):
        from . import receivers  # noqa: F401
