"""What a reader cannot see is not stored, every stored text obeys the same rules, and a
name dressed as the paper's own desk is flagged for the moderators."""

import pytest

from toasoan.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_hidden_characters_are_stripped_from_name_and_body(
    make_article, reader, post_comment
):
    article = make_article()
    response = post_comment(
        reader(),
        article,
        json=True,
        name="\u202eNguyễn\u200b An\U000e0041",
        body="Bài viết\x1b[31m rất hay\x07, cảm ơn\ue000 tòa soạn.\u2066",
    )
    assert response.status_code == 201, response.content
    comment = Comment.objects.get()
    assert comment.name == "Nguyễn An"
    assert comment.body == "Bài viết rất hay, cảm ơn tòa soạn."


@pytest.mark.parametrize(
    "body", ["\u0301\u0301\u0301", "\u202e\u202c\x1b[0m", "\ue000\ue001"]
)
def test_a_body_with_nothing_visible_is_refused(
    make_article, reader, post_comment, body
):
    response = post_comment(reader(), make_article(), json=True, body=body)
    assert response.status_code == 400
    assert response.json()["message"] == "Vui lòng nhập nội dung bình luận."
    assert not Comment.objects.exists()


def test_the_readers_own_version_obeys_the_rules_of_the_body(
    make_article, reader, post_comment
):
    article = make_article()
    for original in (
        "<script>alert(1)</script> bai viet hay",
        "xem http://a.vn http://b.vn http://c.vn",
    ):
        response = post_comment(
            reader(),
            article,
            json=True,
            body="Bài viết hay.",
            confirmed="1",
            original=original,
        )
        assert response.status_code == 400, original
    assert not Comment.objects.exists()


def test_a_name_mixing_look_alike_scripts_is_flagged(
    make_article, reader, post_comment
):
    article = make_article()
    post_comment(reader(), article, json=True, name="B\u0430n biên tập")  # Cyrillic а
    post_comment(reader(), article, json=True, name="Trần Bình", body="Ý kiến thứ hai.")
    flagged, plain = Comment.objects.order_by("pk")
    assert any(f["kind"] == "name" and "Kirin" in f["message"] for f in flagged.flags)
    assert flagged.flagged and not any(f["kind"] == "name" for f in plain.flags)
