"""Corrections and takedowns in the admin (Wagtail snippet viewsets)."""

from __future__ import annotations

from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import (
    Correction,
    Takedown,
)


# Corrections and takedowns (Luật Báo chí 2016, Art. 42): the managing editor records
# them in the admin (newsroom.roles gives the permissions); who did it is kept.
class RecordsWhoCreateView(snippet_views.CreateView):
    def save_instance(self):
        if self.form.instance.created_by_id is None:
            self.form.instance.created_by = self.request.user
        return super().save_instance()


class CorrectionViewSet(SnippetViewSet):
    model = Correction
    icon = "warning"
    menu_label = "Cải chính"
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = RecordsWhoCreateView
    list_display = ["original_title", "original_section", "published_at", "created_by"]
    search_fields = ["original_title", "wrong", "corrected"]


class TakedownViewSet(SnippetViewSet):
    model = Takedown
    icon = "cross"
    menu_label = "Gỡ bài"
    menu_order = 261
    add_to_admin_menu = True
    add_view_class = RecordsWhoCreateView
    list_display = ["original_title", "created_at", "created_by"]
    search_fields = ["original_title", "reason"]
