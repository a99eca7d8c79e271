"""A live page in a real browser: a reader's page learns of new posts without moving
under the thumb, takes corrections and takedowns in place; a reporter posts a photo
from a phone-sized window."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.staff import newsroom_user
from toasoan.live import services
from toasoan.live.models import LivePost
from toasoan.newsroom import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def live(make_article, settings):
    settings.TOASOAN_LIVE_POLL_SECONDS = 1  # the bench measures the real 10 s
    article = make_article(title="Trực tiếp: Bão số 3 đổ bộ Thanh Hóa", layout="live")
    return services.coverage_for(article)


def _text(chromium, selector):
    return chromium.find_element(By.CSS_SELECTOR, selector).text


def test_a_reader_is_told_of_new_posts_and_sees_corrections_and_takedowns(
    chromium, live_server, live, artifacts
):
    editor = newsroom_user(roles.EDITOR, "btv-live")
    first = services.post_submit(live, editor, text="Mưa lớn ở thành phố Thanh Hóa.")
    chromium.get(live_server.url + live.article.url)
    assert "Mưa lớn ở thành phố" in _text(chromium, "[data-live-posts]")
    top = chromium.execute_script("return window.scrollY")
    second = services.post_submit(
        live, editor, title="Bão đổ bộ", text="Tâm bão vào Hậu Lộc.", key_event=True
    )
    button = WebDriverWait(chromium, 15).until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, "[data-live-new]")
            if d.find_element(By.CSS_SELECTOR, ".live-new").is_displayed()
            else None
        )
    )
    assert button.text == "1 cập nhật mới"
    # Not inserted by itself: the text under the reader's thumb stays.
    assert "Tâm bão" not in _text(chromium, "[data-live-posts]")
    assert chromium.execute_script("return window.scrollY") == top
    # The timeline updates at once.
    assert "Bão đổ bộ" in _text(chromium, "[data-live-timeline]")
    chromium.save_screenshot(str(artifacts / "live-new-posts.png"))
    button.click()
    posts = chromium.find_elements(By.CSS_SELECTOR, "[data-live-posts] > [data-post]")
    assert [p.get_attribute("data-post") for p in posts] == [
        str(second.pk),
        str(first.pk),
    ]
    services.post_edit(
        first, editor, title="", text="Mưa rất lớn ở thành phố Thanh Hóa."
    )
    WebDriverWait(chromium, 15).until(
        lambda d: "Mưa rất lớn" in _text(d, f"[data-post='{first.pk}']")
    )
    assert "Đã sửa lúc" in _text(chromium, f"[data-post='{first.pk}']")
    services.post_remove(second, editor, "Thông tin chưa kiểm chứng.")
    WebDriverWait(chromium, 15).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, f"[data-post='{second.pk}']")
    )
    services.coverage_end(live, newsroom_user(roles.MANAGING_EDITOR, "tktt-live"))
    WebDriverWait(chromium, 15).until(
        # textContent: the badge is drawn in capitals by CSS
        lambda d: (
            d.find_element(By.CSS_SELECTOR, "[data-live-state]").get_attribute(
                "textContent"
            )
            == "Đã kết thúc"
        )
    )
    chromium.save_screenshot(str(artifacts / "live-reader.png"))


def test_a_reporter_sends_a_photo_from_a_phone_and_an_editor_publishes_it(
    chromium, live_server, live, artifacts, tmp_path
):
    reporter = newsroom_user(roles.REPORTER, "pv-live", first_name="Lê Hợi")
    client = Client()
    client.force_login(reporter)
    chromium.set_window_size(412, 915)
    chromium.get(live_server.url + "/quan-tri/login/")
    chromium.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )
    photo = Path(tmp_path) / "hien-truong.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 110, 170)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    chromium.get(f"{live_server.url}/quan-tri/truc-tiep/{live.article_id}/")
    chromium.find_element(By.NAME, "text").send_keys(
        "Nước ngập đường Lê Lợi, sâu 40 cm."
    )
    chromium.find_element(By.NAME, "photo").send_keys(str(photo))
    assert _text(chromium, "[data-photo-name]") == "hien-truong.jpg"
    chromium.find_element(By.NAME, "caption").send_keys("Đường Lê Lợi lúc 21 giờ")
    chromium.save_screenshot(str(artifacts / "live-desk-phone.png"))
    chromium.execute_script("document.querySelector('.live-desk-send').click()")
    WebDriverWait(chromium, 15).until(
        lambda d: (
            "đang chờ biên tập viên duyệt" in d.find_element(By.TAG_NAME, "body").text
        )
    )
    post = LivePost.objects.get()
    assert post.status == LivePost.PENDING and post.created_by == reporter
    assert "Chờ duyệt (1)" in chromium.find_element(By.TAG_NAME, "body").text
    # The editor's one tap: the post (its photo made by the job) goes up.
    editor = newsroom_user(roles.EDITOR, "btv-live2")
    client.force_login(editor)
    chromium.delete_all_cookies()
    chromium.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )
    chromium.get(f"{live_server.url}/quan-tri/truc-tiep/{live.article_id}/")
    chromium.execute_script(
        "document.querySelector('form[action*=duyet] button').click()"
    )
    WebDriverWait(chromium, 15).until(
        lambda d: "Đã đăng" in d.find_element(By.TAG_NAME, "body").text
    )
    post.refresh_from_db()
    assert post.status == LivePost.PUBLISHED
    chromium.delete_all_cookies()
    chromium.get(live_server.url + live.article.url)
    assert "Đường Lê Lợi lúc 21 giờ" in _text(chromium, "[data-live-posts]")
    chromium.save_screenshot(str(artifacts / "live-reader-photo.png"))
