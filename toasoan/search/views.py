from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from toasoan.articles.models import SectionPage
from toasoan.foundation.pagination import PAGE_PARAM, id_from_query, page_number
from toasoan.places.models import Locality
from toasoan.places.selectors import with_predecessors
from toasoan.serving import keys as surrogate_keys

from .backends import Filters
from .services import MAX_PAGE, search_articles

MAX_QUERY_LENGTH = 200


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def day_start(value: str | None) -> dt.datetime | None:
    """0:00 of a day the archive can hold (?tu-ngay=2026-12-07), else None (9999-12-31
    + 1 day overflows). The print edition's search reads its dates with it too."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _locality_ids(value: str | None) -> tuple[int, ...]:
    """The chosen unit and the former units it took over: "Phường Hạc Thành" finds the
    articles tagged "Phường Điện Biên" before 2025."""
    pk = id_from_query(value)
    locality = Locality.objects.filter(pk=pk).first() if pk else None
    return tuple(with_predecessors(locality)) if locality else ()


def search_view(request):
    """/tim-kiem?q=...&chuyen-muc=&dia-phuong=&tu-ngay=&den-ngay=&sap-xep=moi-nhat&trang="""
    q = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    # Results change with every publication.
    surrogate_keys.tag(surrogate_keys.LATEST)
    date_to = day_start(request.GET.get("den-ngay"))
    filters = Filters(
        section_id=id_from_query(request.GET.get("chuyen-muc")),
        locality_ids=_locality_ids(request.GET.get("dia-phuong")),
        date_from=day_start(request.GET.get("tu-ngay")),
        date_to=date_to + dt.timedelta(days=1) if date_to else None,
    )
    newest = request.GET.get("sap-xep") == "moi-nhat"
    page = page_number(request, max_page=MAX_PAGE)
    results = (
        search_articles(text=q, filters=filters, newest=newest, page=page)
        if q
        else None
    )
    params = {k: v for k, v in request.GET.items() if k != PAGE_PARAM and v}
    context = {
        "q": q,
        "results": results,
        "newest": newest,
        "filters": filters,
        "sections": SectionPage.objects.live()
        .order_by("home_order", "path")
        .only("id", "title"),
        # Today's units (and free-text localities); a former unit's articles come with its successor.
        "localities": Locality.objects.filter(valid_to__isnull=True)
        .order_by("name")
        .only("id", "name")[:400],
        "params": urlencode(params),
        "suggestion_params": urlencode({**params, "q": results.suggestion})
        if results and results.suggestion
        else "",
        "date_from": request.GET.get("tu-ngay", ""),
        "date_to": request.GET.get("den-ngay", ""),
    }
    return render(request, "pages/search_page.html", context)
