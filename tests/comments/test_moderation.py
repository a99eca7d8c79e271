"""The Kiểm duyệt bình luận queue in the Wagtail admin, and who may use it."""

import pytest
from django.contrib.auth.models import Group

from toasoan.comments.models import Ban, Comment, Status
from toasoan.newsroom.roles import REPORTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_article, reader, post_comment):
    article = make_article()
    post_comment(
        reader(),
        article,
        body="Bai nay viet hay qua, cam on tac gia nhieu",
        confirmed="1",
        original="Bai nay viet hay qua, cam on tac gia nhieu",
        email="a@example.vn",
    )
    post_comment(reader(), article, body="Ý kiến thứ hai đợi duyệt.")
    return article, list(Comment.objects.order_by("pk"))


def test_queue_shows_oldest_first_with_original_and_restored(
    client, moderator, pending
):
    _, comments = pending
    client.force_login(moderator)
    page = client.get("/quan-tri/binh-luan/").content.decode()
    assert "Kiểm duyệt bình luận" in page
    assert page.index("Ý kiến thứ hai") > page.index("Bai nay viet hay qua")
    assert "Thêm dấu tự động" in page and "Bài này viết hay quá" in page
    detail = client.get(f"/quan-tri/binh-luan/{comments[0].pk}/").content.decode()
    assert "Bạn đọc gõ" in detail and "Nhật ký kiểm duyệt" in detail
    assert "a@example.vn" not in detail


def test_edit_approve_reject_ban_through_the_admin(client, moderator, pending):
    article, (first, second) = pending
    client.force_login(moderator)
    url = f"/quan-tri/binh-luan/{first.pk}/"
    client.post(
        url, {"action": "save_approve", "body": "Bài này viết hay quá, cảm ơn tác giả."}
    )
    first.refresh_from_db()
    assert first.status == Status.APPROVED and first.is_edited
    assert first.original_body.startswith("Bai nay")
    assert list(first.log.values_list("action", flat=True)) == ["edit", "approve"]
    response = client.post(
        f"/quan-tri/binh-luan/{second.pk}/",
        {"action": "reject", "reason": ""},
        follow=True,
    )
    assert "Vui lòng ghi lý do từ chối." in response.content.decode()
    second.refresh_from_db()
    assert second.status == Status.PENDING
    client.post(
        f"/quan-tri/binh-luan/{second.pk}/",
        {"action": "reject", "reason": "Không liên quan"},
    )
    second.refresh_from_db()
    assert (
        second.status == Status.REJECTED and second.reject_reason == "Không liên quan"
    )
    client.post(url, {"action": "ban_email", "reason": "thử"})
    assert Ban.objects.filter(kind="email", value_hash=first.email_hash).exists()
    block = client.get(f"/binh-luan/{article.pk}/").content.decode()
    assert "1 bình luận" in block and "đã được biên tập" in block


def test_bulk_approve(client, moderator, pending):
    _, comments = pending
    client.force_login(moderator)
    response = client.post(
        "/quan-tri/binh-luan/hang-loat/",
        {"ids": [c.pk for c in comments], "action": "approve"},
        follow=True,
    )
    assert "Đã duyệt đăng 2 bình luận." in response.content.decode()
    assert Comment.objects.filter(status=Status.APPROVED).count() == 2
    response = client.post(
        "/quan-tri/binh-luan/hang-loat/",
        {"ids": [comments[0].pk], "action": "reject"},
        follow=True,
    )
    assert "Vui lòng ghi lý do từ chối." in response.content.decode()


def test_filters(client, moderator, pending, make_article, reader, post_comment):
    other = make_article()
    post_comment(reader(), other, body="Ở bài khác.")
    client.force_login(moderator)
    page = client.get(f"/quan-tri/binh-luan/?bai={other.pk}").content.decode()
    assert "Ở bài khác." in page and "Ý kiến thứ hai" not in page
    flagged = client.get("/quan-tri/binh-luan/?canh-bao=1").content.decode()
    assert "Bai nay viet" in flagged and "Ý kiến thứ hai" not in flagged


def test_only_moderators_may_moderate(client, pending, django_user_model):
    _, comments = pending
    reporter = django_user_model.objects.create_user(
        "phongvien", password="x-pass-12345"
    )
    reporter.groups.add(Group.objects.get(name=REPORTER))
    assert client.get("/quan-tri/binh-luan/").status_code == 302  # to the login page
    client.force_login(reporter)
    for method, url, data in [
        ("get", "/quan-tri/binh-luan/", None),
        ("get", f"/quan-tri/binh-luan/{comments[0].pk}/", None),
        ("post", f"/quan-tri/binh-luan/{comments[0].pk}/", {"action": "approve"}),
        (
            "post",
            "/quan-tri/binh-luan/hang-loat/",
            {"ids": [comments[0].pk], "action": "approve"},
        ),
    ]:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, url
        assert response["Location"] == "/quan-tri/", url
    assert not Comment.objects.filter(status=Status.APPROVED).exists()
    # The menu item is shown only to those who may use it.
    assert "/quan-tri/binh-luan/" not in client.get("/quan-tri/").content.decode()


def test_moderators_see_the_menu_item(client, moderator):
    client.force_login(moderator)
    assert "/quan-tri/binh-luan/" in client.get("/quan-tri/").content.decode()


def test_the_queue_pages_with_the_site_wide_helper(client, moderator, make_article):
    """50 a page, oldest first; odd page and article values give page 1, never a 500."""
    article = make_article()
    Comment.objects.bulk_create(
        Comment(article=article, name="An", body=f"Ý kiến số {n:02d}.", status=Status.PENDING)
        for n in range(55)
    )  # fmt: skip
    client.force_login(moderator)
    first = client.get("/quan-tri/binh-luan/").content.decode()
    second = client.get("/quan-tri/binh-luan/", {"trang": "2"}).content.decode()
    assert "Ý kiến số 49." in first and "Ý kiến số 50." not in first
    assert "Ý kiến số 50." in second and "Ý kiến số 49." not in second
    assert "Trang sau" in first and "Trang trước" in second
    for odd in ({"trang": "²"}, {"trang": "-1"}, {"bai": "²"}, {"bai": "9" * 30}):
        response = client.get("/quan-tri/binh-luan/", odd)
        assert response.status_code == 200, odd
