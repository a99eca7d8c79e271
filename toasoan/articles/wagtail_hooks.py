"""Wagtail hooks of the articles app: registrations only; the code lives in ``editing``
(what the editor is told, the archive duty), ``admin_views`` and ``viewsets``."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views, editing
from .viewsets import CorrectionViewSet, TakedownViewSet

hooks.register("after_create_page", editing.offer_after_save)
hooks.register("after_edit_page", editing.offer_after_save)
hooks.register("before_publish_page", editing.confirm_publishing_with_flags)
hooks.register("before_delete_page", editing.keep_the_archive)
hooks.register("before_bulk_action", editing.keep_the_archive_in_bulk)

register_snippet(CorrectionViewSet)
register_snippet(TakedownViewSet)


@hooks.register("insert_editor_js")
def _proofreading_js():
    return format_html('<script src="{}"></script>', static("js/proofreading.js"))


@hooks.register("insert_global_admin_css")
def _proofreading_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/proofreading.css")
    )


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("dia-phuong/tim/", admin_views.search_places, name="places_search"),
        path(
            "dia-phuong/gan/<id:page_id>/",
            admin_views.tag_article,
            name="places_tag_article",
        ),
        path(
            "soat-chinh-ta/<id:page_id>/sua/",
            admin_views.proofread_fix,
            name="proofread_fix",
        ),
        path(
            "soat-chinh-ta/<id:page_id>/bo-qua/",
            admin_views.proofread_ignore,
            name="proofread_ignore",
        ),
        path("doc-nhieu/", admin_views.most_read_report, name="articles_most_read"),
    ]


@hooks.register("register_reports_menu_item")
def _most_read_menu_item():
    return MenuItem(
        "Đọc nhiều",
        reverse("articles_most_read"),
        name="doc-nhieu",
        icon_name="view",
        order=50,
    )
