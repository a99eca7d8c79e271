"""Through a real Varnish running the project's VCL: pages are cached, and every change
a reader could see purges exactly the pages that show it, whoever makes the change
(Wagtail's publish(), the scheduler's, a model save), with nothing mocked."""

from __future__ import annotations

import pytest

from tests.serving.conftest import reader_comment

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def warm(front, *paths):
    """Fetch until cached; returns nothing, fails if the cache will not keep the page."""
    for path in paths:
        front.get(path)
        status, xcache, _, _ = front.get(path)
        assert (status, xcache) == (200, "HIT"), path


def test_publishing_an_edit_reaches_article_section_and_home(
    front, make_article, paper
):
    edited = make_article(title="Cầu Hàm Rồng thông xe", section="thoi-su")
    neighbour = make_article(title="Bài cùng chuyên mục", section="thoi-su")
    other_section = next(s for s in paper["sections"] if s != "thoi-su")
    # Nothing in common with the edited article (else "Tin liên quan" links them).
    elsewhere = make_article(
        title="Giải bóng đá thiếu niên khai mạc",
        section=other_section,
        sapo="Các đội bóng thi đấu sôi nổi trên sân vận động.",
        body=[{"type": "paragraph", "value": "<p>Khán giả cổ vũ nhiệt tình.</p>"}],
    )
    section_url = paper["sections"]["thoi-su"].url
    warm(front, edited.url, neighbour.url, elsewhere.url, section_url, "/")

    edited.title = "Cầu Hàm Rồng mới chính thức thông xe"
    edited.save_revision().publish()

    for path in (edited.url, section_url, "/"):
        status, xcache, body, _ = front.get(path)
        assert (status, xcache) == (200, "MISS"), path
        assert "Cầu Hàm Rồng mới chính thức thông xe" in body, path
    # The neighbour lists the section's newest ("Tin cùng chuyên mục"): purged too.
    assert front.get(neighbour.url)[1] == "MISS"
    # An article of another section shows nothing that changed: still served from cache.
    assert front.get(elsewhere.url)[1] == "HIT"


def test_a_new_article_appears_on_its_section_and_the_home_page(
    front, make_article, paper
):
    make_article(title="Bài đã có")
    section = paper["sections"]["thoi-su"]
    warm(front, section.url, "/", "/rss/trang-chu.rss")
    fresh = make_article(title="Lũ trên sông Mã dâng cao", live=False)
    fresh.save_revision().publish()
    for path in (section.url, "/", "/rss/trang-chu.rss", fresh.url):
        status, xcache, body, _ = front.get(path)
        assert status == 200 and xcache == "MISS", path
        assert "Lũ trên sông Mã dâng cao" in body, path


def test_unpublishing_takes_the_article_off_the_cache(front, make_article):
    article = make_article(title="Bài sẽ gỡ")
    warm(front, article.url)
    article.unpublish()
    assert front.get(article.url)[0] == 404


def test_while_the_app_fails_readers_get_the_last_copy_never_a_removed_one(
    front, make_article, monkeypatch
):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    kept = make_article(title="Lịch thi vào lớp 10")
    removed = make_article(title="Bài sẽ gỡ khi có sự cố")
    warm(front, kept.url, removed.url)
    removed.unpublish()  # a hard purge, of the pages that listed it too
    warm(front, kept.url)
    kept.title = "Lịch thi vào lớp 10 năm 2027"
    kept.save_revision().publish()  # a soft purge: the old copy stays, expired

    def database_gone(self):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:  # the app now answers 503 to everything
        patched.setattr(BaseDatabaseWrapper, "ensure_connection", database_gone)
        status, _, body, answer = front.get(kept.url)
        assert status == 200 and "Lịch thi vào lớp 10" in body
        assert "năm 2027" not in body  # the last copy, not an error page
        # ...which the readers' front must not keep (it would, a day, by s-maxage).
        assert answer.getheader("X-Accel-Expires") == "0"
        status, _, body, _ = front.get(removed.url)
        assert status == 503 and "Bài sẽ gỡ khi có sự cố" not in body
        assert "tạm gián đoạn" in body
    status, _, body, _ = front.get(kept.url)  # the app is back: the fetch comes first
    assert status == 200 and "Lịch thi vào lớp 10 năm 2027" in body


