"""Locality and WeatherReport moved app (articles -> places -> weather) without a row,
a tag, a revision, a redirect or a permission lost: the database is migrated back to the
layout main had before the move, checked there, and migrated forward again."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from toasoan.articles.models import ArticlePage
from toasoan.places.models import Locality, LocalitySlug
from toasoan.weather.models import WeatherReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("articles", "0003_locality_admin_units"),
    ("places", "0001_initial"),
    ("weather", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [(app, name) for app, name in targets if name]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def test_moving_locality_keeps_every_row_tag_revision_redirect_and_permission(
    places, unit, make_article
):
    city = unit("Thành phố Thanh Hóa", current=False)
    article = make_article(title="Bài về TP Thanh Hóa cũ")
    article.localities.add(city)
    article.save_revision().publish()
    LocalitySlug.objects.create(slug="tp-thanh-hoa", locality=city)
    WeatherReport.objects.create(
        locality=unit("Phường Hạc Thành"), fetched_at=timezone.now(), data={"temp": 27}
    )
    editors = Group.objects.get(name="Biên tập viên")
    locality_type = ContentType.objects.get_for_model(Locality)
    weather_type = ContentType.objects.get_for_model(WeatherReport)
    counts = (
        Locality.objects.count(),
        city.successions.count(),
        city.predecessions.count(),
    )

    old = _migrate(BEFORE)  # the layout of main before the move
    OldLocality = old.get_model("articles", "Locality")
    assert OldLocality.objects.count() == counts[0]
    old_page = old.get_model("articles", "ArticlePage").objects.get(pk=article.pk)
    assert [loc.pk for loc in old_page.localities.all()] == [city.pk]
    assert old.get_model("places", "WeatherReport").objects.count() == 1
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=locality_type.pk).app_label == "articles"
    assert ContentType.objects.get(pk=weather_type.pk).app_label == "places"

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Locality).pk == locality_type.pk
    assert ContentType.objects.get_for_model(WeatherReport).pk == weather_type.pk
    assert editors.permissions.filter(
        codename="change_locality", content_type=locality_type
    ).exists()
    assert Permission.objects.filter(codename="add_locality").count() == 1
    moved = Locality.objects.get(pk=city.pk)
    assert (Locality.objects.count(), moved.successions.count(),
            moved.predecessions.count()) == counts  # fmt: skip
    live = ArticlePage.objects.get(pk=article.pk)
    assert list(live.localities.all()) == [moved]
    assert live.get_latest_revision().content["localities"] == [city.pk]
    assert LocalitySlug.objects.get(slug="tp-thanh-hoa").locality == moved
    assert WeatherReport.objects.get().locality.name == "Phường Hạc Thành"
    # Leave ContentType's process-wide cache as warm as before the test (it was cleared
    # above): a later serialized-rollback test reloads the paper with raw saves whose
    # receivers look content types up, and a cold cache would create rows early there.
    from django.apps import apps

    ContentType.objects.get_for_models(*apps.get_models())
