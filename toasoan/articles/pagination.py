"""Pagination that never errors and never counts the archive.

`?page=abc`, `?page=-3`, `?page=99999999999` all give a valid page: bad values fall back to
page 1 and pages past the end are empty pages with a link back. We fetch one row more than
a page holds to know whether a next page exists, so no COUNT(*) runs on the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

PER_PAGE = 20
MAX_PAGE = (
    500  # deeper pages are reached through the section's date archive, not OFFSET
)


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


def page_number(request, name: str = "page") -> int:
    raw = request.GET.get(name, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(request, queryset, per_page: int = PER_PAGE) -> PageSlice:
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return PageSlice(
        items=rows[:per_page], number=number, has_next=len(rows) > per_page
    )
