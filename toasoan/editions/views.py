"""Readers' "Báo in": the calendar of editions, a page of an edition with its stories
clickable, the PDF when the paper allows it, print search and the sitemaps.

Every response is cached by the front cache like an article, tagged with the edition's
key and the list of editions (a publication, a withdrawal, a corrected match purges
them); one that shows the list of editions changes by itself when an edition held back
until its print date comes out at midnight, and is kept no longer than that.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from toasoan.articles.models import ArticlePage, PaperSettings, article_path
from toasoan.articles.sitemaps import url_entry, urlset
from toasoan.foundation.pagination import page_number
from toasoan.search.views import day_start
from toasoan.serving import keys
from toasoan.serving.middleware import changes_within, reader_request

from .models import Edition, EditionSettings, PrintPage, page_file
from .search import MAX_PAGE, search_print

MONTHS_BACK = 600  # a paper's archive: 50 years of months at most in ?thang=
WEEKDAYS_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def until_next_release(now: dt.datetime) -> None:
    """Kept until the next held-back edition comes out, at the latest."""
    today = timezone.localdate(now)
    day = (
        Edition.objects.filter(published=True, hold_until_date=True, date__gt=today)
        .exclude(folder="")
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    if day is not None:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        changes_within(max(int((start - now).total_seconds()) + 1, 1))


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        keys.tag(keys.EDITIONS)
        raise Http404("Ngày không hợp lệ.") from None


def _month(value: str | None) -> dt.date | None:
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", value or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def calendar_view(request):
    """/bao-in/?thang=2026-12: the month's editions as a calendar, the newest on top."""
    keys.tag(keys.EDITIONS)
    now = timezone.now()
    until_next_release(now)
    out = Edition.objects.for_readers(now)
    latest = out.order_by("-date").first()
    asked = _month(request.GET.get("thang"))
    today = timezone.localdate(now)
    lowest = dt.date(today.year - MONTHS_BACK // 12, 1, 1)
    if asked is None or not lowest <= asked <= today.replace(day=1):
        asked = (latest.date if latest else today).replace(day=1)
    last_day = calendar.monthrange(asked.year, asked.month)[1]
    editions = {
        e.date: e
        for e in out.filter(date__gte=asked, date__lte=asked.replace(day=last_day))
    }
    earlier = (
        out.filter(date__lt=asked).order_by("-date").values_list("date", flat=True)
    ).first()
    later = (
        out.filter(date__gt=asked.replace(day=last_day))
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    weeks = [
        [
            (day, editions.get(day)) if day.month == asked.month else (None, None)
            for day in week
        ]
        for week in calendar.Calendar().monthdatescalendar(asked.year, asked.month)
    ]
    return render(
        request,
        "editions/calendar.html",
        {
            "heading": "Báo in",
            "latest": latest,
            "latest_cover": _page_image(latest, 1, "medium") if latest else None,
            "month": asked,
            "weeks": weeks,
            "weekdays": WEEKDAYS_SHORT,
            "month_editions": [editions[d] for d in sorted(editions, reverse=True)],
            "earlier": earlier,
            "later": later,
        },
    )


def _page_image(edition: Edition, number: int, size: str) -> dict:
    return {
        ext: default_storage.url(page_file(edition.folder, number, size, ext))
        for ext in ("webp", "jpg")
    }


def _reader_edition(request, day: str) -> Edition:
    """The edition out for readers on ``day``; for the newsroom (a session, never a
    cached reader's request) also one not out yet, marked ``preview``."""
    now = timezone.now()
    date = _day(day)
    edition = Edition.objects.for_readers(now).filter(date=date).first()
    if edition is not None:
        edition.preview = False
    elif not reader_request(request) and request.user.has_perm("editions.view_edition"):
        edition = Edition.objects.exclude(folder="").filter(date=date).first()
        if edition is not None:
            edition.preview = True
    if edition is None:
        # Turns into the edition when it is published, or comes out at midnight.
        keys.tag(keys.EDITIONS)
        until_next_release(now)
        raise Http404("Chưa có số báo in ngày này.")
    keys.tag(keys.edition(edition.pk), keys.EDITION_SETTINGS)
    return edition


def edition_view(request, day: str):
    edition = _reader_edition(request, day)
    return redirect(edition.page_url(1), permanent=True)


def page_view(request, day: str, number: int):
    """/bao-in/2026-12-07/trang-3: the page, its stories over it as links to their web
    articles, the other pages' thumbnails, the page's text."""
    edition = _reader_edition(request, day)
    pages = list(edition.pages.only("pk", "edition_id", "number", "width", "height"))
    page = next((p for p in pages if p.number == number), None)
    if page is None:
        raise Http404("Số báo không có trang này.")
    page = PrintPage.objects.get(pk=page.pk)
    stories = list(page.stories.all())
    linked = [s.article_id for s in stories if s.article_id]
    # Their addresses are shown here: a new slug or a withdrawal purges the page, and a
    # republication links it again.
    keys.tag(*(keys.page(pk) for pk in linked))
    slugs = dict(
        ArticlePage.objects.live().filter(pk__in=linked).values_list("pk", "slug")
    )
    paper = PaperSettings.for_request(request)
    for story in stories:
        if story.article_id in slugs:
            story.url = article_path(slugs[story.article_id], story.article_id)
        else:
            story.url = f"#{story.anchor}"
    numbers = [p.number for p in pages]
    index = numbers.index(number)
    allow_pdf = EditionSettings.for_request(request).allow_pdf
    return render(
        request,
        "editions/page.html",
        {
            "edition": edition,
            "page": page,
            "pages": [
                (p.number, _page_image(edition, p.number, "thumb")) for p in pages
            ],
            "image": {
                "medium": _page_image(edition, number, "medium"),
                "large": _page_image(edition, number, "large"),
            },
            "stories": stories,
            "previous": numbers[index - 1] if index > 0 else None,
            "next": numbers[index + 1] if index + 1 < len(numbers) else None,
            "pdf_url": f"{edition.get_absolute_url()}ban-pdf"
            if allow_pdf and edition.pdf_copy
            else "",
            "canonical": paper.absolute(edition.page_url(number)),
            "heading": f"{edition}, trang {number}",
        },
    )


def pdf_view(request, day: str):
    """The PDF (from the files' server, never through Python) when the paper allows it."""
    edition = _reader_edition(request, day)
    if not EditionSettings.for_request(request).allow_pdf or not edition.pdf_copy:
        raise Http404("Tòa soạn không cho tải bản PDF.")
    return redirect(default_storage.url(edition.pdf_copy))


def search_dates(request) -> tuple[dt.datetime | None, dt.datetime | None]:
    """?tu-ngay= and ?den-ngay= as the paper's search reads them: [from, to + 1 day)."""
    start, end = (day_start(request.GET.get(k)) for k in ("tu-ngay", "den-ngay"))
    return start, end + dt.timedelta(days=1) if end else None


def search_view(request):
    """/bao-in/tim-kiem?q=&tu-ngay=&den-ngay=&trang=: pages of the print edition."""
    keys.tag(keys.EDITIONS)
    until_next_release(timezone.now())
    q = request.GET.get("q", "")[:200].strip()
    number = page_number(request, max_page=MAX_PAGE)
    date_from, date_to = search_dates(request)
    hits, more = (
        search_print(q, date_from=date_from, date_to=date_to, page=number)
        if q
        else ([], False)
    )
    params = {
        k: v for k, v in request.GET.items() if k in ("q", "tu-ngay", "den-ngay") and v
    }
    return render(
        request,
        "editions/search.html",
        {
            "heading": "Tìm trên báo in",
            "q": q,
            "hits": hits,
            "number": number,
            "more": more,
            "params": urlencode(params),
            "date_from": request.GET.get("tu-ngay", ""),
            "date_to": request.GET.get("den-ngay", ""),
        },
    )


def sitemaps() -> list[tuple[str, dt.datetime | None]]:
    """The sitemap index's entries: one sitemap a year of editions."""
    keys.tag(keys.EDITIONS)
    years = Edition.objects.for_readers().dates("date", "year", order="DESC")
    return [(f"/sitemap-bao-in-{d.year}.xml", None) for d in years]


def sitemap_view(request, year: int):
    """Every page of the year's editions (366 × 64 pages at most: under the 50,000)."""
    keys.tag(keys.EDITIONS)
    if not 1900 <= year <= 2999:
        raise Http404("Không có báo in năm này.")
    until_next_release(timezone.now())
    paper = PaperSettings.for_request(request)
    editions = list(
        Edition.objects.for_readers()
        .filter(date__year=year)
        .order_by("date")
        .only("pk", "date", "page_count", "processed_at", "published_at")
    )
    if not editions:
        raise Http404("Không có báo in năm này.")
    urls = []
    for edition in editions:
        mod = max(filter(None, [edition.processed_at, edition.published_at]))
        for number in range(1, edition.page_count + 1):
            urls.append(url_entry(paper.absolute(edition.page_url(number)), mod))
    return urlset(urls)
