"""Comments as a reader and a moderator meet them, in real headless Chromium."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNACCENTED = "Toi rat ung ho chu truong sap xep don vi hanh chinh cua tinh"


@pytest.fixture
def article(paper, make_article, settings):
    from toasoan.comments.models import CommentSettings

    settings.COMMENTS_MIN_FILL_SECONDS = 0
    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.min_interval_seconds = 0  # the reader replies to herself within seconds
    rules.save()
    return make_article(title="Thanh Hóa sắp xếp đơn vị hành chính cấp xã")


def _click(driver, element):
    """As a reader does: scroll the button to the middle of the screen (the fixed banner
    covers the bottom edge), then tap it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _moderator_logs_in(chromium, live_server, django_user_model, username):
    """A Kiểm duyệt bình luận account, logged in through the Wagtail admin's login form."""
    from django.contrib.auth.models import Group

    from toasoan.newsroom.roles import COMMENT_MODERATOR

    password = f"Mat-khau-{username}-1"
    moderator = django_user_model.objects.create_user(username, password=password)
    moderator.groups.add(Group.objects.get(name=COMMENT_MODERATOR))
    chromium.get(live_server.url + "/quan-tri/login/")
    chromium.find_element(By.ID, "id_username").send_keys(username)
    chromium.find_element(By.ID, "id_password").send_keys(password)
    _click(chromium, chromium.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    WebDriverWait(chromium, 15).until(lambda d: "/login" not in d.current_url)
    return moderator


def _wait(driver, css, text=None, timeout=15):
    if text is None:
        return WebDriverWait(driver, timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, css))
        )
    return WebDriverWait(driver, timeout).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text)
    )


def test_reader_posts_unaccented_accepts_restoration_moderator_edits(
    chromium, live_server, article, artifacts, django_user_model
):

    from toasoan.comments.models import Comment, Status
    from toasoan.comments.services import comment_approve

    chromium.get(live_server.url + article.url)
    form = _wait(chromium, "[data-comment-form]")
    form.find_element(By.NAME, "body").send_keys(UNACCENTED)
    form.find_element(By.NAME, "name").send_keys("Lê Văn Tâm")
    _click(chromium, form.find_element(By.CSS_SELECTOR, "button.button"))
    _wait(chromium, "[data-restore-box]")
    restored = form.find_element(By.NAME, "body").get_attribute("value")
    assert restored.startswith("Tôi rất ủng hộ chủ trương sắp xếp đơn vị hành chính"), (
        restored
    )
    chromium.save_screenshot(str(artifacts / "comment-restore-offered.png"))
    assert Comment.objects.count() == 0
    _click(chromium, form.find_element(By.CSS_SELECTOR, "button.button"))
    _wait(chromium, "[data-form-message]", "đang chờ duyệt")  # by the button
    comment = Comment.objects.get()
    # The name stays for the next comment (in this browser only, not a cookie).
    assert form.find_element(By.NAME, "name").get_attribute("value") == "Lê Văn Tâm"
    assert "Lê Văn Tâm" not in str(chromium.get_cookies())
    assert comment.status == Status.PENDING and comment.body == restored
    assert comment.original_body == UNACCENTED

    # The moderator logs in, edits and approves in the Wagtail admin.
    moderator = _moderator_logs_in(
        chromium, live_server, django_user_model, "kiemduyet"
    )
    chromium.get(live_server.url + "/quan-tri/binh-luan/")
    assert "Thêm dấu tự động" in chromium.find_element(By.TAG_NAME, "body").text
    chromium.save_screenshot(str(artifacts / "comment-moderation-queue.png"))
    chromium.get(live_server.url + f"/quan-tri/binh-luan/{comment.pk}/")
    body = chromium.find_element(By.ID, "id_body")
    body.clear()
    body.send_keys("Tôi rất ủng hộ chủ trương sắp xếp đơn vị hành chính của tỉnh.")
    _click(
        chromium, chromium.find_element(By.CSS_SELECTOR, "button[value=save_approve]")
    )
    _wait(chromium, "body", "Đã lưu và duyệt đăng")
    chromium.delete_all_cookies()  # back to an anonymous reader

    chromium.get(live_server.url + article.url)
    _wait(chromium, ".comment-list")
    text = chromium.find_element(By.ID, "binh-luan").text
    assert (
        "1 BÌNH LUẬN" in text and "(đã được biên tập)" in text and "Lê Văn Tâm" in text
    )

    # A like shows at once, its answer beside the button.
    like = chromium.find_element(By.CSS_SELECTOR, "[data-small-form] button")
    _click(chromium, like)
    _wait(chromium, "[data-small-message]", "Cảm ơn bạn đã thích")
    assert like.text == "Thích (1)"

    # A reply lands in the same thread; the name typed last time is there already.
    _click(chromium, chromium.find_element(By.CSS_SELECTOR, "[data-reply]"))
    form = chromium.find_element(By.CSS_SELECTOR, "[data-comment-form]")
    form.find_element(By.NAME, "body").send_keys("Tôi cũng đồng ý với ý kiến này.")
    name = form.find_element(By.NAME, "name")
    assert name.get_attribute("value") == "Lê Văn Tâm"
    name.clear()
    name.send_keys("Phạm Thu")
    _click(chromium, form.find_element(By.CSS_SELECTOR, "button.button"))
    _wait(chromium, "[data-form-message]", "đang chờ duyệt")
    reply = Comment.objects.latest("pk")
    assert reply.parent_id == comment.pk
    comment_approve(comment=reply, user=moderator)
    chromium.get(live_server.url + article.url)
    _wait(chromium, ".replies")
    assert "Phạm Thu" in chromium.find_element(By.CSS_SELECTOR, ".replies").text
    assert "2 BÌNH LUẬN" in chromium.find_element(By.ID, "binh-luan").text
    assert chromium.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    chromium.execute_script("document.getElementById('binh-luan').scrollIntoView()")
    chromium.save_screenshot(str(artifacts / "comment-thread.png"))

    # Two comments in a row with another sort between them (the block loaded again):
    # each has its own idempotency key, so the second is stored, not taken for a retry.
    for n, text in enumerate(("Ý kiến thứ nhất của tôi.", "Ý kiến thứ hai của tôi.")):
        form = chromium.find_element(By.CSS_SELECTOR, "[data-comment-form]")
        form.find_element(By.NAME, "body").send_keys(text)
        _click(chromium, form.find_element(By.CSS_SELECTOR, "button.button"))
        _wait(chromium, "[data-form-message]", "đang chờ duyệt")
        if n == 0:
            _click(chromium, chromium.find_element(By.LINK_TEXT, "Được thích nhất"))
            _wait(chromium, ".comment-order strong", "Được thích nhất")
    assert Comment.objects.filter(body__startswith="Ý kiến thứ").count() == 2


