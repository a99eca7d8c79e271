"""The seed article's Địa phương block leads to a locality page that works, map included."""

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_seed_article_locality_links_to_a_page_with_history_and_map(
    chromium, live_server, paper, seed_text, artifacts
):
    from toasoan.ingest.services import article_import_text
    from toasoan.places.load import places_load, read_fixture

    places_load(read_fixture())
    article = article_import_text(
        text=seed_text, section=paper["sections"]["chinh-tri"], publish=True,
        published_at=timezone.make_aware(dt.datetime(2019, 9, 30, 17, 0)), check_spelling=False,
    ).article  # fmt: skip
    chromium.get(live_server.url + article.url)
    # The comment block arrives by fetch and pushes the sidebar down: wait for it first.
    WebDriverWait(chromium, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[data-comments-inner]"))
    )
    link = chromium.find_element(
        By.PARTIAL_LINK_TEXT, "Xem thêm khu vực TP Thanh Hóa cũ"
    )
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(chromium, 10).until(
        EC.url_contains("/dia-phuong/thanh-pho-thanh-hoa")
    )
    assert chromium.find_element(By.TAG_NAME, "h1").text.startswith(
        "Thành phố Thanh Hóa"
    )
    body = chromium.find_element(By.TAG_NAME, "body").text
    assert "Đơn vị này không còn." in body and "Nghị quyết 1686/NQ-UBTVQH15" in body
    assert "Hội nghị giao ban trực tuyến" in body
    figure = chromium.find_element(By.CSS_SELECTOR, ".locality-map")
    chromium.execute_script("arguments[0].scrollIntoView()", figure)
    # The static SVG loaded and the seven wards are drawn, in red.
    sizes = chromium.execute_script(
        "return [...document.querySelectorAll('.map-highlight')].map(u => u.getBBox().width)"
    )
    assert len(sizes) == 7 and all(w > 0 for w in sizes)
    assert (
        chromium.execute_script(
            "return getComputedStyle(document.querySelector('.map-highlight')).fill"
        )
        == "rgb(176, 23, 31)"
    )
    assert chromium.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    chromium.save_screenshot(str(artifacts / "locality-former-city.png"))
    chromium.get(live_server.url + "/dia-phuong/xa-ha-lan")
    body = chromium.find_element(By.TAG_NAME, "body").text
    assert "Xã Hà Lan (đến 01/12/2019)" in body and "Nay là: Phường Bỉm Sơn" in body
