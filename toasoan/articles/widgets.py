"""Admin widgets that write Vietnamese the way the paper's URLs need it."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from wagtail.admin.widgets import SlugInput

from toasoan.vietnamese.slug import SLUG_FORMATTERS


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug field, filled from the headline exactly as ``vietnamese_slug`` does
    on the server: every letter kept ("cầu" -> "cau", "đường" -> "duong")."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters=formatters or SLUG_FORMATTERS, locale=locale)


class LocalityPicker(forms.SelectMultiple):
    """The article's localities as chips, and a box that finds units as you type, with
    or without marks (the province's ~1,000 units were one long multi-select, with 136
    names repeated and no level or dates to tell them apart)."""

    template_name = "articles/admin/locality_picker.html"

    class Media:
        js = ["js/locality-picker.js"]
        css = {"all": ["css/locality-picker.css"]}

    def get_context(self, name, value, attrs):
        from toasoan.places.models import Locality
        from toasoan.places.selectors import chooser_label

        context = super().get_context(name, value, attrs)
        ids = [int(v) for v in (value or []) if str(v).isdigit()]
        chosen = Locality.objects.select_related("parent").filter(pk__in=ids)
        context["chosen"] = sorted(
            ((loc.pk, chooser_label(loc)) for loc in chosen), key=lambda c: c[1]
        )
        context["search_url"] = reverse("places_search")
        return context

    def optgroups(self, name, value, attrs=None):
        return []  # the options are searched, not listed
