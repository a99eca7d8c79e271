"""Posting a comment: the restoration step, pre-moderation, threads, bad input."""

import json

import pytest
from django.core import mail
from django.test import Client, override_settings

from toasoan.comments.models import Ban, Comment, CommentSettings, Status
from toasoan.comments.services import comment_approve, comment_edit

pytestmark = pytest.mark.django_db

UNACCENTED = (
    "Bai viet rat hay, toi mong tinh se som hoan thanh sap xep don vi hanh chinh"
)


def test_block_is_separate_and_carries_the_form(make_article, reader):
    article = make_article()
    page = reader().get(article.url)
    assert "Set-Cookie" not in page.headers and "Cookie" not in page.headers.get(
        "Vary", ""
    )
    html = page.content.decode()
    assert "0 bình luận" in html and f"/binh-luan/{article.pk}/" in html
    assert "csrfmiddlewaretoken" not in html  # the form lives in the separate request
    block = reader().get(f"/binh-luan/{article.pk}/?khung=1")
    assert block.status_code == 200
    # The same for every reader: cached under the article's comment key, no cookie.
    assert block.headers["Cache-Control"] == "public, max-age=0, s-maxage=86400"
    assert f"c{article.pk}" in block.headers["xkey"].split()
    assert "Set-Cookie" not in block.headers
    assert "Cookie" not in block.headers.get("Vary", "")
    body = block.content.decode()
    assert "Gửi bình luận" in body and "Vui lòng gõ tiếng Việt có dấu" in body
    # Nothing of one reader in it: the tokens come from /phien when they act.
    assert 'name="csrfmiddlewaretoken" value=""' in body
    assert 'name="ts" value=' not in body and 'name="reader" value=' not in body


