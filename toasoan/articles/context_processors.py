from django.core.cache import cache

from .models import SectionPage

NAV_CACHE_KEY = "toasoan:navigation"


def navigation(request):
    """Sections for the header menu; cached, and dropped whenever a section changes."""
    sections = cache.get(NAV_CACHE_KEY)
    if sections is None:
        sections = [
            {"title": s.title, "url": s.get_url(), "slug": s.slug}
            for s in SectionPage.objects.live()
            .order_by("home_order", "path")
            .only("title", "slug", "url_path", "home_order", "path")
        ]
        cache.set(NAV_CACHE_KEY, sections, 300)
    return {"nav_sections": sections}
