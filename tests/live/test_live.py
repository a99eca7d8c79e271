"""Live coverage: the review rule, what readers get (page, poll, shared post, JSON-LD),
and that every change readers see purges the article's key once."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.urls import reverse
from PIL import Image

from tests.staff import newsroom_user
from toasoan.live import services
from toasoan.live.models import LiveCoverage, LivePost
from toasoan.newsroom import roles
from toasoan.serving import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch):
    calls = []
    monkeypatch.setattr(
        services, "purge", lambda k, removed=False: calls.append((list(k), removed))
    )
    return calls


@pytest.fixture
def live(make_article):
    article = make_article(
        title="Bão số 3 đổ bộ Thanh Hóa", layout="live", sapo="Tường thuật đêm bão."
    )
    return services.coverage_for(article)


@pytest.fixture
def staff(db):
    return {
        "reporter": newsroom_user(roles.REPORTER, "pv", first_name="Lê Hợi"),
        "other": newsroom_user(roles.REPORTER, "pv2"),
        "editor": newsroom_user(roles.EDITOR, "btv"),
        "chief": newsroom_user(roles.MANAGING_EDITOR, "tktt"),
        "moderator": newsroom_user(roles.COMMENT_MODERATOR, "kd"),
    }


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def test_a_reporters_post_waits_for_review_and_goes_up_in_one_tap(
    live, staff, purged, django_capture_on_commit_callbacks
):
    post = services.post_submit(
        live, staff["reporter"], text="Gió giật cấp 10 ở Sầm Sơn."
    )
    assert post.status == LivePost.PENDING and post.version == 0
    assert purged == []  # readers see nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post, staff["editor"])
    post.refresh_from_db()
    live.refresh_from_db()
    assert post.status == LivePost.PUBLISHED and post.published_at is not None
    assert post.published_by == staff["editor"]
    assert post.version == live.version == 1
    # The page and the poll at once; the lists that show the article (and its update
    # time for feeds and sitemaps) by a job a few minutes later (here: at once).
    assert purged == [
        ([keys.live(live.article_id)], False),
        ([keys.page(live.article_id)], False),
    ]
    live.article.refresh_from_db()
    assert live.article.last_published_at >= post.published_at
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(live, staff["editor"], text="Mưa lớn.")
    assert purged == [
        ([keys.live(live.article_id)], False)
    ]  # the lists wait their turn


def test_reporters_cannot_review_and_the_managing_editor_names_who_posts_directly(
    live, staff
):
    post = services.post_submit(live, staff["reporter"], text="Mưa lớn ở Nga Sơn.")
    with pytest.raises(services.PermissionDenied):
        services.post_approve(post, staff["other"])
    with pytest.raises(services.PermissionDenied):
        services.coverage_set_direct_posters(live, staff["editor"], [staff["reporter"]])
    services.coverage_set_direct_posters(live, staff["chief"], [staff["reporter"]])
    direct = services.post_submit(live, staff["reporter"], text="Nước dâng ở Hậu Lộc.")
    assert direct.status == LivePost.PUBLISHED
    # Only in this coverage, and only for the named reporter.
    waiting = services.post_submit(live, staff["other"], text="Cây đổ ở Hoằng Hóa.")
    assert waiting.status == LivePost.PENDING
    with pytest.raises(services.PermissionDenied):
        services.post_submit(live, staff["moderator"], text="Không được gửi.")


def test_an_empty_or_foreign_embed_post_is_refused_in_vietnamese(live, staff):
    with pytest.raises(services.ValidationError, match="Cập nhật trống"):
        services.post_submit(live, staff["editor"], text="   ")
    with pytest.raises(services.ValidationError, match="YouTube"):
        services.post_submit(
            live, staff["editor"], text="Xem", embed_url="https://example.com/v"
        )
    assert not LivePost.objects.exists()


def test_a_reporters_text_is_escaped_and_split_into_paragraphs(live, staff):
    post = services.post_submit(
        live,
        staff["editor"],
        text="<script>alert(1)</script> Dòng một\ndòng hai\n\nĐoạn hai",
    )
    sources = [b.value.source for b in post.body]
    assert sources == [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; Dòng một<br/>dòng hai</p>",
        "<p>Đoạn hai</p>",
    ]


def _page(client, live, **params):
    return client.get(live.article.url, params)


def test_the_page_shows_posts_newest_first_with_the_timeline_summary_and_state(
    client, live, staff
):
    first = services.post_submit(
        live,
        staff["editor"],
        title="Bão đổ bộ",
        text="Tâm bão vào Hậu Lộc.",
        key_event=True,
    )
    services.post_submit(live, staff["editor"], text="Mất điện ở Sầm Sơn.")
    services.coverage_update(
        live, staff["editor"], summary="Bão số 3 đã vào đất liền.\nGió giật cấp 12."
    )
    html = _page(client, live).content.decode()
    assert "Trực tiếp · đang diễn ra" in html
    assert html.index("Mất điện ở Sầm Sơn") < html.index("Tâm bão vào Hậu Lộc")
    timeline = re.search(r'<nav class="live-timeline".*?</nav>', html, re.S).group(0)
    assert f'href="#cap-nhat-{first.pk}"' in timeline and "Bão đổ bộ" in timeline
    assert "Bão số 3 đã vào đất liền." in html
    assert 'data-live-poll="/truc-tiep/' in html and "data-live-on" in html
    services.coverage_end(live, staff["chief"])
    html = _page(client, live).content.decode()
    assert "Đã kết thúc" in html and "data-live-on" not in html
    with pytest.raises(services.PermissionDenied):
        services.coverage_end(live, staff["editor"])


def test_the_page_costs_the_same_queries_for_three_posts_or_thirty(client, live, staff):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():  # cold: no fragment or setting cached
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert _page(client, live).status_code == 200
        return len(queries)

    for n in range(3):
        services.post_submit(
            live, staff["editor"], text=f"Cập nhật {n}.", key_event=n == 0
        )
    count()  # what a process reads once (its site, its settings)
    few = count()
    for n in range(27):
        services.post_submit(live, staff["editor"], text=f"Cập nhật thêm {n}.")
    assert count() == few


def test_the_poll_lists_changes_since_a_version_and_is_cached_by_the_articles_key(
    client, live, staff
):
    one = services.post_submit(live, staff["editor"], text="Một.")
    two = services.post_submit(live, staff["editor"], text="Hai.")
    services.post_edit(two, staff["editor"], title="", text="Hai (đã sửa).")
    services.post_remove(one, staff["editor"], "Thông tin chưa kiểm chứng.")
    response = client.get(reverse("live_updates", args=[live.article_id]))
    assert response.status_code == 200
    assert "s-maxage=60" in response["Cache-Control"]
    assert {keys.page(live.article_id), keys.live(live.article_id)} <= set(
        response["xkey"].split()
    )
    data = response.json()
    assert data["v"] == 4
    assert response["ETag"] == f'"live-{live.article_id}-4"'
    by_id = {p["id"]: p for p in data["posts"]}
    assert by_id[one.pk] == {"id": one.pk, "v": 4, "removed": True}
    assert (
        "Hai (đã sửa)." in by_id[two.pk]["html"]
        and "Đã sửa lúc" in by_id[two.pk]["html"]
    )
    assert data["floor"] == 0


def test_the_poll_says_when_it_left_changes_out(client, live, staff):
    from toasoan.live.selectors import CHANGES

    for n in range(CHANGES + 2):
        services.post_submit(live, staff["editor"], text=f"Tin {n}.")
    data = client.get(reverse("live_updates", args=[live.article_id])).json()
    assert len(data["posts"]) == CHANGES
    assert data["floor"] == 2  # a reader holding version 1 reloads the page


@pytest.mark.parametrize(
    "path",
    [
        "/truc-tiep/999999/cap-nhat.json",
        "/truc-tiep/0/cap-nhat.json",
        "/truc-tiep/99999999999999999999/cap-nhat.json",
    ],
)
def test_a_poll_for_no_live_page_is_the_papers_404(client, paper, path):
    response = client.get(path)
    assert response.status_code == 404


def test_an_ordinary_article_has_no_poll(client, make_article):
    article = make_article()
    assert client.get(reverse("live_updates", args=[article.pk])).status_code == 404


def test_a_shared_post_opens_the_page_at_it_with_its_own_preview(client, live, staff):
    post = services.post_submit(
        live, staff["editor"], title="Đê Hoằng Hóa vỡ", text="Nước tràn vào ba thôn."
    )
    services.post_submit(live, staff["editor"], text="Tin khác.")
    html = _page(client, live, **{"cap-nhat": post.pk}).content.decode()
    assert re.search(
        r'<meta property="og:title" content="Đê Hoằng Hóa vỡ \| Bão số 3', html
    )
    assert f'?cap-nhat={post.pk}"' in re.search(
        r'<meta property="og:url" content="[^"]+"', html
    ).group(0)
    assert html.index("live-post--shared") < html.index("data-live-posts")
    for bad in ("abc", "-1", "9" * 40, "0", "²", "١٢", "%00", " 1"):
        response = _page(client, live, **{"cap-nhat": bad})
        assert response.status_code == 200
        assert "live-post--shared" not in response.content.decode()


def _ld(html: str) -> dict:
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html
    ):
        data = json.loads(block)
        if data.get("@type") == "LiveBlogPosting":
            return data
    raise AssertionError("no LiveBlogPosting")


def test_search_engines_read_a_live_blog_posting(client, live, staff):
    post = services.post_submit(
        live, staff["editor"], title="Bão đổ bộ", text="Tâm bão vào Hậu Lộc."
    )
    data = _ld(_page(client, live).content.decode())
    assert data["coverageStartTime"] and "coverageEndTime" not in data
    update = data["liveBlogUpdate"][0]
    assert update["headline"] == "Bão đổ bộ", update
    assert update["articleBody"] == "Tâm bão vào Hậu Lộc.", update
    assert update["url"].endswith(f"?cap-nhat={post.pk}")
    services.coverage_end(live, staff["chief"])
    assert "coverageEndTime" in _ld(_page(client, live).content.decode())


def test_a_takedown_of_a_post_needs_a_reason_and_is_kept_for_the_record(
    client, live, staff
):
    from wagtail.models import ModelLogEntry

    post = services.post_submit(live, staff["editor"], text="Số liệu sai về thiệt hại.")
    with pytest.raises(services.ValidationError, match="lý do"):
        services.post_remove(post, staff["editor"], "  ")
    services.post_remove(post, staff["editor"], "Số liệu chưa được xác nhận.")
    post.refresh_from_db()
    assert post.status == LivePost.REMOVED and post.removed_by == staff["editor"]
    assert "Số liệu sai" not in _page(client, live).content.decode()
    entry = ModelLogEntry.objects.filter(
        object_id=str(post.pk), action="live.remove"
    ).get()
    assert entry.data["reason"] == "Số liệu chưa được xác nhận."


def test_an_ended_live_page_stays_an_article_in_its_section_and_feed(
    client, live, staff
):
    services.post_submit(live, staff["editor"], text="Cập nhật cuối.")
    services.coverage_end(live, staff["chief"])
    section = live.article.get_parent()
    assert live.article.title in client.get(section.url).content.decode()
    assert live.article.title in client.get(f"/rss/{section.slug}.rss").content.decode()


def test_the_desk_takes_a_phone_photo_and_the_post_goes_up_with_its_renditions(
    client, live, staff, django_capture_on_commit_callbacks
):
    from toasoan.articles.pictures import PICTURE_SPECS

    client.force_login(staff["chief"])
    desk = reverse("live_desk", args=[live.article_id])
    page = client.get(desk).content.decode()
    assert 'accept="image/*"' in page and "Gửi cập nhật" in page
    photo = io.BytesIO(_jpeg())
    photo.name = "hien-truong.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            desk,
            {
                "text": "Nước ngập đường Lê Lợi.",
                "caption": "Đường Lê Lợi lúc 21 giờ",
                "photo": photo,
            },
        )
    assert response.status_code == 302
    post = LivePost.objects.get()
    # Tests run jobs at once (the immediate backend): made, then up.
    assert post.status == LivePost.PUBLISHED
    image = next(b.value["image"] for b in post.body if b.block_type == "figure")
    assert image.renditions.filter(filter_spec__in=PICTURE_SPECS).count() == len(
        PICTURE_SPECS
    )
    assert "Đường Lê Lợi lúc 21 giờ" in _page(client, live).content.decode()


def test_a_broken_photo_is_refused_in_vietnamese_and_nothing_is_posted(
    client, live, staff
):
    client.force_login(staff["reporter"])
    broken = io.BytesIO(b"\xff\xd8\xff\xe0 not really a jpeg")
    broken.name = "anh.jpg"
    desk = reverse("live_desk", args=[live.article_id])
    response = client.post(desk, {"text": "Ảnh hiện trường.", "photo": broken})
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not LivePost.objects.exists()


def test_who_may_open_the_desk_and_what_reporters_can_do_there(client, live, staff):
    desk = reverse("live_desk", args=[live.article_id])
    client.force_login(staff["moderator"])
    assert client.get(desk).status_code != 200  # Wagtail sends them to the dashboard
    client.force_login(staff["reporter"])
    assert client.get(desk).status_code == 200
    client.post(
        desk, {"text": "Đoàn công tác của Phó Thủ tưởng đã đến hiện trường ở Hậu Lộc."}
    )
    post = LivePost.objects.get()
    assert post.status == LivePost.PENDING
    page = client.get(desk).content.decode()
    assert "Chờ duyệt (1)" in page and "Gửi duyệt" in page
    assert "«tưởng» → <strong>tướng</strong>" in page  # the proofreader beside the post
    client.post(reverse("live_post_approve", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == LivePost.PENDING  # refused: a reporter cannot publish
    client.force_login(staff["editor"])
    assert "Duyệt và đăng" in client.get(desk).content.decode()
    client.post(reverse("live_post_approve", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == LivePost.PUBLISHED
    assert client.get(reverse("live_index")).status_code == 200


def test_correcting_a_post_in_the_full_editor_reaches_readers(client, live, staff):
    post = services.post_submit(live, staff["editor"], text="Mực nước sông Mã 5,2 m.")
    version = LiveCoverage.objects.get().version
    client.force_login(staff["editor"])
    edit = reverse("wagtailsnippets_live_livepost:edit", args=[post.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "title": "Sông Mã",
            "body-count": "1", "body-0-type": "paragraph", "body-0-deleted": "",
            "body-0-order": "0", "body-0-id": "",
            "body-0-value": json.dumps({"blocks": [{"key": "a", "text": "Mực nước sông Mã 5,6 m.", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert (
        post.edited_at is not None and LiveCoverage.objects.get().version == version + 1
    )
    assert "5,6 m" in _page(client, live).content.decode()


@pytest.mark.parametrize(
    "tail",
    ["cap-nhat.json?v=%00", "cap-nhat.json?sau=-1", "x", "cap-nhat.jsonx", "%E1%BA"],
)
def test_odd_poll_addresses_never_fail(client, live, tail):
    response = client.get(f"/truc-tiep/{live.article_id}/{tail}")
    assert response.status_code in (200, 301, 404)


def test_a_takedown_purges_hard_and_a_removed_post_is_never_rewritten(
    live, staff, purged, django_capture_on_commit_callbacks
):
    post = services.post_submit(live, staff["editor"], text="Tin sai.")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_remove(post, staff["editor"], "Sai sự thật.")
    assert purged == [
        ([keys.live(live.article_id)], True),
        ([keys.page(live.article_id)], False),
    ]
    post.refresh_from_db()
    assert not services.can_edit(staff["editor"], post)
    with pytest.raises(services.PermissionDenied):
        services.post_edit(post, staff["chief"], title="", text="Viết lại.")
    post.refresh_from_db()
    assert "Tin sai." in post.body[0].value.source


def _image(n=0):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    image = get_image_model()(
        title=f"Ảnh {n}", file=ImageFile(io.BytesIO(_jpeg()), name=f"a{n}.jpg")
    )
    image.save()
    return image


def test_the_compact_editor_keeps_the_photo_and_refuses_what_it_would_lose(
    live, staff, django_capture_on_commit_callbacks
):
    image = _image()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(
            live, staff["editor"], text="Mưa.", image=image, caption="Phố ngập"
        )
    post.refresh_from_db()
    assert post.status == LivePost.PUBLISHED
    services.post_edit(post, staff["editor"], title="Ngập", text="Mưa rất lớn.")
    post.refresh_from_db()
    assert [b.block_type for b in post.body] == ["paragraph", "figure"]
    assert post.body[1].value["image"] == image and post.edited_at is not None
    # Bold text (the full editor's) or words after the photo: only the full editor.
    post.body = [{"type": "paragraph", "value": "<p><b>Khẩn</b>: mưa.</p>"}]
    post.save()
    assert services.compact_text(post) is None
    with pytest.raises(services.ValidationError, match="Sửa đầy đủ"):
        services.post_edit(post, staff["editor"], title="", text="Khẩn: mưa.")


def test_a_post_waiting_for_its_photo_can_go_up_at_once_and_the_job_never_hides_it(
    live, staff, monkeypatch
):
    from toasoan.live import tasks

    post = LivePost.objects.create(
        coverage=live, body=[{"type": "paragraph", "value": "<p>Ảnh đang xử lý.</p>"}],
        status=LivePost.PROCESSING, created_by=staff["reporter"],
    )  # fmt: skip
    services.post_approve(post, staff["editor"])
    post.refresh_from_db()
    assert post.status == LivePost.PUBLISHED and post.version > 0
    # A job that breaks still puts its post up, then fails so staff see why.
    other = LivePost.objects.create(
        coverage=live, body=[{"type": "paragraph", "value": "<p>Ảnh hỏng.</p>"}],
        status=LivePost.PROCESSING, created_by=staff["reporter"],
    )  # fmt: skip

    def broken(*args, **kwargs):
        raise OSError("ổ đĩa đầy")

    monkeypatch.setattr(tasks, "make_renditions", broken)
    with pytest.raises(RuntimeError, match="ổ đĩa đầy"):
        tasks.live_post_media_job.func(post_id=other.pk, attempt=4)  # the last try
    other.refresh_from_db()
    assert other.status == LivePost.PUBLISHED


def test_posts_photos_cost_the_same_queries_for_three_posts_or_thirty(
    client, live, staff
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toasoan.articles.pictures import PICTURE_SPECS

    def add(n):
        for i in range(n):
            image = _image(i)
            image.get_renditions(*PICTURE_SPECS)
            post = LivePost.objects.create(
                coverage=live, status=LivePost.PUBLISHED, published_at=live.started_at,
                body=[{"type": "paragraph", "value": f"<p>Ảnh {i}.</p>"},
                      {"type": "figure", "value": {"image": image.pk, "caption": "", "credit": "", "wide": ""}}],
            )  # fmt: skip
            services._changed(live, post)

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    poll = reverse("live_updates", args=[live.article_id])
    add(3)
    count(live.article.url)
    few, few_poll = count(live.article.url), count(poll)
    add(27)
    assert count(live.article.url) == few
    assert count(poll) == few_poll


def test_search_finds_a_live_pages_posts_once_the_lists_job_ran(
    live, staff, django_capture_on_commit_callbacks
):
    from toasoan.search.services import search_articles

    live.article.save_revision().publish()  # indexed as published: headline and sapo
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(
            live, staff["editor"], text="Đê tả sông Lèn ở Hà Trung bị tràn."
        )
    found = search_articles(text="sông Lèn Hà Trung")
    assert live.article_id in [hit.article.pk for hit in found.hits]


def test_a_post_readers_saw_is_taken_down_not_deleted(client, live, staff, admin_user):
    shown = services.post_submit(live, staff["editor"], text="Đã hiện.")
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_live_livepost:delete", args=[shown.pk])
    client.post(url)
    assert LivePost.objects.filter(pk=shown.pk).exists()
    never = services.post_submit(live, staff["reporter"], text="Chưa duyệt.")
    client.post(reverse("wagtailsnippets_live_livepost:delete", args=[never.pk]))
    assert not LivePost.objects.filter(pk=never.pk).exists()
