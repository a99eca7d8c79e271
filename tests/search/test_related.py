""" "Tin liên quan": computed at publish time from content, locality and time; the
editor's choices first; kept in step when a listed article changes."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from toasoan.articles.models import (
    ArticlePage,
    RelatedArticle,
    RelatedLink,
)
from toasoan.search import related

DAY = 60 * 24
FLOOD = (
    "Mưa lớn kéo dài gây lũ quét tại huyện Mường Lát, nhiều nhà dân bị cuốn trôi, "
    "giao thông chia cắt. Lực lượng cứu hộ đang tìm kiếm người mất tích do lũ quét."
)


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def listed(client, article):
    html = client.get(article.url).content.decode()
    found = re.search(r'id="tin-lien-quan">.*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def story(make_article):
    """A flood story, its follow-up two days later, an unrelated sports story the same
    day and a flood story from three years before (outside the window)."""
    first = make_article(
        title="Lũ quét tại Mường Lát, nhiều người mất tích",
        sapo="Mưa lớn gây lũ quét ở Mường Lát cuốn trôi nhà dân.",
        body=body(FLOOD),
        minutes_ago=2 * DAY,
    )
    follow = make_article(
        title="Tìm thấy người mất tích trong lũ quét ở Mường Lát",
        sapo="Lực lượng cứu hộ tìm thấy hai người mất tích sau trận lũ quét.",
        body=body(FLOOD + " Chính quyền hỗ trợ các gia đình bị lũ quét cuốn trôi nhà."),
    )
    sport = make_article(
        title="Đội bóng Thanh Hóa thắng trận mở màn V-League",
        sapo="Cầu thủ ghi bàn phút cuối giúp đội nhà giành ba điểm.",
        body=body("Trận đấu trên sân Thanh Hóa diễn ra sôi nổi, khán giả kín sân."),
        section="the-thao",
    )
    old = make_article(
        title="Lũ quét tại Mường Lát cuốn trôi nhiều nhà dân",
        sapo="Mưa lớn gây lũ quét ở Mường Lát.",
        body=body(FLOOD),
        minutes_ago=3 * 365 * DAY,
    )
    return first, follow, sport, old


def test_related_by_content_and_near_in_time(story, client):
    first, follow, sport, old = story
    stored = dict(related.relate_article(follow.pk))
    assert first.pk in stored
    assert sport.pk not in stored  # same day, nothing in common
    assert old.pk not in stored  # the same words, three years before
    block = listed(client, follow)
    assert "Lũ quét tại Mường Lát, nhiều người mất tích" in block
    assert "V-League" not in block


def test_a_follow_up_enters_the_list_of_the_story_it_follows(story, client):
    first, follow, *_ = story
    related.relate_article(first.pk)  # published first: nothing after it yet
    related.relate_article(follow.pk)
    assert RelatedArticle.objects.filter(article=first, related=follow).exists()
    assert "Tìm thấy người mất tích" in listed(client, first)


def test_a_shared_locality_ranks_higher(story, places, unit):
    first, follow, *_ = story
    twin = ArticlePage.objects.get(pk=first.pk)
    muong_lat = unit("Huyện Mường Lát", current=False)
    for article in (follow, twin):
        article.localities.add(muong_lat)
        article.save()  # a page's localities are written when it is saved
    scores = dict(related.score_related(ArticlePage.objects.get(pk=follow.pk)))
    follow.localities.clear()
    follow.save()
    untagged = dict(related.score_related(ArticlePage.objects.get(pk=follow.pk)))
    assert scores[first.pk] > untagged[first.pk]


def test_editor_choices_come_first_and_may_replace_the_computed(story, client):
    first, follow, sport, _ = story
    related.relate_article(follow.pk)
    page = ArticlePage.objects.get(pk=follow.pk)
    page.related_links.add(RelatedLink(related=sport))
    page.save_revision().publish()
    block = listed(client, page)
    assert block.index("V-League") < block.index("nhiều người mất tích")
    page.related_auto = False
    page.save_revision().publish()
    block = listed(client, page)
    assert "V-League" in block and "nhiều người mất tích" not in block


def test_an_unpublished_article_leaves_the_lists_and_purges_them(
    story, client, settings
):
    from toasoan.articles.cache_keys import article_keys

    first, follow, *_ = story
    related.relate_article(follow.pk)
    assert f"p{follow.pk}" in article_keys(first)  # a change of it purges the list
    ArticlePage.objects.get(pk=first.pk).unpublish()
    assert "nhiều người mất tích" not in listed(client, follow)


def test_publishing_computes_the_list(story, django_capture_on_commit_callbacks):
    first, follow, *_ = story
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=follow.pk).save_revision().publish()
    assert RelatedArticle.objects.filter(article=follow, related=first).exists()


def test_a_draft_or_undated_article_has_no_list(make_article):
    draft = make_article(live=False)
    assert related.relate_article(draft.pk) == []
    assert related.score_related(ArticlePage(title="x", published_at=None)) == []


def test_article_page_queries_stay_bounded(
    story, client, django_assert_max_num_queries
):
    _, follow, *_ = story
    related.relate_article(follow.pk)
    client.get(follow.url)
    with django_assert_max_num_queries(30):
        assert client.get(follow.url).status_code == 200


def test_pairs_that_cross_two_words_tell_nothing():
    assert related._rarity("xây", "dựng") > 0  # a word
    assert related._rarity("chức", "xây") == 0  # "tổ chức | xây dựng": a seam
    assert related._rarity("của", "các") == 0  # a word pair too common to tell


def test_time_factor_and_cosine():
    now = timezone.now()
    assert related.time_factor(now, now) == 1.0
    assert (
        related.time_factor(now, now - dt.timedelta(days=30))
        > related.time_factor(now, now - dt.timedelta(days=300))
        >= 0.5
    )
    assert related.cosine({"a": 1.0}, {"a": 2.0}) == pytest.approx(1.0)
    assert related.cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert related.cosine({}, {"a": 1.0}) == 0.0


def test_the_rarity_table_may_fill_up(monkeypatch):
    """A full per-process table starts again without losing the pairs asked for."""
    monkeypatch.setattr(related, "RARITY_CACHE", 3)
    related._RARITY.clear()
    first = related.rarities([("xây", "dựng"), ("lũ", "quét")])
    again = related.rarities([("xây", "dựng"), ("ma", "túy"), ("bóng", "đá")])
    assert again[("xây", "dựng")] == first[("xây", "dựng")] and len(again) == 3
    assert len(related._RARITY) <= 3


def test_a_preview_shows_the_choices_in_the_editors_form(story):
    first, follow, sport, _ = story
    related.relate_article(follow.pk)
    draft = ArticlePage.objects.get(pk=follow.pk)
    draft.related_links.add(RelatedLink(related=sport))  # in the form, not saved
    assert draft.related_articles(preview=True)[0] == sport
    assert sport not in draft.related_articles()  # readers see the published choices


def test_the_papers_own_term_counts_damp_what_every_article_says(make_article):
    from toasoan.search.models import TermCount

    common = "Tỉnh Thanh Hóa"
    for topic in ("lũ quét", "bóng đá", "ma túy"):
        article = make_article(
            title=f"{common} và chuyện {topic}", sapo=f"{common}: {topic}."
        )
        related.relate_article(article.pk)  # the publishing job's work
    counts = dict(TermCount.objects.values_list("term", "articles"))
    assert counts[""] == 3 and counts["thanh0hoa"] == 3 and counts["lu0quet"] == 1
    article = ArticlePage.objects.get(title__endswith="lũ quét")
    related.relate_article(article.pk)  # computed again: counted once
    assert TermCount.objects.get(term="thanh0hoa").articles == 3
    idf = related.paper_idf(["thanh0hoa", "lu0quet", "chua0co"])
    assert idf["thanh0hoa"] < idf["lu0quet"] < idf["chua0co"]
