from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "toasoan.comments"
    label = "comments"
    verbose_name = "Bình luận"
