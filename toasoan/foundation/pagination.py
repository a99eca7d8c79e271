"""Pagination that never errors and never counts the archive, with one parameter name
across the site: `?trang=N` (the older `?page=N` redirects, see ``LegacyPageParameter``).

`?trang=abc`, `?trang=-3`, `?trang=99999999999` all give a valid page: bad values fall
back to page 1 and pages past the end are empty pages with a link back. We fetch one row
more than a page holds to know whether a next page exists, so no COUNT(*) runs on the
archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import escape_uri_path
from django.utils.http import escape_leading_slashes

PAGE_PARAM = "trang"
LEGACY_PAGE_PARAM = "page"
PER_PAGE = 20
# Deeper pages are reached through the section's date archive, not OFFSET.
MAX_PAGE = 500


@dataclass
class PageSlice:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(1, self.number - 1)


class IdConverter:
    """`<id:pk>` in URL patterns: 1 to 18 ASCII digits, so an id past the database's
    64-bit integer is a 404, not an OverflowError (`<int:>` takes any length)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def id_from_query(value: str | None, *, max_digits: int = 18) -> int | None:
    """A row id from a query or form value, else None: "²" and "٣" are digits to
    ``str.isdigit`` but not to ``int``, and ids of 19 digits overflow the database."""
    if value and value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value)
    return None


def page_number(request, max_page: int = MAX_PAGE) -> int:
    raw = request.GET.get(PAGE_PARAM, "1")
    if not (raw.isascii() and raw.isdigit()):  # "²" and "٣" are digits to str.isdigit
        return 1
    return min(max(int(raw[:9]) if len(raw) <= 9 else max_page, 1), max_page)


def paginate(request, queryset, per_page: int = PER_PAGE) -> PageSlice:
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return PageSlice(
        items=rows[:per_page], number=number, has_next=len(rows) > per_page
    )


class LegacyPageParameter:
    """Middleware: a reader URL with the old `?page=N` answers 301 to `?trang=N`, so
    links and bookmarks made before the rename keep working (the admin keeps its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and LEGACY_PAGE_PARAM in request.GET
            and PAGE_PARAM not in request.GET
            and not request.path.startswith(settings.ADMIN_PREFIX)
        ):
            query = request.GET.copy()
            query.setlist(PAGE_PARAM, query.pop(LEGACY_PAGE_PARAM))
            # Escaped as CommonMiddleware does: "//evil.example" must stay a path here.
            path = escape_leading_slashes(escape_uri_path(request.path))
            return HttpResponsePermanentRedirect(f"{path}?{query.urlencode()}")
        return self.get_response(request)
