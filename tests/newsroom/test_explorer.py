"""The admin's explorer of a section stays bounded as the archive grows (toasoan.newsroom.
explorer): no count, sort or DISTINCT over every article on an editor's request, the
same listing Wagtail would show, and no article shown to whoever may not explore it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission

from tests.staff import newsroom_user
from toasoan.newsroom import roles


def explore(client, section, query=""):
    return client.get(f"/quan-tri/pages/{section.pk}/{query}")


def articles_in(response):
    return [page.title for page in response.context["object_list"]]


def make_articles(make_article, n, start=0):
    now = timezone.now()
    return [
        make_article(
            title=f"Bài số {i}", latest_revision_created_at=now - dt.timedelta(hours=i)
        )
        for i in range(start, start + n)
    ]


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR, roles.MANAGING_EDITOR])
def test_a_section_lists_its_articles_newest_revision_first(
    paper, client, make_article, role
):
    make_articles(make_article, 3)
    make_article(title="Bài ở chuyên mục khác", section="kinh-te")
    client.force_login(newsroom_user(role, "nv"))
    response = explore(client, paper["sections"]["thoi-su"])
    assert response.status_code == 200
    assert articles_in(response) == ["Bài số 0", "Bài số 1", "Bài số 2"]
    assert response.context["paginator"].count == 3


def test_the_count_and_pages_follow_the_section(paper, client, make_article):
    make_articles(make_article, 53)
    client.force_login(newsroom_user(roles.EDITOR, "btv"))
    section = paper["sections"]["thoi-su"]
    first = explore(client, section)
    second = explore(client, section, "?p=2")
    assert first.context["paginator"].count == 53
    assert first.context["paginator"].num_pages == 2
    assert len(articles_in(first)) == 50
    assert articles_in(second) == ["Bài số 50", "Bài số 51", "Bài số 52"]


def test_nothing_on_the_page_reads_the_whole_archive(paper, client, make_article):
    """Wagtail's own listing counts the children, and builds its filter's people with a
    DISTINCT over every page: on a section of 100,000 articles that was most of 2 s."""
    client.force_login(get_user_model().objects.create_superuser("tk", "", "x"))
    section = paper["sections"]["thoi-su"]
    make_articles(make_article, 3)
    explore(client, section)
    with CaptureQueriesContext(connection) as few:
        explore(client, section)
    make_articles(make_article, 30, start=3)
    with CaptureQueriesContext(connection) as many:
        assert len(articles_in(explore(client, section))) == 33
    assert len(many) == len(few)
    sql = [q["sql"].upper() for q in many]
    assert not [q for q in sql if "COUNT(" in q and "WAGTAILCORE_PAGE" in q]
    archive = ('"WAGTAILCORE_PAGE" ', '"WAGTAILCORE_PAGELOGENTRY" ')
    assert not [q for q in sql if "DISTINCT" in q and any(t in q for t in archive)]


def test_the_owner_filter_offers_those_who_own_a_page(paper, client, make_article):
    reporter = newsroom_user(roles.REPORTER, "pv")
    newsroom_user(roles.REPORTER, "pv-moi")  # owns nothing yet
    make_article(title="Bài của phóng viên", owner=reporter)
    make_article(title="Bài nhập từ kho cũ")
    client.force_login(get_user_model().objects.create_superuser("tk", "", "x"))
    section = paper["sections"]["thoi-su"]
    response = explore(client, section)
    owners = response.context["filters"].form.fields["owner"].queryset
    assert list(owners.values_list("username", flat=True)) == ["pv"]
    filtered = explore(client, section, f"?owner={reporter.pk}")
    assert articles_in(filtered) == ["Bài của phóng viên"]


def test_who_may_explore_another_section_only_sees_none_of_this_one(
    paper, client, make_article
):
    make_article(title="Bài thời sự")
    group = Group.objects.create(name="Cộng tác viên kinh tế")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=paper["sections"]["kinh-te"],
        permission=Permission.objects.get(codename="change_page"),
    )
    user = get_user_model().objects.create_user("ctv", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    response = explore(client, paper["sections"]["thoi-su"])
    # Sent to the section they may edit, never shown another's articles.
    kinh_te = paper["sections"]["kinh-te"].pk
    assert response.status_code == 302
    assert response["Location"] == f"/quan-tri/pages/{kinh_te}/"
    assert "Bài thời sự" not in response.content.decode()


def test_the_listing_index_exists(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, "wagtailcore_page"
        )
    index = constraints["newsroom_page_depth_revised"]
    assert index["columns"] == ["depth", "latest_revision_created_at"]
