"""No request a stranger (or a moderator) can send gets a 5xx: every URL pattern of ours
with hostile path values, query values, form bodies and JSON bodies (hypothesis). Runs on
SQLite and, in make test's second pass, on PostgreSQL."""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toasoan.comments.models import Comment

pytestmark = pytest.mark.django_db
RUNS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "9223372036854775808",
            "9" * 40,
            "-1",
            "0",
            "²",
            "٣",
            "1e5",
            "0x10",
            " 1",
            "1 ",
            "9999-12-31",
            "0001-01-01",
            "2019-13-45",
            "%00",
            "\x00",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202eBan biên tập",
            "ß" * 300,
            "[" * 50,
            "null",
            "true",
            "{}",
            "",
        ]
    ),  # fmt: skip
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
    ),
)
PARAMS = ["q", "trang", "page", "chuyen-muc", "dia-phuong", "tu-ngay", "den-ngay",
          "sap-xep", "tra-loi", "khung", "bai", "trang-thai", "canh-bao", "p", "x"]  # fmt: skip


@pytest.fixture
def urls(seed_article):
    comment = Comment.objects.create(
        article=seed_article, name="An", body="Hay lắm.", status="approved"
    )
    a, c = seed_article.pk, comment.pk
    return [
        "/", "/chinh-tri/", seed_article.url, f"/x-{a}.htm", "/tim-kiem",
        f"/binh-luan/{a}/", f"/binh-luan/{a}/gui", f"/binh-luan/y-kien/{c}/thich",
        f"/binh-luan/y-kien/{c}/bao-cao", f"/api/binh-luan/{a}", "/chu-de/{v}",
        "/tac-gia/{v}", "/dia-phuong/{v}", "/{v}-{v}.htm", "/binh-luan/{v}/",
        "/binh-luan/{v}/gui", "/api/binh-luan/{v}", "/binh-luan/y-kien/{v}/thich",
        "/{v}/", "/quan-tri/login/", "/robots.txt", "/sitemap.xml", "/sitemap-trang.xml",
        "/sitemap-tin-moi.xml", "/sitemap-bai-viet-{v}.xml", "/rss", "/rss/{v}.rss",
        "/rss/trang-chu.rss", "/rss/chu-de/{v}.rss", "/rss/tac-gia/{v}.rss",
        "/rss/dia-phuong/{v}.rss",
    ]  # fmt: skip


def _url(template: str, value: str) -> str:
    return template.replace("{v}", quote(value, safe="") or "x")


@RUNS
@given(
    pick=st.integers(0, 10_000),
    value=HOSTILE,
    key=st.sampled_from(PARAMS),
    query=HOSTILE,
)
def test_get_and_post_with_hostile_values(urls, client, pick, value, key, query):
    url = _url(urls[pick % len(urls)], value)
    for response in (
        client.get(url, {key: query}),
        client.post(url, {key: query, "name": value, "body": query, "ts": value}),
    ):
        assert response.status_code < 500, (url, key, query)


JSONS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HOSTILE),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(HOSTILE, inner, max_size=4)
    ),
    max_leaves=12,
)


@RUNS
@given(
    body=st.one_of(
        JSONS.map(json.dumps),
        st.fixed_dictionaries(
            {"name": JSONS, "body": JSONS, "ts": JSONS, "parent": JSONS, "original": JSONS,
             "confirmed": JSONS, "notify": JSONS, "email": JSONS}
        ).map(json.dumps),
        st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    )
)  # fmt: skip
def test_the_comment_api_with_hostile_json(seed_article, client, body):
    response = client.post(
        f"/api/binh-luan/{seed_article.pk}",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k" * 100,
    )
    assert response.status_code < 500, body
    assert response["Content-Type"].startswith("application/json")


@pytest.fixture
def moderator_client(paper, django_user_model, client):
    from django.contrib.auth.models import Group

    from toasoan.newsroom.roles import COMMENT_MODERATOR

    user = django_user_model.objects.create_user("kiemduyet", password="x-pass-12345")
    user.groups.add(Group.objects.get(name=COMMENT_MODERATOR))
    client.force_login(user)
    return client


@RUNS
@given(value=HOSTILE, key=st.sampled_from(PARAMS + ["ids", "action", "reason", "next"]))
def test_the_moderators_views_with_hostile_values(
    seed_article, moderator_client, value, key
):
    for url in ("/quan-tri/binh-luan/", "/quan-tri/binh-luan/hang-loat/",
                _url("/quan-tri/binh-luan/{v}/", value)):  # fmt: skip
        assert moderator_client.get(url, {key: value}).status_code < 500, (
            url,
            key,
            value,
        )
        response = moderator_client.post(
            url, {key: value, "ids": value, "action": value}
        )
        assert response.status_code < 500, (url, key, value)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_a_url_without_its_slash_is_a_404_even_in_debug(
    seed_article, client, settings, method
):
    settings.DEBUG = True  # Django's CommonMiddleware raised RuntimeError here (a 500)
    response = getattr(client, method)(f"/binh-luan/{seed_article.pk}")
    assert response.status_code == 404
    assert (
        client.get(f"/binh-luan/{seed_article.pk}").status_code == 301
    )  # reads still are


def test_production_settings_refuse_to_start_without_a_database_and_trust_no_proxy():
    """The production settings, imported in a fresh interpreter as a server would."""
    import os
    import subprocess
    import sys

    code = "import django.conf as c; from toasoan.settings import production as p; " \
           "print(getattr(p, 'SECURE_PROXY_SSL_HEADER', None))"  # fmt: skip
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TOASOAN_TLS_PROXY")
    }
    env["SECRET_KEY"] = "x" * 60
    refused = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "Set DATABASE_URL" in refused.stderr
    env["DATABASE_URL"] = "postgres://u@localhost/db"
    plain = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert plain.stdout.strip() == "None"  # X-Forwarded-Proto from anyone is not https
    env["TOASOAN_TLS_PROXY"] = "1"
    proxied = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout
