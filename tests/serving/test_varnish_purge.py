"""Through a real Varnish running the project's VCL: pages are cached, and every change
a reader could see purges exactly the pages that show it, whoever makes the change
(Wagtail's publish(), the scheduler's, a model save), with nothing mocked."""

from __future__ import annotations

import pytest

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
        status, _, body, _ = front.get(kept.url)
        assert status == 200 and "Lịch thi vào lớp 10" in body
        assert "năm 2027" not in body  # the last copy, not an error page
        status, _, body, _ = front.get(removed.url)
        assert status == 503 and "Bài sẽ gỡ khi có sự cố" not in body
        assert "tạm gián đoạn" in body
    status, _, body, _ = front.get(kept.url)  # the app is back: the fetch comes first
    assert status == 200 and "Lịch thi vào lớp 10 năm 2027" in body


def test_an_approved_comment_purges_only_its_article(front, make_article, paper):
    from toasoan.comments.models import Comment, Status

    commented = make_article(title="Bài có bình luận", section="thoi-su")
    other_section = next(s for s in paper["sections"] if s != "thoi-su")
    quiet = make_article(title="Bài không ai bình luận", section=other_section)
    warm(front, commented.url, quiet.url)
    Comment.objects.create(
        article=commented, name="Lê Thị Hoa", body="Cảm ơn tòa soạn.",
        original_body="Cảm ơn tòa soạn.", ip_hash="x", fingerprint="f",
        status=Status.APPROVED,
    )  # fmt: skip
    assert front.get(commented.url)[1] == "MISS"
    assert front.get(quiet.url)[1] == "HIT"


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
    from toasoan.comments.models import Comment, Status

    article = make_article(title="Bài có bình luận")
    block = f"/binh-luan/{article.pk}/?khung=1"
    newest_liked = f"/binh-luan/{article.pk}/?sap-xep=thich&khung=1"
    warm(front, block, newest_liked)
    status, xcache, body, _ = front.get(block, {"Cookie": "csrftoken=abc"})
    assert (status, xcache) == (200, "HIT") and "0 bình luận" in body

    def comment(status):
        return Comment.objects.create(
            article=article, name="Lê Thị Hoa", body="Cảm ơn tòa soạn.",
            original_body="Cảm ơn tòa soạn.", ip_hash="x", fingerprint="f",
            status=status,
        )  # fmt: skip

    waiting = comment(Status.PENDING)
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