def test_stored_xss_is_inert_for_readers_and_moderators(
    chromium, live_server, article, django_user_model
):

    from toasoan.comments.models import Comment, Status

    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> http://x.vn/"onmouseover="window.__xss=3'
    for status in (Status.APPROVED, Status.PENDING):
        Comment.objects.create(
            article=article,
            name='<b onclick="window.__xss=4">Kẻ xấu</b>',
            body=payload,
            original_body=payload,
            restored_body=payload,
            ip_hash="x",
            fingerprint=status,
            status=status,
            flags=[
                {
                    "kind": "suspect",
                    "text": "<script>window.__xss=5</script>",
                    "message": "m",
                }
            ],
        )
    chromium.get(live_server.url + article.url)
    _wait(chromium, ".comment-list")
    assert (
        "<script>window.__xss=2</script>"
        in chromium.find_element(By.CSS_SELECTOR, ".comment-body").text
    )
    assert chromium.execute_script("return window.__xss === undefined")
    assert not chromium.find_elements(
        By.CSS_SELECTOR, ".comment-body img, .comment-body script, .comment-name b"
    )

    _moderator_logs_in(chromium, live_server, django_user_model, "kd2")
    for url in (
        "/quan-tri/binh-luan/?trang-thai=tat-ca",
        f"/quan-tri/binh-luan/{Comment.objects.first().pk}/",
    ):
        chromium.get(live_server.url + url)
        assert "window.__xss=2" in chromium.find_element(By.TAG_NAME, "body").text
        assert chromium.execute_script("return window.__xss === undefined"), url
    chromium.delete_all_cookies()


def test_through_the_cache_the_page_holds_its_blocks_and_asks_for_nothing_more(
    chromium, live_server, article, front, artifacts
):
    """Issue 27: behind the readers' front and Varnish the comment and most-read blocks
    come inside the cached page (edge includes): reading sends only the view beacon;
    writing asks for the reader's tokens and posts, as before."""
    import shutil
    from pathlib import Path

    from toasoan.comments.models import Comment, Status

    # The site's own files, where nginx serves them behind Varnish (collectstatic's job
    # on a server).
    static = Path(__file__).resolve().parents[2] / "toasoan" / "static"
    shutil.copytree(static, front.files.root / "static", dirs_exist_ok=True)
    chromium.delete_all_cookies()
    chromium.get(front.edge.url + article.url)
    form = _wait(chromium, "[data-comment-form]")
    asked = chromium.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert [a for a in asked if "khung=1" in a or "/doc-nhieu" in a] == [], asked
    assert any(a.endswith("/static/js/site.js") for a in asked), asked
    assert chromium.find_elements(By.CSS_SELECTOR, "#binh-luan [data-comments-inner]")
    assert chromium.find_elements(By.CSS_SELECTOR, "[data-most-read] .most-read")
    form.find_element(By.NAME, "body").send_keys("Đường về xã tôi đã được sửa xong.")
    form.find_element(By.NAME, "name").send_keys("Trịnh Văn Nam")
    _click(chromium, form.find_element(By.CSS_SELECTOR, "button.button"))
    _wait(chromium, "[data-form-message]", "đang chờ duyệt")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING and comment.name == "Trịnh Văn Nam"
    chromium.save_screenshot(str(artifacts / "comment-through-the-cache.png"))
