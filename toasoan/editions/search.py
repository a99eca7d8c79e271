"""Print pages in search: the articles' search engine (toasoan.search.backends) on a
table of its own, one row a page: its stories' headlines as the title, its text as the
body, with and without marks.

A row's time is 0:00 of the page's print date, and every search asks for rows up to
now: an edition held back until its print date is indexed on publishing and found from
0:00 that day, with nothing to run at midnight. (One published early without holding
it back is found from its date too.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from toasoan.search.backends import Filters, get_backend
from toasoan.search.ranking import rank
from toasoan.vietnamese.search import index_article, parse_query, snippet

from .models import Edition, PrintPage

TABLE = "toasoan_search_print"
PER_PAGE = 10
MAX_PAGE = 20


def backend():
    # Dates are asked of the row's own time (the print date), not of an article's.
    return get_backend(TABLE, dates_in_index=True)


def print_time(edition: Edition) -> dt.datetime:
    """0:00 of the print date (Vietnam's): what a date filter asks of, back issues
    imported today included."""
    return timezone.make_aware(dt.datetime.combine(edition.date, dt.time()))


def index_edition(edition: Edition) -> int:
    engine = backend()
    when = print_time(edition)
    pages = list(edition.pages.prefetch_related("stories"))
    for page in pages:
        title = " · ".join(s.headline for s in page.stories.all())
        engine.index(page.pk, index_article(title, "", page.text), when)
    return len(pages)


def remove_pages(page_ids) -> None:
    engine = backend()
    for pk in page_ids:
        engine.remove(pk)


@dataclass
class PrintHit:
    page: PrintPage
    snippet: str


def search_print(
    text: str,
    *,
    date_from: dt.datetime | None = None,
    date_to: dt.datetime | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> tuple[list[PrintHit], bool]:
    """(the hits of page ``page``, whether there are more)."""
    query = parse_query(text)
    if query.empty:
        return [], False
    now = timezone.now()
    until = min(date_to, now) if date_to else now
    filters = Filters(date_from=date_from, date_to=until)
    page = min(max(page, 1), MAX_PAGE)
    found = backend().candidates(query, needed=page * per_page + 1, filters=filters)
    ranked = rank(found, query, suggestion=None, now=now)
    ids = [c.article_id for c in ranked[(page - 1) * per_page : page * per_page + 1]]
    pages = (
        PrintPage.objects.filter(pk__in=ids[:per_page])
        .select_related("edition")
        .in_bulk()
    )
    hits = [
        PrintHit(pages[pk], snippet([pages[pk].text], query))
        for pk in ids[:per_page]
        # A row of an edition taken down meanwhile is not shown.
        if pk in pages and pages[pk].edition.out_for_readers(now)
    ]
    return hits, len(ids) > per_page