def test_an_approved_comment_shows_in_its_article_without_a_new_page(
    front, make_article, paper
):
    """The comment block is put into the cached page by Varnish (an edge include): an
    approval purges the block alone; the page, and every other article, stay cached."""
    from toasoan.comments.models import Status

    commented = make_article(title="Bài có bình luận", section="thoi-su")
    other_section = next(s for s in paper["sections"] if s != "thoi-su")
    quiet = make_article(title="Bài không ai bình luận", section=other_section)
    warm(front, commented.url, quiet.url)
    status, _, body, _ = front.get(commented.url)
    assert "esi:" not in body and "data-comments-inner" in body  # processed
    assert "0 bình luận" in body and 'class="box most-read"' in body

    waiting = reader_comment(commented, Status.PENDING)
    status, xcache, body, _ = front.get(commented.url)
    assert (status, xcache) == (200, "HIT") and "0 bình luận" in body
    waiting.status = Status.APPROVED
    waiting.save()
    status, xcache, body, _ = front.get(commented.url)
    assert (status, xcache) == (200, "HIT")  # the page itself was not fetched again
    assert "1 bình luận" in body and "Lê Thị Hoa" in body
    assert front.get(quiet.url)[1] == "HIT"


def test_a_failed_include_leaves_its_place_empty_never_an_error_page(
    front, make_article, monkeypatch
):
    from toasoan.comments import views

    article = make_article(title="Bài có khung bình luận hỏng")

    def broken(request, article):
        raise RuntimeError("the comment block cannot be rendered")

    monkeypatch.setattr(views, "_shared_block", broken)
    status, _, body, _ = front.get(article.url)
    assert status == 200 and "Bài có khung bình luận hỏng" in body
    comments = body.split('id="binh-luan"', 1)[1].split("</section>", 1)[0]
    # The comments' link in its place (site.js fetches the block there), no error page.
    assert "data-comments-inner" not in comments and "<html" not in comments
    assert (
        f'<a class="button" href="/binh-luan/{article.pk}/">Xem bình luận</a>'
        in comments
    )
    assert "tạm gián đoạn" not in body.lower() and body.count("<html") == 1
    assert 'class="box most-read"' in body  # the other include is there

    # "Đọc nhiều" failing too (purged, then unable to render): its link instead.
    from toasoan.articles import views as article_views
    from toasoan.serving import keys
    from toasoan.serving.purge import purge

    def no_list(**kwargs):
        raise RuntimeError("the most-read list cannot be read")

    monkeypatch.setattr(article_views, "most_read", no_list)
    purge([keys.MOST_READ], removed=True)
    other = make_article(title="Bài thứ hai khi Đọc nhiều hỏng")
    status, _, body, _ = front.get(other.url)
    slot = body.split("data-most-read=", 1)[1].split("</aside>", 1)[0]
    assert status == 200 and 'href="/doc-nhieu">Tin đọc nhiều hôm nay</a>' in slot
    assert "<html" not in slot and 'class="box most-read"' not in slot


def test_site_settings_purge_every_page(front, make_article):
    from wagtail.models import Site

    from toasoan.articles.models import PaperSettings

    article = make_article()
    warm(front, article.url, "/", "/robots.txt")
    paper = PaperSettings.for_site(Site.objects.get(is_default_site=True))
    paper.paper_name = "Báo Thanh Hóa điện tử"
    paper.save()
    for path in (article.url, "/", "/robots.txt"):
        assert front.get(path)[1] == "MISS", path
    assert "Báo Thanh Hóa điện tử" in front.get("/")[2]


def test_readers_share_one_copy_staff_and_forms_pass(front, make_article):
    article = make_article()
    warm(front, article.url)
    # A reader's stray cookie (analytics, the CSRF token) does not split the cache.
    status, xcache, _, answer = front.get(
        article.url, {"Cookie": "csrftoken=abc; _ga=1"}
    )
    assert (status, xcache) == (200, "HIT")
    # Browsers revalidate every time, so a purge reaches them too.
    assert answer.getheader("Cache-Control").startswith("public, max-age=0")
    assert answer.getheader("xkey") is None  # keys stay between the app and the cache
    # Staff (a session) always reach the app; so do the comment page without
    # JavaScript and a reader's own tokens.
    for _ in range(2):
        assert front.get(article.url, {"Cookie": "sessionid=x"})[1] == "MISS"
        assert front.get(f"/binh-luan/{article.pk}/")[1] == "MISS"
        assert front.get(f"/binh-luan/{article.pk}/phien")[1] == "MISS"


