"""Slugs the editor garbled before the fix (letters with two marks dropped, đ as "dj")
are repaired by a data migration; their old URLs answer 301 to the new ones."""

import importlib

from django.apps import apps

from toasoan.articles.models import ArticlePage
from toasoan.vietnamese import vietnamese_slug
from toasoan.vietnamese.slug import is_dropped_letters_slug, wagtail_old_slug

repair = importlib.import_module(
    "toasoan.articles.migrations.0005_repair_dropped_letter_slugs"
).repair

TITLE = "Thanh Hóa khánh thành cầu Hàm Rồng mới bắc qua sông Mã"
GARBLED = "thanh-hoa-khanh-thanh-cu-ham-rng-mi-bc-qua-song-ma"


def test_what_wagtail_made_is_recognised_and_an_editors_own_slug_is_not():
    """Exactly Wagtail's old output (the issue's own example), nothing near it."""
    assert wagtail_old_slug(TITLE) == GARBLED
    assert is_dropped_letters_slug(GARBLED, TITLE)
    assert is_dropped_letters_slug("djng-v-x-thanh", "Đường về xứ Thanh")
    assert not is_dropped_letters_slug(vietnamese_slug(TITLE), TITLE)
    assert not is_dropped_letters_slug("khanh-thanh-cau-ham-rong", TITLE)  # shortened
    assert not is_dropped_letters_slug("cau-moi-tren-song-ma", TITLE)  # reworded
    # An editor's slug that only leaves out a one-vowel word ("ở") is theirs.
    assert not is_dropped_letters_slug("nguoi-dan-ham-rong", "Người dân ở Hàm Rồng")


def test_migration_mends_slug_url_and_latest_revision(client, make_article):
    article = make_article(title=TITLE, slug=GARBLED)
    article.save_revision().publish()
    own = make_article(title="Tin vắn buổi sáng về Thanh Hóa", slug="tin-van-sang")
    old_url = f"/{GARBLED}-{article.pk}.htm"
    assert client.get(old_url).status_code == 200

    repair(apps, None)

    article.refresh_from_db()
    right = vietnamese_slug(TITLE)
    assert article.slug == right
    assert article.url_path.endswith(f"/{right}/")
    assert article.get_latest_revision().content["slug"] == right
    assert article.get_latest_revision_as_object().slug == right
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(f"/{right}-{article.pk}.htm")
    assert client.get(response["Location"]).status_code == 200
    own.refresh_from_db()
    assert own.slug == "tin-van-sang"
    assert ArticlePage.objects.filter(slug=GARBLED).count() == 0
