"""Wagtail hooks of the newsroom: registrations only (the lockouts view is in
``admin_views``; the explorer's and the workflow's hooks register in their modules)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import explorer, workflow_messages  # noqa: F401  (their hooks register on import)
from .admin_views import guide, lockouts, may_unlock


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("khoa-dang-nhap/", lockouts, name="newsroom_lockouts"),
        path("huong-dan/", guide, name="newsroom_guide"),
    ]


@hooks.register("register_help_menu_item")
def _guide_menu_item():
    return MenuItem(
        "Hướng dẫn cho bạn", reverse("newsroom_guide"), icon_name="help", order=900
    )


@hooks.register("construct_help_menu")
def _vietnamese_help_only(request, menu_items):
    """Wagtail's own help links lead to English pages (its editor guide, what's new in
    this version): the newsroom's guide takes their place."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new")
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock(request.user)


@hooks.register("register_settings_menu_item")
def _menu_item():
    return LockoutsMenuItem(
        "Khóa đăng nhập", reverse("newsroom_lockouts"), icon_name="lock", order=900
    )


def _label_site_columns() -> None:
    """Wagtail 7.4's list of sites labels three columns from their field names ("Port",
    "Site name", "Root page"), which no catalogue translates: labelled here, the rest of
    the view as Wagtail made it."""
    from wagtail.admin.ui.tables import Column
    from wagtail.sites.views import IndexView

    labels = {"port": "Cổng", "site_name": "Tên trang web", "root_page": "Trang gốc"}
    IndexView.columns = [
        Column(c.name, label=labels[c.name], sort_key=c.sort_key)
        if type(c) is Column and c.name in labels
        else c
        for c in IndexView.columns
    ]


_label_site_columns()


@hooks.register("insert_global_admin_css")
def _admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<link rel="stylesheet" href="{}">', static("newsroom/admin.css")
    )


@hooks.register("insert_global_admin_js")
def _admin_js():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}" defer></script>', static("newsroom/admin.js"))
