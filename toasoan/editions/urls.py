from django.urls import path, register_converter

from . import views


class DayConverter:
    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class NumberConverter:
    regex = "[0-9]{1,4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(DayConverter, "day")
register_converter(NumberConverter, "pageno")

urlpatterns = [
    path("bao-in/", views.calendar_view, name="editions"),
    path("bao-in/tim-kiem", views.search_view, name="editions_search"),
    path("bao-in/<day:day>/", views.edition_view, name="edition"),
    path(
        "bao-in/<day:day>/trang-<pageno:number>", views.page_view, name="edition_page"
    ),
    path("bao-in/<day:day>/ban-pdf", views.pdf_view, name="edition_pdf"),
    path(
        "sitemap-bao-in-<pageno:year>.xml", views.sitemap_view, name="sitemap_editions"
    ),
]
