import json
import time

import pytest

from toasoan.comments.forms import form_token
from toasoan.comments.models import Comment
from toasoan.comments.services import comment_approve

pytestmark = pytest.mark.django_db


def test_api_lists_published_threads(make_article, reader, post_comment, moderator):
    article = make_article()
    post_comment(reader(), article, body="Ý kiến gốc cho API.", name="An")
    root = Comment.objects.get()
    comment_approve(comment=root, user=moderator)
    post_comment(
        reader(), article, body="Trả lời <b>in đậm</b>?", parent=root.pk
    )  # refused: HTML
    post_comment(reader(), article, body="Trả lời thường.", parent=root.pk)
    comment_approve(comment=Comment.objects.latest("pk"), user=moderator)
    post_comment(reader(), article, body="Còn chờ duyệt.")
    data = reader().get(f"/api/binh-luan/{article.pk}").json()
    assert data["count"] == 2
    assert [c["name"] for c in data["comments"]] == ["An"]
    assert data["comments"][0]["replies"][0]["body"] == "Trả lời thường."
    assert data["form_token"] and data["csrf_token"] and data["has_next"] is False
    assert "email" not in data["comments"][0]


def test_api_post_json_with_idempotency_header(make_article, reader):
    article = make_article()
    client = reader()
    payload = json.dumps(
        {
            "name": "Bình",
            "body": "Gửi qua API có dấu đầy đủ.",
            "ts": form_token(article.pk),
        }
    )
    first = client.post(
        f"/api/binh-luan/{article.pk}",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc123",
    )
    again = client.post(
        f"/api/binh-luan/{article.pk}",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc123",
    )
    assert first.status_code == 201 and first.json()["status"] == "pending"
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["id"] == first.json()["id"]
    assert Comment.objects.count() == 1


def test_api_errors_are_json_in_vietnamese(make_article, reader):
    article = make_article()
    client = reader()
    bad = client.post(
        f"/api/binh-luan/{article.pk}",
        "{không phải json",
        content_type="application/json",
    )
    assert bad.status_code == 400 and "JSON" in bad.json()["message"]
    empty = client.post(
        f"/api/binh-luan/{article.pk}",
        json.dumps({"name": "A", "body": "", "ts": form_token(article.pk)}),
        content_type="application/json",
    )
    assert empty.status_code == 400 and empty.json()["errors"]["body"] == [
        "Vui lòng nhập nội dung bình luận."
    ]
    assert client.get("/api/binh-luan/999999").status_code == 404


def test_comment_block_queries_are_bounded(
    make_article, reader, post_comment, moderator, django_assert_max_num_queries
):
    article = make_article()
    for i in range(6):
        post_comment(reader(), article, body=f"Ý kiến số {i} trong bài.")
    for comment in Comment.objects.all():
        comment_approve(comment=comment, user=moderator)
    roots = list(Comment.objects.all()[:2])
    for i, root in enumerate(roots):
        post_comment(reader(), article, body=f"Trả lời số {i}.", parent=root.pk)
    for comment in Comment.objects.filter(status="pending"):
        comment_approve(comment=comment, user=moderator)
    client = reader()
    client.get(f"/binh-luan/{article.pk}/")  # warm the site and settings caches
    with django_assert_max_num_queries(8):
        html = client.get(f"/binh-luan/{article.pk}/?khung=1").content.decode()
    assert "8 bình luận" in html


def test_a_form_token_serves_one_article_for_a_few_hours(
    make_article, reader, settings
):
    from unittest import mock

    settings.COMMENTS_MIN_FILL_SECONDS = 0
    article, other = make_article(), make_article()

    def post(token, target=article):
        return reader().post(
            f"/api/binh-luan/{target.pk}",
            json.dumps({"name": "Bình", "body": "Ý kiến có dấu đầy đủ.", "ts": token}),
            content_type="application/json",
        )

    assert post(form_token(article.pk), other).status_code == 400  # another article's
    with mock.patch(
        "django.core.signing.time.time", return_value=time.time() - 5 * 3600
    ):
        stale = form_token(article.pk)
    assert "hết hạn" in post(stale).json()["message"]
    assert post(form_token(article.pk)).status_code == 201
