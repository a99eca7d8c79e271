"""Tags go through one service, wherever they come from, and a later publish keeps them."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from toasoan.articles.models import ArticlePage
from toasoan.articles.services import article_localities_add
from toasoan.newsroom.roles import MANAGING_EDITOR

pytestmark = pytest.mark.django_db


def test_places_tag_amends_the_revisions_so_a_later_publish_keeps_the_tag(
    places, make_article, unit
):
    article = make_article(
        title="Huyện Thọ Xuân ra quân làm thủy lợi", minutes_ago=60 * 24 * 800
    )
    article.save_revision().publish()
    call_command("places_tag", "--all")
    tho_xuan = unit("Huyện Thọ Xuân", current=False)
    live = ArticlePage.objects.get(pk=article.pk)
    assert list(live.localities.all()) == [tho_xuan]
    assert live.get_latest_revision().content["localities"] == [tho_xuan.pk]
    live.get_latest_revision().publish()  # an editor publishes the stored version again
    assert list(ArticlePage.objects.get(pk=article.pk).localities.all()) == [tho_xuan]


def test_an_editor_adds_through_a_new_revision(
    places, make_article, unit, django_user_model
):
    chief = django_user_model.objects.create_user("thuky", password="x-pass-12345")
    chief.groups.add(Group.objects.get(name=MANAGING_EDITOR))
    article = make_article()
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    revisions = article.revisions.count()
    outcome = article_localities_add(
        article=article, localities=[unit("Xã Thọ Xuân")], user=chief
    )
    assert outcome == "published" and article.revisions.count() == revisions + 1
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision()
    assert latest.user == chief and latest.content["localities"] == [
        unit("Xã Thọ Xuân").pk
    ]


def test_tags_the_system_adds_show_at_once_on_the_article(
    places, make_article, unit, client
):
    """places-tag and a places load write the tag table themselves: the article's page
    (cached in fragments and by Varnish) must show the new place all the same."""
    article = make_article(title="Lễ hội đền Bà Triệu")
    client.get(article.url)
    client.get(article.url)  # the first made the paper's comment settings: a purge
    assert "Xã Thọ Xuân" not in client.get(article.url).content.decode()
    outcome = article_localities_add(article=article, localities=[unit("Xã Thọ Xuân")])
    assert outcome == "amended"
    assert "Xã Thọ Xuân" in client.get(article.url).content.decode()
