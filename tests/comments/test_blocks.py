"""The comment boxes tell the reader the rule that applies to this article, in one place."""

import pytest

from toasoan.comments.models import Comment, CommentSettings, Status

pytestmark = pytest.mark.django_db

PRE = "Ý kiến của bạn sẽ được biên tập trước khi đăng."
TRUSTED = "sẽ được đăng ngay; ý kiến khác được biên tập trước khi đăng."
CLOSED = "Bài viết này đã đóng bình luận."


def _notices(html: str) -> list[str]:
    return [n.split("</p>")[0] for n in html.split('class="comment-notice">')[1:]]


@pytest.mark.parametrize(
    "paper_policy, article_policy, expected",
    [
        ("pre", "", PRE),
        ("post_trusted", "", TRUSTED),
        ("post_trusted", "pre", PRE),
        ("pre", "closed", CLOSED),
    ],
)
def test_the_notice_follows_the_paper_and_the_article(
    paper, make_article, client, paper_policy, article_policy, expected
):
    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.policy = paper_policy
    rules.save()
    article = make_article(comment_policy=article_policy)
    for url in (
        article.url,
        f"/binh-luan/{article.pk}/",
        f"/binh-luan/{article.pk}/?khung=1",
    ):
        notices = _notices(client.get(url).content.decode())
        assert len(notices) == 1 and expected in notices[0], (url, notices)
    form = client.get(f"/binh-luan/{article.pk}/").content.decode()
    assert ('id="form-binh-luan"' in form) == (expected != CLOSED)


def test_the_article_page_counts_published_comments_only(paper, make_article, client):
    article = make_article()
    for status in (Status.APPROVED, Status.APPROVED, Status.PENDING, Status.REJECTED):
        Comment.objects.create(
            article=article, name="An", body="Hay lắm.", status=status
        )
    assert "2 bình luận" in client.get(article.url).content.decode()
