import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_home_page_shows_top_stories_and_section_blocks(make_article, client):
    make_article(title="Tin thời sự đầu tiên", section="thoi-su")
    make_article(title="Trận đấu của CLB Thanh Hóa", section="the-thao")
    html = client.get("/").content.decode()
    assert "Tin thời sự đầu tiên" in html
    assert "Trận đấu của CLB Thanh Hóa" in html
    assert "Thể thao" in html and "Địa phương" in html and "Thời tiết" in html


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "1e5", "99999999999999999999", "", "2%00"]
)
def test_pagination_never_errors(make_article, client, page):
    for _ in range(3):
        make_article(section="kinh-te")
    response = client.get("/kinh-te/", {"trang": page})
    assert response.status_code == 200
    assert "Trang " in response.content.decode()


def test_the_old_page_parameter_redirects_to_trang(make_article, client):
    """One parameter name across the site; links made with ?page=N keep working."""
    make_article(section="kinh-te")
    response = client.get("/kinh-te/", {"page": "2", "x": "y"})
    assert response.status_code == 301
    assert response["Location"] == "/kinh-te/?x=y&trang=2"
    search = client.get("/tim-kiem", {"q": "Thanh Hóa", "page": "3"})
    assert search.status_code == 301 and search["Location"].endswith("&trang=3")
    # A path that reads as another host stays a path on this one.
    from django.test import RequestFactory

    from toasoan.foundation.pagination import LegacyPageParameter

    request = RequestFactory().get("/x", {"page": "1"})
    request.path = "//evil.example/x"
    evil = LegacyPageParameter(lambda r: None)(request)
    assert evil.status_code == 301 and evil["Location"] == "/%2Fevil.example/x?trang=1"
    # The admin's own paging is left alone.
    assert client.get("/quan-tri/login/", {"page": "2"}).status_code == 200


def test_pagination_pages_through_a_section(make_article, client):
    titles = [
        make_article(title=f"Bài kinh tế thứ {i}", section="kinh-te").title
        for i in range(25)
    ]
    first = client.get("/kinh-te/").content.decode()
    second = client.get("/kinh-te/?trang=2").content.decode()
    assert 'href="?trang=2"' in first
    assert "Trang sau" in first and "Trang trước" in second
    on_first = [t for t in titles if t + "<" in first]
    on_second = [t for t in titles if t + "<" in second]
    assert len(on_first) == 20 and len(on_second) == 5
    assert not set(on_first) & set(on_second)


def test_tag_author_locality_pages(seed_article, client):
    seed_article.tags.add("Xây dựng Đảng")
    seed_article.save_revision().publish()
    assert "Hội nghị giao ban" in client.get("/chu-de/xay-dung-dang").content.decode()
    assert (
        "Hội nghị giao ban" in client.get("/dia-phuong/tp-thanh-hoa").content.decode()
    )
    assert client.get("/chu-de/khong-co").status_code == 404
    assert client.get("/tac-gia/khong-co").status_code == 404


