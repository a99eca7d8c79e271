"""The seed article in a real browser, as a reader on a phone sees it."""

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# Live-server tests commit for real; serialized rollback restores the root page, locale and
# collection that Wagtail's migrations create, which a flush would otherwise remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seed_url(seed_text):
    from toasoan.ingest.services import article_import_text
    from toasoan.newsroom import demo

    home = demo.demo_site()
    sections = demo.demo_sections(home)
    result = article_import_text(
        text=seed_text, section=sections["chinh-tri"], publish=True,
        published_at=timezone.make_aware(dt.datetime(2019, 9, 30, 17, 0)), check_spelling=False,
    )  # fmt: skip
    return result.article.url


def test_seed_article_in_chromium(chromium, live_server, seed_url, artifacts):
    chromium.get(live_server.url + seed_url)
    body = chromium.find_element(By.TAG_NAME, "body").text
    assert (
        chromium.find_element(By.TAG_NAME, "h1").text
        == "Hội nghị giao ban trực tuyến công tác tổ chức xây dựng Đảng"
    )
    assert chromium.find_element(By.CSS_SELECTOR, ".sapo").text.startswith(
        "(Baothanhhoa.vn) - Chiều 30-9"
    )
    captions = [
        c.text for c in chromium.find_elements(By.CSS_SELECTOR, "figure figcaption")
    ]
    assert len(captions) == 2 and captions[1].startswith("Đồng chí Đỗ Minh Tuấn")
    assert body.count("Minh Hiếu") == 1
    for part in (
        "Thứ Hai, 30/09/2019",
        "Chính trị",
        "Địa phương",
        "Xem thêm TP.Thanh Hóa",
        "Thời tiết",
        "Chia sẻ thông tin với bạn bè!",
        "0 bình luận",
        "Vui lòng gõ tiếng Việt có dấu",
    ):
        assert part.casefold() in body.casefold(), (
            part
        )  # box titles are upper-cased by CSS
    for residue in ("{name}", "{time}", "{body}"):
        assert residue not in body

    # The page must read on a phone: nothing wider than the screen.
    assert chromium.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )

    banner = chromium.find_element(By.ID, "banner")
    assert banner.is_displayed()
    chromium.save_screenshot(str(artifacts / "seed-article.png"))
    banner.find_element(By.CSS_SELECTOR, "[data-close-banner]").click()
    WebDriverWait(chromium, 5).until(
        EC.invisibility_of_element_located((By.ID, "banner"))
    )
    chromium.refresh()
    WebDriverWait(chromium, 5).until(EC.presence_of_element_located((By.ID, "banner")))
    assert not chromium.find_element(By.ID, "banner").is_displayed(), (
        "the banner must stay closed"
    )
    chromium.save_screenshot(str(artifacts / "seed-article-banner-closed.png"))
    # site.js replaced the comment box with the fetched block, under the page's
    # Content-Security-Policy, and the browser refused nothing on the page.
    WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[data-comments-inner] form"))
    )
    refused = [
        e["message"]
        for e in chromium.get_log("browser")
        if "Content Security Policy" in e["message"]
    ]
    assert not refused, refused


def test_pages_read_without_javascript(live_server, seed_url):
    """Server-rendered: the article's text is in the HTML itself, no script needed."""
    import urllib.request

    html = urllib.request.urlopen(live_server.url + seed_url).read().decode()
    assert "Phát biểu kết luận hội nghị" in html and "<noscript" not in html
