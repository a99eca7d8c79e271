"""The crafted requests of the hostile-input report get a 4xx with a Vietnamese message,
never a 500, and store nothing."""

import json

import pytest

from toasoan.comments.forms import form_token
from toasoan.comments.models import Comment

pytestmark = pytest.mark.django_db

BIG = "9223372036854775808"  # 2**63: past the database's integer


def test_ids_past_the_database_integer_are_404(seed_article, client):
    for url in (
        f"/x-{BIG}.htm",
        f"/binh-luan/{BIG}/",
        f"/api/binh-luan/{BIG}",
        "/x-" + "9" * 40 + ".htm",
    ):
        assert client.get(url, follow=True).status_code == 404, url
    for url in (f"/binh-luan/y-kien/{BIG}/thich", f"/binh-luan/{BIG}/gui"):
        # Not a pattern of ours: CommonMiddleware offers the slashed URL, Wagtail 404s it.
        assert client.post(url, {}).status_code in (301, 404), url


def test_unicode_digits_and_far_dates_are_ignored(seed_article, client):
    for url in (
        f"/binh-luan/{seed_article.pk}/?tra-loi=%C2%B2",
        f"/binh-luan/{seed_article.pk}/?trang=%D9%A3",
        "/tim-kiem?q=x&chuyen-muc=%C2%B2",
        "/tim-kiem?q=x&dia-phuong=%C2%B2",
        "/tim-kiem?q=x&den-ngay=9999-12-31",
        "/tim-kiem?q=x&tu-ngay=0001-01-01",
        f"/tim-kiem?q=x&dia-phuong={BIG}",
    ):
        assert client.get(url).status_code == 200, url


def _post(client, article, payload):
    return client.post(
        f"/api/binh-luan/{article.pk}",
        payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


def test_comment_api_refuses_deep_json_wrong_types_and_lone_surrogates(
    seed_article, client, settings
):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    deep = _post(client, seed_article, "[" * 100_000 + "]" * 100_000)
    assert deep.status_code == 400 and "JSON" in deep.json()["message"]
    base = {
        "name": "Nguyễn Văn An",
        "body": "Bài viết rất hay.",
        "ts": form_token(seed_article.pk),
    }
    typed = _post(client, seed_article, {**base, "name": ["a", "b"]})
    assert typed.status_code == 400 and "name" in typed.json()["errors"]
    for field in ("name", "body", "original"):
        # Sent as the escape "\ud800", which json.loads turns into a lone surrogate.
        response = _post(
            client, seed_article, {**base, field: "\ud800 x", "confirmed": True}
        )
        assert response.status_code == 400, field
        assert "ký tự không hợp lệ" in response.json()["message"], field
    assert not Comment.objects.exists()
