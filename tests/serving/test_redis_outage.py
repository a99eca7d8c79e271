"""When Redis (Django's cache and the sessions' copies) is gone or hangs, readers,
commenters and editors carry on: a lost server reads as an empty cache, sessions come
from the database, the comments' rate limits (kept in the database) still hold, and a
purge lost while Redis was unreachable is not forgotten when it answers again. A real redis-server,
killed and cut off by the test."""

from __future__ import annotations

import json

import pytest

from toasoan.comments.models import Comment
from toasoan.serving import fragments

from ..staff import newsroom_user

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db,
]


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "toasoan.serving.redis_cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "toasoan-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.COMMENTS_MIN_FILL_SECONDS = 0  # the test posts at once
    yield redis_server
    fragments._lost = False


def comment_once(client, article, key: str, body: str):
    """As site.js does: the API's tokens first, then the POST with CSRF and a key."""
    tokens = client.get(f"/api/binh-luan/{article.pk}").json()
    return client.post(
        f"/api/binh-luan/{article.pk}",
        json.dumps({"name": "Lê Thị Hoa", "body": body, "ts": tokens["form_token"]}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_X_CSRFTOKEN=tokens["csrf_token"],
    )


def test_without_redis_pages_sessions_comments_and_publishing_carry_on(
    redis_cache, make_article, client, django_assert_max_num_queries
):
    from django.test import Client

    article = make_article(title="Nước lũ sông Mã lên nhanh")
    editor = newsroom_user("Biên tập viên", "bientap")
    staff = Client()
    staff.force_login(editor)  # the session: in the database and in Redis
    assert client.get(article.url).status_code == 200
    assert staff.get("/quan-tri/").status_code == 200

    redis_cache.kill()

    page = client.get(article.url)
    assert page.status_code == 200 and "Nước lũ sông Mã lên nhanh" in page.text
    assert client.get("/").status_code == 200
    # Still logged in: the session is read from the database.
    dashboard = staff.get("/quan-tri/")
    assert dashboard.status_code == 200 and b"bientap" in dashboard.content

    reader = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")
    first = comment_once(reader, article, "k-1", "Bà con vùng trũng cần sơ tán sớm.")
    assert first.status_code == 201, first.content
    again = comment_once(reader, article, "k-1", "Bà con vùng trũng cần sơ tán sớm.")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Comment.objects.filter(idempotency_key="k-1").count() == 1
    # The rate limit does not need Redis: a second comment at once is still refused.
    hurried = comment_once(reader, article, "k-2", "Một ý kiến khác gửi ngay sau.")
    assert hurried.status_code == 429 and "chờ" in hurried.json()["message"]

    article.title = "Nước lũ sông Mã bắt đầu rút"
    article.save_revision().publish()
    assert "bắt đầu rút" in client.get(article.url).text

    redis_cache.start()  # back, empty (no snapshot)
    assert "bắt đầu rút" in client.get(article.url).text
    assert staff.get("/quan-tri/").status_code == 200


def test_a_purge_lost_while_redis_was_unreachable_is_made_good_when_it_answers(
    redis_cache, make_article, client, settings, monkeypatch
):
    from toasoan.serving import purge
    from toasoan.serving import redis_cache as cache_module

    # A failed call skips the server for RETRY_SECONDS; here it is asked again at once,
    # so that the test need not wait out the pause.
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.0)
    sent: list[list[str]] = []
    settings.TOASOAN_PURGE_URLS = ["http://127.0.0.1:9"]
    monkeypatch.setattr(purge, "send", lambda keys, **kw: sent.append(keys))
    article = make_article(title="Cầu Hoàng Long đóng cửa")
    from django.test import Client

    client.get(article.url)  # the first view also creates the site's settings rows
    assert "Cầu Hoàng Long đóng cửa" in client.get(article.url).text  # fragments stored
    staff = Client()
    staff.force_login(newsroom_user("Biên tập viên", "bientap"))
    assert staff.get("/quan-tri/").status_code == 200  # the session's copy in Redis

    redis_cache.cut_off()  # the publication's purge cannot reach it
    stolen = staff.cookies["sessionid"].value
    staff.logout()  # nor the deletion of the session's copy
    article.title = "Cầu Hoàng Long thông xe trở lại"
    article.save_revision().publish()
    redis_cache.reconnect()  # answers again, with the fragments of the old headline

    page = client.get(article.url).text
    assert "Cầu Hoàng Long thông xe trở lại" in page
    assert "Cầu Hoàng Long đóng cửa" not in page
    # The session's copy went with the logout: a stolen cookie does not outlive it.
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get("/quan-tri/").status_code == 302
    # And the front cache, which may have kept a page built from an old fragment
    # meanwhile by a worker that could reach Redis, is purged of every page.
    assert ["site"] in sent
