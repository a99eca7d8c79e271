""" "Đọc nhiều": views counted by an uncached beacon (the page itself comes from the full-
page cache), without a cookie, robots left out, written in batches; the most read of
today and the week on the site and in the editors' report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.staff import newsroom_user
from toasoan.articles import readership
from toasoan.articles.models import ArticleViews
from toasoan.articles.selectors import most_read
from toasoan.newsroom import roles

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36 Zalo"


@pytest.fixture(autouse=True)
def _nothing_pending(monkeypatch):
    readership.forget()
    # The writing thread is the benchmark's business (bench/bench_views.py): here the
    # test says when counts are written.
    monkeypatch.setattr(readership, "_ensure_flusher", lambda: None)
    yield
    readership.forget()


def later(minutes: float) -> None:
    """As if every reader's last counted view were ``minutes`` older."""
    for seen in readership._seen.values():
        seen[0] -= minutes * 60


def beacon(client, article, ip="203.0.113.5", ua=PHONE, **headers):
    return client.post(
        f"/xem/{article.pk}", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **headers
    )


def test_a_beacon_counts_a_reader_once_and_no_robot(make_article, client, monkeypatch):
    article = make_article(title="Bão số 3 đổ bộ Nghi Sơn")
    answer = beacon(client, article)
    assert answer.status_code == 204 and answer["Cache-Control"] == "no-store"
    assert not answer.cookies
    beacon(client, article)  # the same reader again at once: not a second view
    beacon(client, article, ip="203.0.113.6")
    beacon(
        client,
        article,
        ip="203.0.113.7",
        ua="Googlebot/2.1 (+http://www.google.com/bot.html)",
    )
    beacon(client, article, ip="203.0.113.8", ua="")
    beacon(client, article, ip="203.0.113.9", HTTP_ORIGIN="https://evil.example")
    client.post("/xem/999999", REMOTE_ADDR="203.0.113.10", HTTP_USER_AGENT=PHONE)
    assert client.get(f"/xem/{article.pk}").status_code == 405
    assert ArticleViews.objects.count() == 0  # nothing written per view
    assert readership.flush() == 2
    row = ArticleViews.objects.get()
    assert (row.article_id, row.day, row.views) == (article.pk, timezone.localdate(), 2)
    beacon(client, article)  # the same reader within half an hour: still one view
    readership.flush()
    assert ArticleViews.objects.get().views == 2
    later(31)
    beacon(client, article)  # later: counted again, added to the day's row
    readership.flush()
    assert ArticleViews.objects.get().views == 3


def test_one_address_cannot_game_the_numbers(make_article, client, monkeypatch):
    article = make_article(title="Bài bị thổi phồng")
    # An IPv6 reader has a whole /64: its addresses are one reader; a neighbour's /64,
    # and the IPv4 form of an IPv4 reader, are told apart as they should be.
    for host in range(12):
        beacon(client, article, ip=f"2001:db8:7:1::{host:x}")
    beacon(client, article, ip="2001:db8:7:2::1")
    beacon(client, article, ip="::ffff:198.51.100.9")
    beacon(client, article, ip="198.51.100.9")
    assert readership.flush() == 3
    # Every half hour all day: PER_ARTICLE_DAY views, not 48.
    for _ in range(48):
        later(31)
        beacon(client, article, ip="2001:db8:7:1::ff")
    readership.flush()
    assert ArticleViews.objects.get().views == 3 + readership.PER_ARTICLE_DAY - 1
    # Many articles from one address: PER_ADDRESS_DAY views in all.
    monkeypatch.setattr(readership, "PER_ADDRESS_DAY", 5)
    others = [make_article(title=f"Bài khác {n}") for n in range(8)]
    for other in others:
        beacon(client, other, ip="203.0.113.77")
    assert readership.flush() == 5


def test_the_duplicate_check_evicts_the_oldest_instead_of_forgetting_the_newest(
    make_article, client, monkeypatch
):
    monkeypatch.setattr(readership, "MAX_SEEN", 3)
    article = make_article(title="Bài đọc nhiều")
    for n in range(1, 6):  # more readers than the check holds
        beacon(client, article, ip=f"192.0.2.{n}")
    assert readership.flush() == 5
    for n in (5, 4, 3, 2, 1):  # the newest are remembered; the two oldest evicted
        beacon(client, article, ip=f"192.0.2.{n}")
    assert readership.flush() == 2


