"""On save the editor is offered the units the article names, and tags them in one click."""

import re

import pytest
from django.contrib.auth.models import Group

from toasoan.articles.models import ArticlePage
from toasoan.newsroom.roles import MANAGING_EDITOR, REPORTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    def make(username, role):
        user = django_user_model.objects.create_user(username, password="x-pass-12345")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def _edit(client, article, title):
    """Save through the real Wagtail editor form (as "Lưu bản nháp")."""
    url = f"/quan-tri/pages/{article.pk}/edit/"
    html = client.get(url).content.decode()
    data = {}
    for name, value in re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html
    ):
        data.setdefault(name, value)
    data.update({
        "title": title, "slug": article.slug, "sapo": article.sapo, "body-count": "0",
        "comment_policy": "", "tags": "", "localities": [],
    })  # fmt: skip
    return client.post(url, data, follow=True)


def test_saving_offers_the_named_units_and_one_click_tags_them(
    places, staff, client, make_article, unit
):
    chief = staff("thuky", MANAGING_EDITOR)
    article = make_article(
        title="Xã Thọ Xuân ra quân làm thủy lợi",
        sapo="Người dân Hạc Thành cũng tham gia.",
    )
    client.force_login(chief)
    response = _edit(client, article, "Xã Thọ Xuân ra quân làm thủy lợi mùa khô")
    html = response.content.decode()
    assert "Đã lưu bài “Xã Thọ Xuân ra quân làm thủy lợi mùa khô”." in html
    assert "Bài viết nhắc đến các địa phương sau" in html
    tho_xuan, hac_thanh = unit("Xã Thọ Xuân"), unit("Phường Hạc Thành")
    assert f'value="{tho_xuan.pk}" checked' in html  # type word: sure, pre-checked
    assert f'value="{hac_thanh.pk}">' in html  # bare name: offered, not checked
    assert not ArticlePage.objects.get(
        pk=article.pk
    ).localities.exists()  # nothing without the click
    action = re.search(
        r'<form method="post" action="(/quan-tri/dia-phuong/gan/\d+/)"', html
    ).group(1)
    done = client.post(action, {"ids": [tho_xuan.pk]}, follow=True).content.decode()
    assert (
        "Đã gắn vào bản nháp mới nhất: Xã Thọ Xuân" in done
    )  # the edit above left a draft
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert [loc.name for loc in latest.localities.all()] == ["Xã Thọ Xuân"]
    assert latest.title.endswith("mùa khô")  # the draft's own changes are kept


def test_live_article_without_pending_changes_is_republished_with_the_tag(
    places, staff, client, make_article, unit
):
    chief = staff("thuky2", MANAGING_EDITOR)
    article = make_article(title="Huyện Thọ Xuân ra quân")
    article.save_revision().publish()
    client.force_login(chief)
    client.post(
        f"/quan-tri/dia-phuong/gan/{article.pk}/", {"ids": [unit("Xã Thọ Xuân").pk]}
    )
    live = ArticlePage.objects.get(pk=article.pk)
    assert [loc.name for loc in live.localities.all()] == ["Xã Thọ Xuân"]
    assert not live.has_unpublished_changes


def test_only_those_who_may_edit_can_tag(places, staff, client, make_article, unit):
    article = make_article()
    client.force_login(staff("phongvien", REPORTER))  # not the article's owner
    response = client.post(
        f"/quan-tri/dia-phuong/gan/{article.pk}/", {"ids": [unit("Xã Thọ Xuân").pk]}
    )
    # Wagtail answers a refused admin request by sending the user to the dashboard.
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"
    assert client.get(f"/quan-tri/dia-phuong/gan/{article.pk}/").status_code == 405
    assert not ArticlePage.objects.get(pk=article.pk).localities.exists()


def test_the_offer_is_made_once_per_article_not_per_save(
    places, staff, client, make_article
):
    client.force_login(staff("thuky3", MANAGING_EDITOR))
    article = make_article(title="Xã Thọ Xuân ra quân làm thủy lợi")
    first = _edit(client, article, "Xã Thọ Xuân ra quân làm thủy lợi mùa khô")
    assert first.content.decode().count("Bài viết nhắc đến các địa phương sau") == 1
    again = _edit(client, article, "Xã Thọ Xuân ra quân làm thủy lợi mùa khô 2026")
    assert "Bài viết nhắc đến các địa phương sau" not in again.content.decode()