def test_a_reader_who_acts_gets_their_tokens_and_posts_with_them(
    make_article, post_comment
):
    """What site.js does when the reader starts to write: ask /phien, post with it."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.44")
    article = make_article()
    session = client.get(f"/binh-luan/{article.pk}/phien")
    assert session.status_code == 200
    assert "no-cache" in session.headers["Cache-Control"]
    assert "csrftoken" in session.cookies
    tokens = session.json()
    assert set(tokens) == {"csrf_token", "form_token", "reader_token"}
    answer = post_comment(
        client,
        article,
        json=True,
        csrfmiddlewaretoken=tokens["csrf_token"],
        ts=tokens["form_token"],
        reader=tokens["reader_token"],
    )
    assert answer.status_code == 201 and answer.json()["status"] == "pending"
    assert client.get("/binh-luan/999999999/phien").status_code == 404


def test_the_page_without_javascript_is_the_readers_own_and_never_cached(
    make_article, reader
):
    article = make_article()
    page = reader().get(f"/binh-luan/{article.pk}/")
    assert "no-cache" in page.headers["Cache-Control"] and "xkey" not in page.headers
    body = page.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' not in body
    assert 'name="ts" value="' in body and 'name="reader" value="' in body


def test_unaccented_comment_is_restored_for_the_reader_to_confirm(
    make_article, reader, post_comment
):
    article = make_article()
    client = reader()
    first = post_comment(client, article, body=UNACCENTED)
    assert first.status_code == 200
    html = first.content.decode()
    assert "chưa có dấu" in html and "Bài viết rất hay" in html  # restored text offered
    assert Comment.objects.count() == 0  # nothing stored before the reader confirms
    second = post_comment(
        client,
        article,
        body="Bài viết rất hay, tôi mong tỉnh sẽ sớm hoàn thành sắp xếp đơn vị hành chính",
        confirmed="1",
        original=UNACCENTED,
    )
    assert second.status_code == 201
    assert "đang chờ duyệt" in second.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.original_body == UNACCENTED
    assert comment.restored_body.startswith("Bài viết rất hay")
    assert comment.body.startswith("Bài viết rất hay")
    # Pending comments are not counted or shown.
    assert "0 bình luận" in reader().get(article.url).content.decode()


def test_reader_may_keep_the_unaccented_text(make_article, reader, post_comment):
    article = make_article()
    response = post_comment(
        reader(), article, body="da sua", confirmed="1", original=UNACCENTED, keep="1"
    )
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.body == UNACCENTED
    assert any(f["kind"] == "unaccented" for f in comment.flags)


def test_json_flow_offers_restoration(make_article, reader, post_comment):
    article = make_article()
    response = post_comment(reader(), article, body=UNACCENTED, json=True)
    data = response.json()
    assert data["status"] == "confirm" and data["restored"].startswith(
        "Bài viết rất hay"
    )


def test_moderated_edited_comment_appears_with_marker_and_count(
    make_article, reader, post_comment, moderator
):
    article = make_article()
    post_comment(
        reader(),
        article,
        body="Cần làm rõ trách nhiệm của chủ đầu tư dự án này.",
        name="Lê Thị Hoa",
    )
    comment = Comment.objects.get()
    comment_edit(
        comment=comment, user=moderator, body="Cần làm rõ trách nhiệm của chủ đầu tư."
    )
    comment_approve(comment=comment, user=moderator)
    page = reader().get(article.url).content.decode()
    assert "1 bình luận" in page
    block = reader().get(f"/binh-luan/{article.pk}/").content.decode()
    assert "Lê Thị Hoa" in block and "đã được biên tập" in block
    assert "chủ đầu tư." in block and "dự án này" not in block
    log = list(comment.log.values_list("action", "before", "after", "user__username"))
    assert log[0] == (
        "edit",
        "Cần làm rõ trách nhiệm của chủ đầu tư dự án này.",
        "Cần làm rõ trách nhiệm của chủ đầu tư.",
        "kiemduyet",
    )
    assert log[1][0] == "approve"
    comment.refresh_from_db()
    assert comment.original_body == "Cần làm rõ trách nhiệm của chủ đầu tư dự án này."


def test_a_reply_to_a_reply_joins_the_thread(
    make_article, reader, post_comment, moderator
):
    article = make_article()
    post_comment(reader(), article, body="Ý kiến thứ nhất về bài này.")
    root = Comment.objects.get()
    comment_approve(comment=root, user=moderator)
    post_comment(reader(), article, body="Tôi đồng ý với bạn.", parent=root.pk)
    reply = Comment.objects.latest("pk")
    assert reply.parent == root
    comment_approve(comment=reply, user=moderator)
    post_comment(reader(), article, body="Tôi thì không đồng ý lắm.", parent=reply.pk)
    second = Comment.objects.latest("pk")
    assert second.parent == root  # one level: the thread's root
    comment_approve(comment=second, user=moderator)
    block = reader().get(f"/binh-luan/{article.pk}/").content.decode()
    assert "3 bình luận" in block
    assert block.count('class="replies"') == 1


def test_newest_and_most_liked_order(make_article, reader, post_comment, moderator):
    article = make_article()
    for text in (
        "Bình luận cũ hơn nhiều người thích.",
        "Bình luận mới hơn chưa ai thích.",
    ):
        post_comment(reader(), article, body=text)
    for comment in Comment.objects.all():
        comment_approve(comment=comment, user=moderator)
    liked = Comment.objects.get(body__startswith="Bình luận cũ")
    for i in range(3):
        reader(ip=f"198.51.100.{i + 1}").post(f"/binh-luan/y-kien/{liked.pk}/thich")
    reader(ip="198.51.100.1").post(
        f"/binh-luan/y-kien/{liked.pk}/thich"
    )  # once per reader
    liked.refresh_from_db()
    assert liked.likes == 3
    newest = reader().get(f"/binh-luan/{article.pk}/").content.decode()
    most_liked = (
        reader().get(f"/binh-luan/{article.pk}/?sap-xep=thich").content.decode()
    )
    assert newest.index("mới hơn") < newest.index("cũ hơn")
    assert most_liked.index("cũ hơn") < most_liked.index("mới hơn")


def _nothing_stored_with(client, article, post_comment, message, status=400, **fields):
    response = post_comment(client, article, **fields)
    assert response.status_code == status, response.content.decode()[:500]
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"body": ""}, "Vui lòng nhập nội dung bình luận."),
        ({"body": "   \n  "}, "Vui lòng nhập nội dung bình luận."),
        ({"name": ""}, "Vui lòng nhập tên của bạn."),
        ({"body": "Dài quá " * 300}, "vượt mức 2000 ký tự"),
        ({"body": "Xem <script>alert(1)</script> nhé"}, "không nhận mã HTML"),
        ({"body": "Mua hàng ở a.com, b.vn và http://c.net giá rẻ"}, "tối đa 2"),
        ({"email": "khong-phai-email"}, "Địa chỉ e-mail không hợp lệ."),
        ({"website": "http://spam.example"}, "Không gửi được bình luận."),
        ({"ts": "gia-mao"}, "Biểu mẫu đã hết hạn hoặc không hợp lệ"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    make_article, reader, post_comment, fields, message
):
    _nothing_stored_with(reader(), make_article(), post_comment, message, **fields)


def test_too_fast_after_opening_the_form(make_article, reader, post_comment):
    with override_settings(COMMENTS_MIN_FILL_SECONDS=60):
        _nothing_stored_with(
            reader(), make_article(), post_comment, "Bạn gửi quá nhanh sau khi mở trang"
        )


def test_banned_words_are_refused_with_and_without_marks(
    make_article, reader, post_comment, paper
):
    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.banned_words = "lừa đảo\nđồ ngu"
    rules.save()
    article = make_article()
    _nothing_stored_with(
        reader(),
        article,
        post_comment,
        "không được phép đăng: đồ ngu",
        body="Tác giả đúng là đồ ngu.",
    )
    _nothing_stored_with(
        reader(),
        article,
        post_comment,
        "lừa đảo",
        body="Trang nay lua dao, dung tin",
        confirmed="1",
    )


def test_suspect_words_flag_the_comment(make_article, reader, post_comment, paper):
    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.suspect_words = "tham nhũng"
    rules.save()
    post_comment(
        reader(),
        make_article(),
        body="Chuyện tham nhung ở xã này cần làm rõ.",
        confirmed="1",
    )
    comment = Comment.objects.get()
    assert comment.flagged and any(f["kind"] == "suspect" for f in comment.flags)


def test_names_the_paper_published_are_no_spelling_hints(
    make_article, reader, post_comment
):
    """Moderators' hints leave alone a name the paper has written ("Phàn Thị Huê"),
    and still point at the same word elsewhere."""
    from toasoan.articles import names
    from toasoan.articles.models import PublishedName

    body = "Bà Phàn Thị Huê ở Mường Lát rất tốt bụng, ai cũng quý bà."
    other = "Bà Phàn Thị Lan ở Mường Lát rất tốt bụng, ai cũng quý bà."
    article = make_article()
    post_comment(reader(), article, body=other)
    assert [f["text"] for f in Comment.objects.get().flags] == ["Phàn"]
    PublishedName.objects.create(text="phàn thị huê", articles=1)
    names._memo.update(version=None)  # as a new version would
    post_comment(reader(), article, body=body)
    assert Comment.objects.get(body=body).flags == []
    names._memo.update(version=None)


def test_rate_limits_per_ip_and_per_email(make_article, reader, post_comment, paper):
    article = make_article()
    client = reader()
    assert (
        post_comment(client, article, body="Bình luận đầu tiên của tôi.").status_code
        == 201
    )
    response = post_comment(client, article, body="Bình luận thứ hai ngay sau đó.")
    assert response.status_code == 429 and "Vui lòng chờ" in response.content.decode()
    # Same e-mail from another IP: still the same person.
    post_comment(reader(), article, body="Một ý kiến có e-mail.", email="an@example.vn")
    response = post_comment(
        reader(), article, body="Ý kiến khác, cùng e-mail.", email="AN@example.vn"
    )
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.min_interval_seconds, rules.daily_limit = 0, 2
    rules.save()
    assert (
        post_comment(client, article, body="Bình luận thứ hai hôm nay.").status_code
        == 201
    )
    response = post_comment(client, article, body="Bình luận thứ ba hôm nay.")
    assert response.status_code == 429 and "24 giờ" in response.content.decode()


def test_duplicates_are_refused(make_article, reader, post_comment):
    article = make_article()
    post_comment(reader(), article, body="Ý kiến giống hệt nhau.")
    response = post_comment(
        reader(), article, body="Y kien giong het nhau!", confirmed="1"
    )
    assert (
        response.status_code == 409
        and "đã được gửi trước đó" in response.content.decode()
    )
    assert Comment.objects.count() == 1


def test_forged_csrf_token_is_refused(make_article, post_comment):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.9")
    client.get(f"/binh-luan/{make_article().pk}/")
    article = make_article()
    response = post_comment(client, article, csrfmiddlewaretoken="gia-mao-" * 4)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_real_csrf_token_is_accepted(make_article, post_comment):
    import re

    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    article = make_article()
    block = client.get(f"/binh-luan/{article.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', block).group(1)
    assert post_comment(client, article, csrfmiddlewaretoken=token).status_code == 201


def test_ips_are_stored_hashed_and_emails_never_shown(
    make_article, reader, post_comment, moderator
):
    article = make_article()
    post_comment(
        reader(ip="203.0.113.77"),
        article,
        email="an@example.vn",
        body="Ý kiến có e-mail riêng tư.",
    )
    comment = Comment.objects.get()
    assert comment.ip_hash and "203.0.113.77" not in json.dumps(
        list(Comment.objects.values()), default=str
    )
    comment_approve(comment=comment, user=moderator)
    assert (
        "an@example.vn"
        not in reader().get(f"/binh-luan/{article.pk}/").content.decode()
    )
    assert "an@example.vn" not in json.dumps(
        reader().get(f"/api/binh-luan/{article.pk}").json()
    )


def test_banned_email_and_ip_cannot_post(make_article, reader, post_comment, moderator):
    from toasoan.comments.services import comment_ban

    article = make_article()
    post_comment(
        reader(ip="203.0.113.90"),
        article,
        email="xau@example.vn",
        body="Một bình luận quấy rối.",
    )
    comment = Comment.objects.get()
    comment_ban(comment=comment, user=moderator, kind=Ban.Kind.EMAIL, reason="quấy rối")
    comment_ban(comment=comment, user=moderator, kind=Ban.Kind.IP, reason="quấy rối")
    response = post_comment(
        reader(), article, email="xau@example.vn", body="Tôi lại gửi đây."
    )
    assert (
        response.status_code == 403
        and "không thể gửi bình luận" in response.content.decode()
    )
    response = post_comment(
        reader(ip="203.0.113.90"), article, body="Đổi e-mail vẫn bị chặn."
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_closed_and_post_moderated_articles(
    make_article, reader, post_comment, paper, moderator
):
    closed = make_article(comment_policy="closed")
    response = post_comment(reader(), closed)
    assert (
        response.status_code == 403 and "đã đóng bình luận" in response.content.decode()
    )
    assert (
        "đã đóng bình luận" in reader().get(f"/binh-luan/{closed.pk}/").content.decode()
    )

    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.close_after_days = 30
    rules.save()
    old = make_article(minutes_ago=60 * 24 * 31)
    assert post_comment(reader(), old).status_code == 403

    open_article = make_article(comment_policy="post_trusted")
    regular = reader(ip="203.0.113.55")
    post_comment(
        regular, open_article, email="quen@example.vn", body="Lần đầu tôi bình luận."
    )
    first = Comment.objects.get()
    assert first.status == Status.PENDING  # no history yet
    comment_approve(comment=first, user=moderator)
    post_comment(
        reader(),
        open_article,
        email="quen@example.vn",
        body="Lần thứ hai thì được đăng ngay.",
    )
    assert Comment.objects.latest("pk").status == Status.APPROVED


def test_notifications_on_approval_and_on_reply(
    make_article, reader, post_comment, moderator, django_capture_on_commit_callbacks
):
    article = make_article()
    post_comment(
        reader(),
        article,
        email="an@example.vn",
        notify="on",
        body="Xin báo tôi khi có trả lời.",
    )
    root = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=root, user=moderator)
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert "đã được đăng" in mail.outbox[0].subject
    post_comment(
        reader(), article, name="Trần Bình", body="Tôi trả lời bạn đây.", parent=root.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=Comment.objects.latest("pk"), user=moderator)
    assert len(mail.outbox) == 2 and "trả lời" in mail.outbox[1].subject
    assert "Trần Bình" in mail.outbox[1].body


def test_report_counts_once_per_reader_and_flags(
    make_article, reader, post_comment, moderator
):
    article = make_article()
    post_comment(reader(), article, body="Bình luận bị báo cáo.")
    comment = Comment.objects.get()
    comment_approve(comment=comment, user=moderator)
    client = reader()
    url = f"/binh-luan/y-kien/{comment.pk}/bao-cao"
    assert (
        "Cảm ơn bạn đã báo cáo"
        in client.post(url, {"reason": "abuse"}).content.decode()
    )
    assert (
        "đã báo cáo bình luận này rồi"
        in client.post(url, {"reason": "spam"}).content.decode()
    )
    assert client.post(url, {"reason": "??"}).status_code == 400
    comment.refresh_from_db()
    assert comment.reports == 1 and comment.flagged


def test_an_ipv6_reader_is_one_reader_across_their_64(
    make_article, reader, post_comment, moderator
):
    """A phone or household is given a whole /64: twelve of its addresses are one
    reader to the rate limit, the ban, likes and reports."""
    from toasoan.comments.services import comment_ban

    article = make_article()
    answers = [
        post_comment(reader(ip=f"2001:db8:aa:bb::{n:x}"), article,
                     body=f"Ý kiến số {n} của cùng một người.").status_code
        for n in range(1, 13)
    ]  # fmt: skip
    assert answers.count(201) == 1 and answers.count(429) == 11, answers
    # Another /64 is another reader.
    assert (
        post_comment(reader(ip="2001:db8:aa:cc::1"), article, body="Người khác.")
    ).status_code == 201
    first = Comment.objects.order_by("pk").first()
    comment_ban(comment=first, user=moderator, kind=Ban.Kind.IP, reason="quấy rối")
    response = post_comment(
        reader(ip="2001:db8:aa:bb:ffff:1:2:3"),
        article,
        body="Địa chỉ mới, vẫn bị chặn.",
    )
    assert response.status_code == 403
    # A like from each of 5 addresses of one /64 counts once.
    from toasoan.comments.models import Status

    first.status = Status.APPROVED
    first.save()
    for n in range(5):
        reader(ip=f"2001:db8:5:5::{n + 1}").post(f"/binh-luan/y-kien/{first.pk}/thich")
    first.refresh_from_db()
    assert first.likes == 1
