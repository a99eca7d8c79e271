"""The print edition's block on the paper's search page (the search app knows no
print edition: the page template composes the two)."""

from urllib.parse import urlencode

from django import template

from toasoan.serving import keys

from ..search import search_print
from ..views import search_dates

register = template.Library()
SHOWN = 3


@register.inclusion_tag("editions/search_block.html", takes_context=True)
def print_results(context, q: str):
    request = context["request"]
    # Print pages have no section nor locality: a reader who chose one asked for those.
    if not q or request.GET.get("chuyen-muc") or request.GET.get("dia-phuong"):
        return {"hits": []}
    # A held edition comes out at 0:00, when this page expires anyway: its header
    # shows the day's date (toasoan_tags.hom_nay keeps it until midnight).
    keys.tag(keys.EDITIONS)
    date_from, date_to = search_dates(request)
    hits, _ = search_print(q, date_from=date_from, date_to=date_to, per_page=SHOWN)
    params = {
        "q": q,
        "tu-ngay": request.GET.get("tu-ngay", ""),
        "den-ngay": request.GET.get("den-ngay", ""),
    }
    return {
        "hits": hits,
        "q": q,
        "params": urlencode({k: v for k, v in params.items() if v}),
    }
