"""The home page's "Địa phương": today's units with articles (theirs or their former
units'), kept by tagging, publishing and unpublishing; a locality page without articles
says why."""

import re

import pytest

from toasoan.articles.coverage import home_units, refresh_all
from toasoan.articles.models import ArticlePage, LocalityCoverage


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks):
    """Counts are refreshed once a change commits: each step here commits."""

    def run(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    return run


@pytest.fixture
def tag(committed):
    def tag(article, *units):
        def save():
            for u in units:
                article.localities.add(u)
            article.save()  # written when the page is saved, as the editor's form does

        committed(save)

    return tag


def home_block(client):
    html = client.get("/").content.decode()
    return re.search(r'id="dia-phuong-title".*?</section>', html, re.S).group(0)


def test_a_former_units_article_counts_for_todays_unit(
    places, unit, make_article, client, tag
):
    before = make_article(
        title="Tin cũ về thị trấn Thọ Xuân", minutes_ago=60 * 24 * 900
    )
    tag(before, unit("Thị trấn Thọ Xuân", current=False))
    today = unit("Xã Thọ Xuân")
    assert home_units() == [(today, 1)]
    block = home_block(client)
    assert '>Xã Thọ Xuân</a> <span class="muted">(1 bài)</span>' in block
    assert "Thị trấn Thọ Xuân" not in block  # named as it is today
    now = make_article(title="Tin mới về xã Thọ Xuân")
    tag(now, today)
    assert home_units() == [(today, 2)]


def test_newest_first_and_unpublished_articles_leave(
    places, unit, make_article, tag, committed
):
    a = make_article(minutes_ago=600)
    tag(a, unit("Phường Hạc Thành"))
    b = make_article()
    tag(b, unit("Xã Thọ Xuân"))
    assert [u.name for u, _ in home_units()] == ["Xã Thọ Xuân", "Phường Hạc Thành"]
    committed(ArticlePage.objects.get(pk=b.pk).unpublish)
    assert [u.name for u, _ in home_units()] == ["Phường Hạc Thành"]
    committed(ArticlePage.objects.get(pk=b.pk).save_revision().publish)
    assert [u.name for u, _ in home_units()][0] == "Xã Thọ Xuân"


def test_a_removed_tag_and_a_deleted_article_leave(
    places, unit, make_article, django_capture_on_commit_callbacks, tag, committed
):
    a = make_article()
    tag(a, unit("Phường Hạc Thành"))
    a.localities.clear()
    committed(a.save)
    assert home_units() == []
    b = make_article()
    tag(b, unit("Xã Thọ Xuân"))
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=b.pk).delete()
    assert home_units() == []


def test_a_whole_district_is_not_every_commune(places, unit, make_article, tag):
    """An article about a former district is listed on that district's page, not
    counted for each commune its area went to."""
    a = make_article()
    tag(a, unit("Huyện Thọ Xuân", current=False))
    assert home_units() == []


def test_refresh_all_rebuilds_the_same(places, unit, make_article, tag):
    a = make_article()
    tag(a, unit("Phường Hạc Thành"), unit("Thị trấn Thọ Xuân", current=False))
    kept = sorted(LocalityCoverage.objects.values_list("locality_id", "articles"))
    LocalityCoverage.objects.all().delete()
    assert refresh_all() == 2
    assert (
        sorted(LocalityCoverage.objects.values_list("locality_id", "articles")) == kept
    )


def test_home_block_queries_do_not_grow(
    places, unit, make_article, client, django_assert_max_num_queries, tag
):
    for n in range(15):
        tag(make_article(), unit("Phường Hạc Thành") if n % 2 else unit("Xã Thọ Xuân"))
    client.get("/")
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_a_locality_page_without_articles_says_why(places, unit, client):
    today = client.get(unit("Xã Thọ Xuân").get_absolute_url()).content.decode()
    assert "Chưa có bài viết nào về Xã Thọ Xuân hay các đơn vị cũ" in today
    # Where articles about the area may be: the former district, and a search.
    assert "khu vực huyện Thọ Xuân cũ" in today and "/tim-kiem?q=" in today
    former = unit("Thị trấn Thọ Xuân", current=False)
    page = client.get(former.get_absolute_url()).content.decode()
    assert "trong thời gian đơn vị này tồn tại" in page
    assert "Xem tin bài về nơi này hôm nay" in page and "Xã Thọ Xuân" in page
    assert "Không có bài viết nào ở trang này" not in page


def test_tags_written_by_the_system_are_counted(places, unit, make_article, committed):
    """places-tag writes the tag table itself (no editor, no m2m signal)."""
    from django.core.management import call_command

    make_article(title="Xã Thọ Xuân ra quân làm thủy lợi")
    committed(call_command, "places_tag", "--all")
    assert home_units() == [(unit("Xã Thọ Xuân"), 1)]


def test_a_bulk_tagging_enqueues_one_count_not_one_per_article(
    places, unit, make_article, committed, monkeypatch
):
    """places-tag --all, a places load and the demo tag hundreds of articles: one job
    counts their units (none where the caller counts everything itself)."""
    from toasoan.articles import coverage
    from toasoan.articles.tasks import coverage_job
    from toasoan.jobs import enqueue

    queued = []
    real = enqueue.job_enqueue

    def spy(task, *args, **kwargs):
        if task is coverage_job:
            queued.append(sorted(kwargs["locality_ids"]))
        return real(task, *args, **kwargs)

    monkeypatch.setattr(coverage, "job_enqueue", spy)  # where coverage enqueues
    units = [unit("Xã Thọ Xuân"), unit("Phường Hạc Thành")]
    articles = [make_article(title=f"Bài {n}") for n in range(3)]

    def tag_all():
        with coverage.counted_once():
            for n, article in enumerate(articles):
                article.localities.add(units[n % 2])
                article.save()  # a page's tags are written when it is saved

    committed(tag_all)
    assert queued == [sorted(u.pk for u in units)]
    assert LocalityCoverage.objects.filter(locality__in=units).count() == 2

    queued.clear()

    def counted_by_caller():
        with coverage.counted_once(enqueue=False):
            articles[0].localities.add(units[1])
            articles[0].save()

    committed(counted_by_caller)
    assert queued == []

    def one_article():
        articles[2].localities.add(units[1])  # it was about the other unit
        articles[2].save()

    committed(one_article)  # one article's tags, outside a bulk: one job
    assert queued == [[units[1].pk]]


def test_the_home_box_names_a_few_units_then_links_to_all(
    places, make_article, client, tag
):
    from toasoan.places.models import Locality

    units = Locality.objects.filter(valid_to=None, level="commune").exclude(key=None)[
        :7
    ]
    assert len(units) == 7
    for found in units:
        tag(make_article(title=f"Tin về {found.name}"), found)
    block = home_block(client)
    listed = re.search(r'<ul class="link-list unit-list">(.*?)</ul>', block, re.S)[1]
    assert listed.count("<li>") == 5  # a few, not fifteen lines of "Xem thêm"
    assert "Xem thêm" not in block and "Xem tất cả tin Địa phương" in block
