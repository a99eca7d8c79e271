"""Page fragments cached by surrogate key: reused until a change purges a key they
depend on, with the page's cache headers the same either way, and never for previews."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.serving.conftest import reader_comment

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_reused_fragment_gives_the_same_page_and_the_same_keys(make_article, client):
    article = make_article(title="Lễ hội Lam Kinh 2026")
    make_article(title="Bài liên quan cùng chuyên mục")
    first, cold = get(client, article.url)
    again, warm = get(client, article.url)
    assert again.content == first.content
    assert again["xkey"] == first["xkey"]  # the keys tagged inside fragments, replayed
    assert warm < cold


def test_publishing_shows_at_once_and_only_what_changed_is_rendered_again(
    make_article, paper, client
):
    article = make_article(title="Tin cũ về cầu Hàm Rồng", section="thoi-su")
    get(client, article.url)
    get(client, "/")
    article.title = "Cầu Hàm Rồng thông xe"
    article.save_revision().publish()
    for url in (article.url, "/", paper["sections"]["thoi-su"].url):
        assert "Cầu Hàm Rồng thông xe" in get(client, url)[0].content.decode(), url


def test_an_approved_comment_updates_the_count(make_article, client):
    from toasoan.comments.models import Status

    article = make_article()
    assert (
        '<span class="comment-count">0 bình luận</span>'
        in get(client, article.url)[0].content.decode()
    )
    reader_comment(article, Status.APPROVED)
    assert (
        '<span class="comment-count">1 bình luận</span>'
        in get(client, article.url)[0].content.decode()
    )


def test_a_preview_is_never_stored_nor_served_from_the_fragment_cache(
    make_article, client, rf, admin_user
):
    article = make_article(title="Tiêu đề đang xuất bản")
    get(client, article.url)
    draft = type(article).objects.get(pk=article.pk)
    draft.title = "Tiêu đề bản nháp chưa duyệt"
    preview = draft.make_preview_request()
    assert "Tiêu đề bản nháp chưa duyệt" in preview.content.decode()
    live = get(client, article.url)[0].content.decode()
    assert "Tiêu đề đang xuất bản" in live
    assert "bản nháp chưa duyệt" not in live


def test_the_stored_article_object_ends_with_what_changes_it(
    make_article, paper, client
):
    """An uncached article reads its page object from the fragment cache: an
    unpublished article is gone at once, a renamed section and an author's new name show
    at once, and a warm article costs no query at all."""
    from toasoan.articles.models import Author

    author = Author.objects.create(name="Lê Hợi", slug="le-hoi")
    article = make_article(title="Đường ven biển Sầm Sơn", section="thoi-su")
    article.authors.add(author)
    article.save_revision().publish()
    get(client, article.url)
    get(client, article.url)  # the first made the paper's comment settings: a purge
    assert get(client, article.url)[1] == 0  # page object, authors, fragments: cached
    author.name = author.pen_name = "Lê Hợi (TTXVN)"
    author.save()
    assert "Lê Hợi (TTXVN)" in get(client, article.url)[0].content.decode()
    section = paper["sections"]["thoi-su"]
    section.title = "Thời sự tỉnh nhà"
    section.save_revision().publish()
    assert "Thời sự tỉnh nhà" in get(client, article.url)[0].content.decode()
    article.refresh_from_db()
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_copy_this_code_cannot_read_is_rendered_and_stored_again():
    """A copy stored by another version of the code (it does not unpickle) is neither
    an error for the reader nor left in place to fail on every request."""
    from django.core.cache import cache

    from toasoan.serving import fragments

    cache.clear()
    assert fragments.cached("unreadable", ["p1"], lambda: "cũ") == "cũ"
    (key,) = [k for k in cache._cache if "toasoan:frag:" in k]
    cache._cache[key] = b"\x80\x05not a pickle"
    assert fragments.cached("unreadable", ["p1"], lambda: "mới") == "mới"
    assert fragments.cached("unreadable", ["p1"], lambda: "lần ba") == "mới"


def test_a_migration_that_rewrites_rows_ends_every_stored_copy(make_article, client):
    """A data migration changes rows with no signal (as the slug repair did): after
    ``migrate`` the article is read afresh, its new address served, not redirected."""
    from django.core.management import call_command

    from toasoan.articles.models import ArticlePage

    article = make_article(title="Cầu Hàm Rồng")
    get(client, article.url)
    get(client, article.url)  # the first made the paper's comment settings: a purge
    ArticlePage.objects.filter(pk=article.pk).update(slug="cau-ham-rong-moi")
    call_command("migrate", verbosity=0)
    assert client.get(f"/cau-ham-rong-moi-{article.pk}.htm").status_code == 200


def test_a_fragment_naming_a_key_nobody_purges_fails_when_its_template_loads():
    from django.template import Template, TemplateSyntaxError

    Template(
        '{% load fragment_tags %}{% fragment "x" depends="latest weather" %}{% endfragment %}'
    )
    with pytest.raises(TemplateSyntaxError, match="lastest"):
        Template(
            '{% load fragment_tags %}{% fragment "x" depends="lastest" %}{% endfragment %}'
        )


def test_a_computed_key_nobody_purges_fails_a_test_and_never_a_readers_page(settings):
    from django.template import Context, Template, TemplateSyntaxError

    page = Template(
        '{% load fragment_tags %}{% fragment "x" depends=deps %}nội dung{% endfragment %}'
    )
    assert page.render(Context({"deps": "p1 ls2"})) == "nội dung"
    with pytest.raises(TemplateSyntaxError, match="lsNone"):
        page.render(Context({"deps": "p1 lsNone"}))
    settings.TOASOAN_STRICT_KEYS = False  # production
    assert page.render(Context({"deps": "p1 lsNone"})) == "nội dung"
