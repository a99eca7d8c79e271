"""Wagtail hooks of the newsroom: registrations only (the lockouts view is in
``admin_views``; the explorer's and the workflow's hooks register in their modules)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import explorer, workflow_messages  # noqa: F401  (their hooks register on import)
from .admin_views import lockouts, may_unlock


@hooks.register("register_admin_urls")
def _urls():
    return [path("khoa-dang-nhap/", lockouts, name="newsroom_lockouts")]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock(request.user)


@hooks.register("register_settings_menu_item")
def _menu_item():
    return LockoutsMenuItem(
        "Khóa đăng nhập", reverse("newsroom_lockouts"), icon_name="lock", order=900
    )