def test_404_page_is_vietnamese(paper, client):
    response = client.get("/trang-khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_500_page_is_vietnamese():
    from django.template.loader import render_to_string

    assert "Xin lỗi, đã có lỗi xảy ra" in render_to_string("500.html")


def _queries(client, url, *, purged=()):
    """Queries of one request after a purge of ``purged`` (the fragments that depend on
    those keys render again; the rest come from the fragment cache)."""
    from toasoan.serving.fragments import bump

    if purged:
        bump(purged)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _published(article):
    """What publishing ``article`` purges."""
    from toasoan.articles.cache_keys import article_keys

    return article_keys(article)


# The budget: no reader page over 12 queries after an article is published (what
# a publication purges renders again, the rest is reused); with nothing cached at all
# (after a change of the site's settings) the home page reads each section's list once.
PUBLISHED_BUDGET = {"/": 12, "/thoi-su/": 12, "article": 12}
# An article's cold render reads "Tin liên quan" (one query) and "Tin cùng chuyên mục" (the
# section's nearest before and after it: two index walks).
# Cold: after a site purge each remembered setting (the paper, comments, Tin nóng) is
# read again once.
COLD_BUDGET = {"/": 20, "/thoi-su/": 12, "article": 15}
WARM_BUDGET = {"/": 4, "/thoi-su/": 5, "article": 0}


@pytest.mark.parametrize("url", ["/", "/thoi-su/", "article"])
def test_query_count_does_not_grow_with_the_archive(make_article, client, url):
    """Bounded queries: the same page costs the same with 5 or 40 articles, whether it
    renders afresh, after a publication or from its cached fragments."""
    from toasoan.serving import keys

    first = make_article(title="Bài đo số truy vấn")
    for _ in range(4):
        make_article()
    target = first.url if url == "article" else url
    client.get(target)  # warm per-process caches (site root paths, navigation)
    measured = {
        "cold": _queries(client, target, purged=[keys.SITE]),
        "published": _queries(client, target, purged=_published(first)),
        "warm": _queries(client, target),
    }
    for _ in range(35):
        make_article()
    assert _queries(client, target, purged=[keys.SITE]) == measured["cold"]
    assert _queries(client, target, purged=_published(first)) == measured["published"]
    assert _queries(client, target) == measured["warm"]
    assert measured["cold"] <= COLD_BUDGET[url], measured
    assert measured["published"] <= PUBLISHED_BUDGET[url], measured
    assert measured["warm"] <= WARM_BUDGET[url], measured


def test_article_page_query_budget(seed_article, client):
    """The seed article (photos, authors, localities, tags, comments, weather)."""
    from toasoan.serving import keys

    client.get(seed_article.url)
    assert (
        _queries(client, seed_article.url, purged=[keys.SITE]) <= COLD_BUDGET["article"]
    )
    assert _queries(client, seed_article.url) <= WARM_BUDGET["article"]


@pytest.mark.parametrize("url", ["/", "/thoi-su/", "article"])
def test_anonymous_pages_are_cacheable(seed_article, client, url):
    """No cookie and no Vary: Cookie, so the full-page cache can serve anonymous readers."""
    response = client.get(seed_article.url if url == "article" else url)
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_private_article_is_not_served_to_anonymous_readers(make_article, client):
    from wagtail.models import PageViewRestriction

    article = make_article(title="Bài chỉ dành cho tòa soạn")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_author_page_lists_the_authors_articles(seed_article, client):
    html = client.get(seed_article.url).content.decode()
    assert '<a href="/tac-gia/minh-hieu" rel="author">Minh Hiếu</a>' in html
    assert "Hội nghị giao ban" in client.get("/tac-gia/minh-hieu").content.decode()


def test_export_jsonl_feeds_the_language_model_trainer(seed_article, tmp_path):
    import json

    from django.core.management import call_command

    from toasoan.vietnamese import lm

    path = tmp_path / "bao.jsonl"
    call_command("export_jsonl", str(path))
    (record,) = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert record["title"] == seed_article.title and record["category"] == "Chính trị"
    assert (
        "Phát biểu kết luận hội nghị" in record["body"] and "<p>" not in record["body"]
    )
    stats = lm.train(
        [str(path)],
        tmp_path / "m.npz",
        order=2,
        min_vocab_count=1,
        min_counts=[1, 1],
        workers=1,
        progress=False,
    )
    assert stats["tokens"] > 500


def test_export_decodes_entities_as_search_does(make_article, tmp_path):
    """One plain text for every reader of the body: "GD&ĐT", not "GD&amp;ĐT"."""
    import json

    from django.core.management import call_command

    from toasoan.articles.text import article_text

    body = [
        {"type": "paragraph", "value": "<p>Sở GD&amp;ĐT Thanh Hóa <b>họp</b> &lt;khẩn&gt;</p>"},
        {"type": "heading", "value": "Kết luận"},
        {"type": "quote", "value": {"text": "Phải làm ngay.", "source": "Giám đốc"}},
        {"type": "figure", "value": {"image": None, "caption": "Toàn cảnh", "credit": ""}},
    ]  # fmt: skip
    article = make_article(title="GD&ĐT họp", body=body)
    expected = "Sở GD&ĐT Thanh Hóa họp <khẩn>\nKết luận\nPhải làm ngay.\nToàn cảnh"
    assert article_text(article)[1] == expected
    path = tmp_path / "bao.jsonl"
    call_command("export_jsonl", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["body"] == expected