def test_the_wsgi_layer_answers_beacons_before_django(settings):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    calls = []

    def django_app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"page"]

    app = readership.BeaconMiddleware(django_app)
    statuses = []

    def start(status, headers):
        statuses.append(status)

    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/xem/42",
               "HTTP_USER_AGENT": PHONE, "HTTP_X_REAL_IP": "198.51.100.4"}  # fmt: skip
    assert app(environ, start) == [b""] and statuses == ["204 No Content"]
    assert readership._pending[(42, timezone.localdate())] == 1
    app({"REQUEST_METHOD": "GET", "PATH_INFO": "/xem/42"}, start)
    app({"REQUEST_METHOD": "POST", "PATH_INFO": "/xem/42/x"}, start)
    assert calls == ["/xem/42", "/xem/42/x"]  # everything else goes to Django


def test_most_read_lists_today_and_the_week_and_drops_what_was_taken_down(
    make_article, client, django_assert_max_num_queries
):
    today = timezone.localdate()
    flood = make_article(title="Lũ lớn trên sông Mã")
    bridge = make_article(title="Thông xe cầu Hoàng Long")
    old = make_article(title="Lễ hội Lam Kinh")
    ArticleViews.objects.bulk_create([
        ArticleViews(article=flood, day=today, views=900),
        ArticleViews(article=bridge, day=today, views=1200),
        ArticleViews(article=old, day=today - dt.timedelta(days=5), views=5000),
        ArticleViews(article=flood, day=today - dt.timedelta(days=10), views=99999),
    ])  # fmt: skip
    assert [a.title for a, _ in most_read(days=1)] == [bridge.title, flood.title]
    assert [(a.title, n) for a, n in most_read(days=7)] == [
        (old.title, 5000), (bridge.title, 1200), (flood.title, 900)
    ]  # fmt: skip
    with django_assert_max_num_queries(8):  # as many whatever the list holds
        block = client.get("/doc-nhieu?khung=1")
    html = block.content.decode()
    assert "Đọc nhiều" in html and html.index(bridge.title) < html.index(flood.title)
    assert "s-maxage=300" in block["Cache-Control"]
    assert f"p{flood.pk}" in block["xkey"].split()  # a takedown purges the list too
    flood.unpublish()
    assert flood.title not in client.get("/doc-nhieu").content.decode()


def test_pages_carry_the_beacon_and_the_block(make_article, client):
    article = make_article()
    page = client.get(article.url).content.decode()
    assert f'data-article-id="{article.pk}"' in page
    assert 'data-most-read="/doc-nhieu?khung=1"' in page
    assert 'href="/doc-nhieu"' in client.get("/").content.decode()  # without JavaScript


def test_the_most_read_block_is_cached_even_before_anyone_read_today(client, paper):
    """Empty, it named no article key: the cache would not keep it, and every reader's
    page sent its request to the app."""
    block = client.get("/doc-nhieu?khung=1")
    assert block.status_code == 200
    assert block["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert "most" in block["xkey"].split()


def test_the_editors_report_by_period_and_section(make_article, paper, client):
    today = timezone.localdate()
    sport = make_article(title="Bóng đá Đông Á Thanh Hóa thắng", section="the-thao")
    politics = make_article(title="Hội nghị Tỉnh ủy", section="chinh-tri")
    ArticleViews.objects.bulk_create([
        ArticleViews(article=sport, day=today, views=300),
        ArticleViews(article=politics, day=today - dt.timedelta(days=3), views=100),
    ])  # fmt: skip
    client.force_login(newsroom_user(roles.EDITOR, "bientap"))
    html = client.get("/quan-tri/doc-nhieu/").content.decode()
    assert sport.title in html and politics.title not in html
    week = client.get("/quan-tri/doc-nhieu/?ky=7").content.decode()
    assert sport.title in week and politics.title in week
    section = paper["sections"]["chinh-tri"].pk
    only = client.get(
        f"/quan-tri/doc-nhieu/?ky=7&chuyen-muc={section}"
    ).content.decode()
    assert politics.title in only and sport.title not in only
    assert client.get("/quan-tri/doc-nhieu/?ky=abc&chuyen-muc=x").status_code == 200
