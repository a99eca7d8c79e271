"""What each response tells the full-page cache: the keys of what it shows, or nothing
(so that it is never stored)."""

from __future__ import annotations

import pytest

from toasoan.serving import keys

pytestmark = pytest.mark.django_db


def xkeys(response) -> set[str]:
    return set(response.get("xkey", "").split())


def test_article_page_names_itself_its_lists_people_places_and_comments(
    make_article, client
):
    from toasoan.articles.models import Author
    from toasoan.places.models import Locality

    author = Author.objects.create(name="Minh Hiếu", slug="minh-hieu")
    place = Locality.objects.create(name="Phường Hàm Rồng", slug="phuong-ham-rong")
    neighbour = make_article(title="Bài cùng chuyên mục")
    article = make_article(title="Bài có tác giả và địa phương")
    article.authors.add(author)
    article.localities.add(place)
    article.save()
    response = client.get(article.url)
    assert response.status_code == 200
    # Kept a day at most, and no later than midnight (the masthead shows today's date).
    import datetime as dt

    from django.utils import timezone

    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    )
    ttl = int(response["Cache-Control"].rsplit("s-maxage=", 1)[1])
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert abs(ttl - min(86400, (midnight - now).total_seconds())) <= 5
    assert {
        keys.page(article.pk),
        keys.page(neighbour.pk),  # listed under "Tin cùng chuyên mục"
        keys.section_list(article.section_id),
        keys.author(author.pk),
        keys.locality(place.pk),
        keys.locality_list(place.pk),
        keys.comments(article.pk),
        keys.WEATHER,
        keys.SITE,
    } <= xkeys(response)


def test_lists_carry_the_key_of_each_article_they_show(make_article, paper, client):
    shown = [make_article(section="thoi-su") for _ in range(3)]
    section = paper["sections"]["thoi-su"]
    for url, own in (
        (section.url, {keys.page(section.pk), keys.section_list(section.pk)}),
        ("/", {keys.page(paper["home"].pk), keys.LATEST}),
        ("/rss/trang-chu.rss", {keys.LATEST}),
        ("/sitemap-tin-moi.xml", {keys.LATEST}),
        ("/tim-kiem?q=Thanh+H%C3%B3a", {keys.LATEST}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        found = xkeys(response)
        assert own <= found, url
        # Feeds, sitemaps and search carry "latest", which every publication,
        # unpublication and deletion purges; the pages also carry each teaser's key.
        if not url.startswith(("/rss", "/sitemap", "/tim-kiem")):
            assert {keys.page(a.pk) for a in shown} <= found, url


def test_a_missing_or_moved_article_is_cached_briefly_under_its_id(
    make_article, client
):
    article = make_article()
    moved = client.get(f"/ten-cu-{article.pk}.htm")
    assert moved.status_code == 301 and keys.page(article.pk) in xkeys(moved)
    missing = client.get("/bai-chua-co-999999.htm")
    assert missing.status_code == 404
    assert missing["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert keys.page(999999) in xkeys(missing)


def test_nothing_personal_or_untagged_is_offered_to_the_cache(
    make_article, client, admin_client
):
    article = make_article()
    comment_block = client.get(f"/binh-luan/{article.pk}/")
    assert "xkey" not in comment_block and "private" in comment_block["Cache-Control"]
    assert "xkey" not in client.post(f"/binh-luan/{article.pk}/gui", {})
    # Staff carry a session: their copy may show the userbar, and is theirs alone.
    staff = admin_client.get(article.url)
    assert staff.status_code == 200 and "xkey" not in staff
    assert staff["Cache-Control"] == "private, no-cache"
    admin = admin_client.get("/quan-tri/")
    assert "xkey" not in admin


def test_changes_purge_the_keys_of_what_they_touch(
    make_article, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Which keys each kind of change sends, once committed (the Varnish tests show
    them work)."""
    from wagtail.models import Site

    from toasoan.articles.models import Author, PaperSettings
    from toasoan.serving import purge

    sent: list[list[str]] = []
    removals: list[list[str]] = []
    settings.TOASOAN_PURGE_URLS = ["http://127.0.0.1:9"]
    monkeypatch.setattr(
        purge, "send", lambda ks, removed: (removals if removed else sent).append(ks)
    )
    article = make_article(live=False)
    author = Author.objects.create(name="Lê Văn A", slug="le-van-a")
    article.authors.add(author)
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        PaperSettings.for_site(Site.objects.get(is_default_site=True)).save()
    published = next(ks for ks in sent if keys.page(article.pk) in ks)
    assert {
        keys.LATEST,
        keys.section_list(article.section_id),
        keys.author_list(author.pk),
    } <= set(published)
    assert [keys.SITE] in sent
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Bản nháp mới"
        article.save_revision()  # a draft: readers see nothing new
    assert sent == [] and removals == []
    # Taken off the site: a hard purge (no stale copy may be served, even on error).
    article.refresh_from_db()  # live, since the revision's publish()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert sent == [] and keys.page(article.pk) in removals[0]


def test_a_cache_that_does_not_answer_loses_nothing(make_article, settings, caplog):
    from toasoan.serving.purge import send

    settings.TOASOAN_PURGE_URLS = ["http://127.0.0.1:9"]
    assert send(["p1"]) == 0
    assert "purge of ['p1'] failed" in caplog.text
