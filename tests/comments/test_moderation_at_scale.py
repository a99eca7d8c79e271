"""Moderation that scales: the shipped Vietnamese word lists, reported comments back at the
queue's top and in their own tab, a count on the menu, the warnings following a
moderator's edit, a filter by headline, and avatars drawn without any outside service."""

from __future__ import annotations

import json

import pytest

from toasoan.comments import services
from toasoan.comments.models import Comment, CommentLog, CommentSettings, Status

pytestmark = pytest.mark.django_db


def suspects(comment):
    return [f["text"] for f in comment.flags if f["kind"] == "suspect"]


@pytest.mark.parametrize(
    "body, word",
    [
        ("Bọn viết bài này đúng là lũ ngu.", "lũ ngu"),
        ("Đồ chó, viết sai hết cả.", "đồ chó"),
        ("Toàn lũ phản động xuyên tạc.", "phản động"),
    ],
)
def test_insults_are_flagged_out_of_the_box(
    make_article, reader, post_comment, body, word
):
    post_comment(reader(), make_article(), body=body)
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING and comment.flagged
    assert word in suspects(comment)


def test_obscenities_are_refused_and_everyday_words_are_not_caught(
    make_article, reader, post_comment
):
    article = make_article()
    refused = post_comment(reader(), article, body="Bài gì mà vcl thật.", json=True)
    assert refused.status_code == 400
    assert "từ ngữ không được phép đăng: vcl" in refused.json()["message"]
    everyday = (
        "Hè này tôi đi du lịch Sầm Sơn, mua lon bia lớn, đeo khẩu trang, buổi tối ngủ "
        "ngon; con chó nhà tôi cũng đi. Đừng đổ cho người khác."
    )
    post_comment(reader(), article, body=everyday)
    comment = Comment.objects.get()
    assert suspects(comment) == [] and not comment.flagged
    # Refusing is strict: "do cho rằng" (because … thinks) in marked text is not "đồ
    # chó"; flagging is not (an insult left unmarked to slip through), a person decides.
    rules = CommentSettings.for_site(article.get_site())
    rules.banned_words = "đồ chó"
    rules.save()
    answer = post_comment(
        reader(), article, body="Tôi không đồng ý, do cho rằng giá sẽ tăng."
    )
    assert answer.status_code == 201
    assert "đồ chó" in suspects(Comment.objects.latest("pk"))


def test_a_reported_comment_comes_back_to_the_top_and_its_own_tab(
    make_article, reader, post_comment, moderator, client
):
    article = make_article(title="Giá lúa tăng mạnh")
    post_comment(reader(), article, body="Bình luận đã đăng từ sáng.")
    published = Comment.objects.get()
    services.comment_approve(comment=published, user=moderator)
    post_comment(reader(), article, body="Bình luận mới đang chờ duyệt.")
    assert services.comment_report(comment=published, ip="198.51.100.1", reason="spam")
    client.force_login(moderator)
    queue = client.get("/quan-tri/binh-luan/").content.decode()
    assert queue.index("Bình luận đã đăng từ sáng") < queue.index(
        "Bình luận mới đang chờ"
    )
    assert "Bị báo cáo (1)" in queue and "chưa xử lý" in queue
    tab = client.get("/quan-tri/binh-luan/?trang-thai=bi-bao-cao").content.decode()
    assert "Bình luận đã đăng từ sáng" in tab and "Bình luận mới đang chờ" not in tab
    menu = client.get("/quan-tri/").content.decode()
    # The sidebar travels as ASCII-escaped JSON; one pending and one reported wait.
    assert json.dumps("Bình luận (2)")[1:-1] in menu
    # Read again and kept: it leaves the reported tab; the log says so.
    services.comment_approve(
        comment=Comment.objects.get(pk=published.pk), user=moderator
    )
    kept = Comment.objects.get(pk=published.pk)
    assert kept.reported_at is None and kept.status == Status.APPROVED
    assert CommentLog.objects.filter(comment=kept, note__contains="báo cáo").exists()
    tab = client.get("/quan-tri/binh-luan/?trang-thai=bi-bao-cao").content.decode()
    assert "Bình luận đã đăng từ sáng" not in tab


def test_the_warnings_follow_the_moderators_edit(
    make_article, reader, post_comment, moderator
):
    post_comment(reader(), make_article(), body="Tác giả đúng là đồ ngu, sai số liệu.")
    comment = Comment.objects.get()
    assert "đồ ngu" in suspects(comment)
    services.comment_edit(comment=comment, user=moderator, body="Tác giả sai số liệu.")
    comment.refresh_from_db()
    assert suspects(comment) == [] and not comment.flagged


