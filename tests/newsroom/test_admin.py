"""The newsroom works in Vietnamese, and each role sees only its own buttons."""

import json

import pytest

from tests.staff import newsroom_user
from toasoan.newsroom import roles


def login(client, role):
    user = newsroom_user(role, f"u{abs(hash(role))}")
    client.force_login(user)
    return user


def test_editor_form_is_vietnamese(paper, client):
    login(client, roles.MANAGING_EDITOR)
    section = paper["sections"]["xa-hoi"]
    html = client.get(
        f"/quan-tri/pages/add/articles/articlepage/{section.pk}/"
    ).content.decode()
    for text in ("Lưu nháp", "Tiêu đề", "Sapo (đoạn mở đầu)", "Nội dung", "Xuất bản"):
        assert text in html, text
    # The sidebar menu travels as JSON (ASCII-escaped) for the admin's JavaScript.
    for text in ("Hình ảnh", "Danh mục", "Báo cáo", "Trợ giúp"):
        assert json.dumps(text)[1:-1] in html, text
    for english in ("Save draft", '"Images"', '"Snippets"', '"Reports"'):
        assert english not in html, english


@pytest.mark.parametrize(
    "role, publish",
    [(roles.REPORTER, False), (roles.EDITOR, False), (roles.MANAGING_EDITOR, True)],
)
def test_publish_button_only_for_the_managing_editor(
    paper, client, make_article, role, publish
):
    article = make_article(title="Bài nháp để duyệt", live=False)
    user = login(client, role)
    if role == roles.REPORTER:
        article.owner = user
        article.save()
    html = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    assert ('name="action-publish"' in html) is publish
    assert "Gửi duyệt: Quy trình xuất bản bài viết" in html


def test_comment_moderator_cannot_open_the_page_editor(paper, client, make_article):
    article = make_article(title="Bài đã đăng")
    login(client, roles.COMMENT_MODERATOR)
    response = client.get(f"/quan-tri/pages/{article.pk}/edit/")
    # Wagtail answers a refusal with a redirect to the admin's home and a message.
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"
