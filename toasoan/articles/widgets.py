"""Admin widgets that write Vietnamese the way the paper's URLs need it."""

from __future__ import annotations

from wagtail.admin.widgets import SlugInput

from toasoan.vietnamese.slug import SLUG_FORMATTERS


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug field, filled from the headline exactly as ``vietnamese_slug`` does
    on the server: every letter kept ("cầu" -> "cau", "đường" -> "duong")."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters=formatters or SLUG_FORMATTERS, locale=locale)