def test_the_queue_filters_by_headline_and_the_reason_starts_empty(
    make_article, reader, post_comment, moderator, client
):
    flood = make_article(title="Lũ quét ở Mường Lát")
    other = make_article(title="Giá xăng giảm")
    post_comment(reader(), flood, body="Mong bà con vùng lũ bình an.")
    post_comment(reader(), other, body="Xăng giảm giá là tin vui.")
    client.force_login(moderator)
    found = client.get("/quan-tri/binh-luan/?tieu-de=mường lát").content.decode()
    assert "Mong bà con vùng lũ" in found and "Xăng giảm giá" not in found
    comment = Comment.objects.get(article=other)
    services.comment_reject(comment=comment, user=moderator, reason="Lạc đề")
    detail = client.get(f"/quan-tri/binh-luan/{comment.pk}/").content.decode()
    assert 'name="reason" maxlength="300" value=""' in detail
    assert "Lý do lần trước: Lạc đề" in detail


def test_avatars_are_initials_drawn_here(
    make_article, reader, post_comment, moderator, client
):
    article = make_article()
    post_comment(
        reader(), article, body="Ý kiến có ảnh đại diện.", name="Nguyễn Văn An"
    )
    services.comment_approve(comment=Comment.objects.get(), user=moderator)
    block = client.get(f"/binh-luan/{article.pk}/?khung=1").content.decode()
    assert '" aria-hidden="true">A</span>' in block
    assert "gravatar" not in block and "<img" not in block


def test_the_diacritics_helper_restores_the_name_too(
    make_article, reader, post_comment
):
    answer = post_comment(
        reader(), make_article(), json=True, name="Nguyen Van Hung",
        body="Bai viet rat hay, cam on toa soan da dua tin kip thoi",
    )  # fmt: skip
    data = answer.json()
    assert data["status"] == "confirm" and data["restored_name"] == "Nguyễn Văn Hùng"
    assert Comment.objects.count() == 0


def test_a_like_answers_with_the_new_count(
    make_article, reader, post_comment, moderator
):
    article = make_article()
    post_comment(reader(), article, body="Ý kiến được thích.")
    comment = Comment.objects.get()
    services.comment_approve(comment=comment, user=moderator)
    liked = reader().post(
        f"/binh-luan/y-kien/{comment.pk}/thich", HTTP_ACCEPT="application/json"
    )
    assert liked.json() == {
        "message": "Cảm ơn bạn đã thích bình luận này.", "likes": 1, "liked": True
    }  # fmt: skip


def test_two_readers_behind_one_address_can_both_comment(
    make_article, reader, post_comment
):
    """Each browser has its own signed reader token: the one-comment-per-minute rule
    counts per browser; the address keeps a higher cap of its own."""
    from toasoan.comments.forms import reader_token
    from toasoan.comments.services import IP_PER_MINUTE

    article = make_article()
    office = "203.0.113.200"
    hoa, nam = reader_token(), reader_token()
    first = post_comment(
        reader(ip=office), article, body="Ý kiến của chị Hoa.", reader=hoa
    )
    second = post_comment(
        reader(ip=office), article, body="Ý kiến của anh Nam.", reader=nam
    )
    assert (first.status_code, second.status_code) == (201, 201)
    again = post_comment(
        reader(ip=office), article, body="Chị Hoa gửi tiếp ngay.", reader=hoa, json=True
    )
    assert again.status_code == 429 and "chờ" in again.json()["message"]
    forged = post_comment(
        reader(ip=office), article, body="Mã tự chế.", reader="abc:def", json=True
    )
    assert forged.status_code == 429  # a forged token counts as the address itself
    for n in range(IP_PER_MINUTE - 2):
        ok = post_comment(
            reader(ip=office),
            article,
            body=f"Đồng nghiệp số {n} góp ý.",
            reader=reader_token(),
        )
        assert ok.status_code == 201
    crowded = post_comment(
        reader(ip=office), article, body="Thêm một người nữa.", reader=reader_token(),
        json=True,
    )  # fmt: skip
    assert crowded.status_code == 429 and "cùng một mạng" in crowded.json()["message"]
    assert Comment.objects.count() == IP_PER_MINUTE
