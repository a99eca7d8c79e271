from django.apps import AppConfig


def vietnamese_full_name(user) -> str:
    """Family name first, as Vietnamese write it: "Nguyễn Văn Phóng", not "Phóng Nguyễn
    Văn" (Django joins first_name and last_name in English order)."""
    return " ".join(p for p in (user.last_name.strip(), user.first_name.strip()) if p)


class NewsroomConfig(AppConfig):
    name = "toasoan.newsroom"
    label = "newsroom"
    verbose_name = "Tòa soạn"

    def ready(self):
        # Every place that names a staff member (Wagtail's explorer, history, workflow,
        # the comment log) asks get_full_name; the project keeps Django's user model,
        # so its one English-order method is replaced here rather than the model.
        from django.contrib.auth.models import AbstractUser

        AbstractUser.get_full_name = vietnamese_full_name

        from django.db.models.signals import post_migrate

        from . import receivers  # noqa: F401
        from .roles import grant_snippet_permissions

        # After every app's permissions exist (Django makes them post_migrate too).
        post_migrate.connect(grant_snippet_permissions, dispatch_uid="toasoan-roles")