def test_the_comment_block_comes_from_the_cache_until_readers_can_see_a_change(
    front, make_article
):
    """Issue 27: a reader who only reads costs the app nothing; a pending comment
    purges nothing; an approval shows to the next reader."""
    from toasoan.comments.models import Status

    article = make_article(title="Bài có bình luận")
    block = f"/binh-luan/{article.pk}/?khung=1"
    newest_liked = f"/binh-luan/{article.pk}/?sap-xep=thich&khung=1"
    warm(front, block, newest_liked)
    status, xcache, body, _ = front.get(block, {"Cookie": "csrftoken=abc"})
    assert (status, xcache) == (200, "HIT") and "0 bình luận" in body

    waiting = reader_comment(article, Status.PENDING)
    assert front.get(block)[1] == "HIT"  # waiting for a moderator: nothing to show
    waiting.status = Status.APPROVED
    waiting.save()
    for path in (block, newest_liked):
        status, xcache, body, _ = front.get(path)
        assert (status, xcache) == (200, "MISS") and "1 bình luận" in body, path
        assert "Lê Thị Hoa" in body
    assert front.get(block)[1] == "HIT"


def test_static_files_come_from_nginx_and_are_kept_a_year(front):
    css = front.files.root / "static" / "css" / "site.0123abcd.css"
    css.write_text("body { color: #222; }")
    css.chmod(0o644)
    status, xcache, body, answer = front.get("/static/css/site.0123abcd.css")
    assert (status, xcache, body) == (200, "MISS", "body { color: #222; }")
    assert "max-age=31536000" in answer.getheader("Cache-Control")
    # Not the app: it puts its Permissions-Policy on every answer.
    assert answer.getheader("Permissions-Policy") is None
    assert front.get("/static/css/site.0123abcd.css")[1] == "HIT"
    assert front.get("/static/css/missing.css")[0] == 404


def test_a_stranger_cannot_purge_through_the_readers_listener(front, make_article):
    """Issue 28: through the TLS front every request comes from 127.0.0.1, so the
    readers' listener refuses PURGE whatever its address; only the app's purge
    listener takes them."""
    article = make_article()
    warm(front, article.url)
    for key in ("site", f"p{article.pk}"):
        status, _, _, _ = front.get(
            "/", {"xkey": key, "X-Real-IP": "203.0.113.66"}, method="PURGE"
        )
        assert status == 405
    assert front.get(article.url)[1] == "HIT"  # nothing was purged
    status, _, _, _ = front.get("/", {"xkey": "site"}, method="BAN")
    assert status == 405
    assert front.get(article.url)[1] == "HIT"


def test_the_front_keeps_readers_pages_a_second_and_nothing_of_staff(
    front, make_article
):
    """Issue 27: nginx before Varnish (deploy/nginx/front.conf) keeps what Varnish may
    cache for one second, so a hot page costs one nginx hit; what Varnish passes
    (staff, a reader's own tokens, forms) it never keeps."""
    import time

    edge = front.edge
    article = make_article(title="Cầu Hàm Rồng thông xe")
    front.get(article.url)
    _, _, _, answer = front.get(article.url)
    assert answer.getheader("X-Accel-Expires").startswith("@")  # this second, no more
    # A copy lasts until the second ends: of a few quick requests, one is a hit.
    answers = [edge.get(article.url) for _ in range(4)]
    status, _, body, answer = next(
        a for a in answers if a[3].getheader("X-Front-Cache") == "HIT"
    )
    assert status == 200
    assert "data-comments-inner" in body  # Varnish's includes, kept with the page
    assert answer.getheader("X-Accel-Expires") is None  # between nginx and Varnish
    # Staff read the app, never a reader's copy; a reader's tokens are never kept.
    _, _, _, answer = edge.get(article.url, {"Cookie": "sessionid=x"})
    assert answer.getheader("X-Front-Cache") == "BYPASS"
    tokens = [edge.get(f"/binh-luan/{article.pk}/phien")[2] for _ in range(2)]
    assert tokens[0] != tokens[1]
    assert edge.get(f"/xem/{article.pk}", {"Content-Length": "0"}, "POST")[0] == 204
    assert edge.get(article.url, method="PURGE")[0] == 405
    # An edit shows here at most a second after Varnish has it.
    article.title = "Cầu Hàm Rồng thông xe sớm"
    article.save_revision().publish()
    published = time.monotonic()
    while "thông xe sớm" not in edge.get(article.url)[2]:
        assert time.monotonic() - published < 2.5
        time.sleep(0.1)
