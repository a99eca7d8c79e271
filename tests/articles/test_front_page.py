"""Trang nhất: the managing editor chooses the home page's lead and featured stories (in
the admin, by publishing the home page), each for a time if wanted; the newest fill the
rest; no story twice on a page; sections the same; a breaking-news line for a few hours;
today's date on the masthead. A page showing something that ends by itself is cached
only until then."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.staff import newsroom_user
from toasoan.articles.models import BreakingNews, HomeSlot, SectionSlot
from toasoan.newsroom import roles

pytestmark = pytest.mark.django_db


def main_column(html: str) -> str:
    return html.split('<div class="main-col">', 1)[1].split('<aside class="side-col">')[
        0
    ]


def lead_title(html: str) -> str:
    lead = html.split('class="card card--lead"', 1)[1]
    return re.search(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', lead)[1]


def s_maxage(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])


def test_the_managing_editor_pins_a_lead_from_the_admin(client, make_article, paper):
    old = make_article(title="Phóng sự về làng nghề chiếu cói Nga Sơn", minutes_ago=600)
    newest = [make_article(title=f"Tin mới số {n}", minutes_ago=n) for n in range(6)]
    assert lead_title(client.get("/").content.decode()) == newest[0].title

    client.force_login(newsroom_user(roles.MANAGING_EDITOR, "thuky"))
    home = paper["home"]
    edit = client.get(f"/quan-tri/pages/{home.pk}/edit/").content.decode()
    assert "Trang nhất: tin chọn" in edit
    form = nested_form_data({
        "title": home.title, "slug": home.slug,
        "front_slots": inline_formset([{"article": old.pk, "starts_at": "", "ends_at": ""}]),
        "action-publish": "action-publish",
    })  # fmt: skip
    response = client.post(f"/quan-tri/pages/{home.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.logout()

    page = client.get("/").content.decode()
    assert lead_title(page) == old.title
    column = main_column(page)
    for article in [old, *newest]:  # never twice on the page
        assert column.count(f'href="{article.url}"') <= 1, article.title
    assert f'href="{newest[0].url}"' in column  # the newest fill the other places


def test_slots_show_for_their_time_and_the_cache_keeps_the_page_no_longer(
    client, make_article, paper, monkeypatch
):
    home = paper["home"]
    # Noon in Vietnam: near midnight the date in the header would end the page sooner.
    noon = dt.datetime.combine(
        timezone.localdate(), dt.time(12), tzinfo=timezone.get_current_timezone()
    )
    monkeypatch.setattr(timezone, "now", lambda: noon)
    now = timezone.now()
    ended = make_article(title="Tin đã hết giờ chọn")
    later = make_article(title="Tin chọn từ chiều nay")
    pinned = make_article(title="Tin chọn đang hiện")
    make_article(title="Tin mới nhất")
    HomeSlot.objects.bulk_create([
        HomeSlot(page=home, article=ended, sort_order=0, ends_at=now - dt.timedelta(minutes=1)),
        HomeSlot(page=home, article=later, sort_order=1, starts_at=now + dt.timedelta(hours=3)),
        HomeSlot(page=home, article=pinned, sort_order=2, ends_at=now + dt.timedelta(hours=1)),
    ])  # fmt: skip
    response = client.get("/")
    assert lead_title(response.content.decode()) == pinned.title
    # Cached until the pinned story's hour is over, not a day.
    assert 3500 <= s_maxage(response) <= 3601


def test_a_section_leads_with_its_chosen_stories_and_lists_them_once(
    client, make_article, paper
):
    section = paper["sections"]["thoi-su"]
    chosen = make_article(title="Tin chọn của Thời sự", minutes_ago=300)
    others = [make_article(title=f"Thời sự số {n}") for n in range(3)]
    SectionSlot.objects.create(page=section, article=chosen, sort_order=0)
    html = client.get(section.url).content.decode()
    assert lead_title(html) == chosen.title
    assert html.count(f'href="{chosen.url}"') == 1
    assert all(f'href="{a.url}"' in html for a in others)


def test_breaking_news_shows_for_a_few_hours_on_every_page(client, make_article, paper):
    article = make_article(title="Bão số 3 đổ bộ vào Thanh Hóa")
    news = BreakingNews.for_site(paper["home"].get_site())
    news.text = "Bão số 3 đổ bộ vào Thanh Hóa"
    news.article = article
    news.until = timezone.now() + dt.timedelta(hours=2)
    news.save()
    for path in ("/", article.url, paper["sections"]["xa-hoi"].url):
        response = client.get(path)
        html = response.content.decode()
        assert (
            "Tin nóng</strong>" in html and f'<a href="{article.url}">Bão số 3' in html
        )
        assert s_maxage(response) <= 7201, path
    news.until = timezone.now() - dt.timedelta(seconds=1)
    news.save()
    assert "Tin nóng</strong>" not in client.get("/").content.decode()


def test_the_managing_editor_may_turn_on_breaking_news_and_a_reporter_may_not(client):
    client.force_login(newsroom_user(roles.REPORTER, "phongvien"))
    url = "/quan-tri/settings/articles/breakingnews/"
    assert client.get(url, follow=True).status_code in (403, 200)
    assert "Dòng tin nóng" not in client.get(url, follow=True).content.decode()
    client.force_login(newsroom_user(roles.MANAGING_EDITOR, "thuky2"))
    assert "Dòng tin nóng" in client.get(url, follow=True).content.decode()


def test_the_masthead_shows_today_in_vietnamese(client, paper):
    from toasoan.articles.templatetags.toasoan_tags import WEEKDAYS

    today = timezone.localdate()
    html = client.get("/").content.decode()
    assert f"{WEEKDAYS[today.weekday()]}, {today:%d/%m/%Y}" in html
    assert 'class="menu-button"' in html


def test_the_papers_logo_replaces_its_name_in_the_masthead(client, paper):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from toasoan.articles.models import PaperSettings

    out = io.BytesIO()
    PILImage.new("RGBA", (600, 120), (176, 23, 31, 255)).save(out, "PNG")
    logo = get_image_model().objects.create(
        title="Logo", file=ImageFile(out, name="logo.png")
    )
    settings_ = PaperSettings.for_site(paper["home"].get_site())
    settings_.logo = logo
    settings_.save()
    html = client.get("/").content.decode()
    masthead = html.split('class="logo"', 1)[1].split("</a>", 1)[0]
    assert (
        'class="logo-img"' in masthead and f'alt="{settings_.paper_name}"' in masthead
    )


def test_links_follow_the_address_the_site_is_opened_at(client, make_article, settings):
    """No public address set (the demo): every link is on the address the reader used,
    and a cached fragment made for one address is never shown on another."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "192.168.1.20"]
    article = make_article(title="Bài về địa chỉ trang")
    first = client.get(article.url, HTTP_HOST="127.0.0.1:8100").content.decode()
    second = client.get(article.url, HTTP_HOST="192.168.1.20:8100").content.decode()
    assert f"http://127.0.0.1:8100{article.url}" in first
    assert f"http://192.168.1.20:8100{article.url}" in second
    assert "127.0.0.1:8100" not in second
    robots = client.get("/robots.txt", HTTP_HOST="192.168.1.20:8100").content.decode()
    assert "Sitemap: http://192.168.1.20:8100/sitemap.xml" in robots


def test_a_request_for_an_unknown_host_is_refused_in_vietnamese(client, settings):
    settings.ALLOWED_HOSTS = ["baothanhhoa.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
