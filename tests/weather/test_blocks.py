"""Every reader page shows the "Thời tiết" box with the stored report, in few queries."""

import pytest
from django.utils import timezone

from toasoan.articles.models import ArticlePage, Author
from toasoan.weather.models import WeatherReport

pytestmark = pytest.mark.django_db

REPORT = {
    "time": "2026-11-26T14:00", "temp": 27.4, "humidity": 81, "wind": 11.2, "code": 3,
    "days": [{"date": "2026-11-27", "code": 80, "min": 21, "max": 28, "rain": 70}],
}  # fmt: skip


@pytest.fixture
def site_with_weather(places, unit, make_article):
    """A stored report for the paper's home unit and one for Phường Bỉm Sơn, and an
    article of each kind of page: a topic, an author, a locality."""
    now = timezone.now()
    seat, bim_son = unit("Phường Hạc Thành"), unit("Phường Bỉm Sơn")
    WeatherReport.objects.create(locality=seat, fetched_at=now, data=REPORT)
    WeatherReport.objects.create(
        locality=bim_son, fetched_at=now, data={**REPORT, "temp": 19.0}
    )
    author = Author.objects.create(name="Minh Hiếu")
    article = make_article(title="Lúa mùa Thọ Xuân được giá", section="kinh-te")
    article.tags.add("Nông nghiệp")
    article.authors.add(author)
    article.save()
    ArticlePage.localities.through.objects.create(
        articlepage_id=article.pk, locality=bim_son
    )
    for _ in range(8):  # listings with more rows must not cost more queries
        make_article(section="kinh-te").tags.add("Nông nghiệp")
    return {"article": ArticlePage.objects.get(pk=article.pk), "author": author,
            "bim_son": bim_son}  # fmt: skip


# page type: (url, the temperature its box shows, query budget); every page reads the
# paper's settings and the Tin nóng line (one query each where not remembered).
PAGES = {
    "home": (lambda d: "/", "27°C", 21),  # one query per section block (10 sections)
    "section": (lambda d: "/kinh-te/", "27°C", 10),
    "topic": (lambda d: "/chu-de/nong-nghiep", "27°C", 7),
    "author": (lambda d: d["author"].get_absolute_url(), "27°C", 7),
    # and its result count, and the print edition's block (its two tiers)
    # The results, the print edition's and the podcasts' blocks (two tiers each).
    "search": (lambda d: "/tim-kiem?q=lua+mua", "27°C", 15),
    # A page about Bỉm Sơn shows Bỉm Sơn's weather, not the provincial seat's.
    "locality": (lambda d: d["bim_son"].get_absolute_url(), "19°C", 9),
    "article": (lambda d: d["article"].url, "19°C", 13),
}


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_type_shows_the_stored_weather(
    kind, site_with_weather, client, django_assert_max_num_queries
):
    url, temperature, budget = PAGES[kind]
    url = url(site_with_weather)
    client.get(url)  # warm the per-process caches (navigation, settings)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    box = (
        response.content.decode()
        .split('class="box weather-box"')[1]
        .split("</section>")[0]
    )
    assert temperature in box and "Chưa có số liệu thời tiết" not in box
    assert "Nhiều mây" in box and "Open-Meteo" in box


def test_a_former_unit_shows_the_first_of_its_successors_with_a_report(
    places, unit, make_article, client
):
    city = unit("Thành phố Thanh Hóa", current=False)
    *_, last = city.current_units
    WeatherReport.objects.create(
        locality=last, fetched_at=timezone.now(), data={**REPORT, "temp": 22.0}
    )
    article = make_article(title="Khu vực TP Thanh Hóa cũ")
    ArticlePage.localities.through.objects.create(
        articlepage_id=article.pk, locality=city
    )
    box = client.get(article.url).content.decode().split('class="box weather-box"')[1]
    assert last.name in box.split("</section>")[0] and "22°C" in box
    # No report for any unit the page is about, nor for the home unit: nothing invented.
    WeatherReport.objects.all().delete()
    box = client.get(article.url).content.decode().split('class="box weather-box"')[1]
    assert "Chưa có số liệu thời tiết." in box.split("</section>")[0]
