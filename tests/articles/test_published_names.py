"""Names the paper has published are left alone by the proofreader in the editor: kept
by a job on publish, only where the proofreader had nothing to say or an editor set its
flag aside, forgotten when no live article holds them any more."""

import pytest
from django.core.cache import cache

from toasoan.articles.models import ArticleName, ProofreadIgnore, PublishedName
from toasoan.articles.names import known_names
from toasoan.articles.proofreading import article_flags

NAME_LINE = "Bà Phàn Thị Huê ở Mường Lát nhận quà của tỉnh."


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks):
    """Each step commits, as in the admin: the jobs it enqueues then run (at once with
    the tests' job backend)."""

    def run(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    return run


@pytest.fixture
def publish(committed):
    def go(article):
        committed(lambda: article.save_revision().publish())
        article.refresh_from_db()
        return article

    return go


def test_a_name_an_editor_confirmed_is_left_alone_in_the_next_article(
    make_article, publish
):
    first = make_article(
        title="Quà Tết cho bà con vùng cao", live=False, body=body(NAME_LINE)
    )
    flags = article_flags(first)
    assert [(f.text, f.suggestion) for f in flags] == [("Phàn", "Phan")]
    # Published as it is: the questioned name is not learnt...
    publish(first)
    assert "phàn thị huê" not in known_names()
    assert "mường lát" in known_names()  # nothing questioned there
    # ...until an editor says "Không phải lỗi" and the article goes out again.
    ProofreadIgnore.objects.create(article=first, text="Phàn", suggestion="Phan")
    publish(first)
    assert "phàn thị huê" in known_names()

    second = make_article(
        title="Bà Phàn Thị Huê giữ nghề dệt thổ cẩm", live=False,
        body=body("Năm nay bà Phàn Thị Huê dạy nghề cho 20 phụ nữ."),
    )  # fmt: skip
    assert article_flags(second) == []
    # The name, not its words: "Phàn" in another name is still read in its context.
    third = make_article(
        title="Quà cho vùng cao", live=False,
        body=body("Bà Phàn Thị Lan ở Mường Lát nhận quà của tỉnh."),
    )  # fmt: skip
    assert [f.text for f in article_flags(third)] == ["Phàn"]


def test_a_typo_published_in_capitals_does_not_become_a_name(make_article, publish):
    article = make_article(
        title="Người dân xã Trung Lý đón Phó Thủ Tưởng Chính phủ", live=False
    )
    publish(article)
    known = known_names()
    assert "trung lý" in known
    assert not any("tưởng" in name for name in known)
    later = make_article(title="Phó Thủ Tưởng Chính phủ thăm Mường Lát", live=False)
    assert [f.text for f in article_flags(later)] == ["Tưởng"]


def test_names_leave_with_the_last_live_article_that_holds_them(
    make_article, publish, committed
):
    article = make_article(
        title="Lễ hội Pù Nhi mở cửa đón khách", live=False, body=body(NAME_LINE)
    )
    publish(article)
    other = publish(make_article(title="Bản Pù Nhi vào mùa lúa chín", live=False))
    name = PublishedName.objects.get(text="pù nhi")
    assert name.articles == 2
    committed(article.unpublish)
    name.refresh_from_db()
    assert name.articles == 1 and "pù nhi" in known_names()
    assert not ArticleName.objects.filter(article=article).exists()
    committed(other.delete)
    name.refresh_from_db()
    assert name.articles == 0 and "pù nhi" not in known_names()


def test_the_editors_flags_follow_the_names_version(make_article, publish):
    """Flags are cached by content: a name learnt since must not be served stale."""
    draft = make_article(title="Quà Tết vùng cao", live=False, body=body(NAME_LINE))
    assert [f.text for f in article_flags(draft)] == ["Phàn"]
    source = make_article(title="Quà cho bản", live=False, body=body(NAME_LINE))
    ProofreadIgnore.objects.create(article=source, text="Phàn", suggestion="Phan")
    publish(source)
    assert article_flags(draft) == []


@pytest.fixture(autouse=True)
def _fresh_cache():
    """No names from another test: the shared cache's version and this process's copy."""
    from toasoan.articles import names

    cache.clear()
    names._memo.update(version=None)
    yield
    cache.clear()
    names._memo.update(version=None)
