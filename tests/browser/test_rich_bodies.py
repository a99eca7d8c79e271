"""A rich article on a 390-pixel phone: the table scrolls inside its box and never the
page, the gallery swipes and opens full screen at its own link, the video loads nothing
from its provider until the reader taps it."""

import base64
import uuid

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.articles.test_rich_bodies import block, gallery, photo, table

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def shot(chromium, path):
    height = chromium.execute_script("return document.documentElement.scrollHeight")
    data = chromium.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 390, "height": min(height, 6000), "scale": 1},
    })  # fmt: skip
    path.write_bytes(base64.b64decode(data["data"]))


def test_table_gallery_and_video_on_a_phone(
    chromium, live_server, make_article, artifacts
):
    from toasoan.articles.embeds import frame_url
    from toasoan.articles.models import EmbedSnapshot
    from toasoan.articles.pictures import make_renditions

    images = [photo(i) for i in range(4)]
    make_renditions(images)
    EmbedSnapshot.objects.create(
        url=VIDEO, provider="youtube", title="Lũ trên sông Mã", frame_url=frame_url(VIDEO),
        fetched_at=timezone.now(),
    )  # fmt: skip
    wide = [["Xã, phường", "Số hộ bị ngập", "Diện tích lúa hư hại (ha)", "Ghi chú của "
             "ban chỉ huy phòng chống thiên tai"]] + [
        [f"Xã số {n}", f"{n * 1234:,}".replace(",", "."), f"{n * 12.5:.1f}".replace(".", ","),
         "Đã sơ tán người dân khỏi vùng trũng thấp"] for n in range(1, 11)
    ]  # fmt: skip
    article = make_article(
        title="Lũ trên sông Mã: thiệt hại ở các xã",
        body=[
            block("paragraph", "<ol><li>Sơ tán</li><li>Cứu trợ</li></ol>"),
            table(wide),
            gallery(images),
            {"type": "embed", "value": {"url": VIDEO, "caption": "Video lũ"},
             "id": str(uuid.uuid4())},
        ],
    )  # fmt: skip
    chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})  # fmt: skip
    chromium.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5}
    )
    try:
        chromium.get(live_server.url + article.url)
        page_width = chromium.execute_script(
            "return document.documentElement.scrollWidth"
        )
        assert page_width <= 390  # nothing makes the page itself scroll sideways
        box = chromium.find_element(By.CSS_SELECTOR, ".table-scroll")
        assert chromium.execute_script(
            "return arguments[0].scrollWidth > arguments[0].clientWidth + 50", box
        )
        chromium.execute_script("arguments[0].scrollLeft = 200", box)
        assert chromium.execute_script("return arguments[0].scrollLeft", box) > 0

        # Before any tap, every resource the page loaded is the paper's own.
        loaded = chromium.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert loaded and all(u.startswith(live_server.url) for u in loaded), loaded
        assert not chromium.find_elements(By.TAG_NAME, "iframe")

        # A swipe on the gallery (a real touch gesture) moves it by a photo.
        track = chromium.find_element(By.CSS_SELECTOR, ".gallery-track")
        chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", track)
        rect = chromium.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]",
            track,
        )
        x, y = int(rect[0] + rect[2] * 0.8), int(rect[1] + rect[3] / 2)
        touch = "Input.dispatchTouchEvent"
        chromium.execute_cdp_cmd(
            touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
        )
        for step in range(1, 11):
            chromium.execute_cdp_cmd(touch, {"type": "touchMove",
                                             "touchPoints": [{"x": x - 25 * step, "y": y}]})  # fmt: skip
        chromium.execute_cdp_cmd(touch, {"type": "touchEnd", "touchPoints": []})
        WebDriverWait(chromium, 5).until(
            lambda d: d.execute_script("return arguments[0].scrollLeft", track) > 100
        )
        shot(chromium, artifacts / "rich-article-phone.png")

        # The full-screen viewer, at each photo's own link.
        chromium.execute_script("arguments[0].scrollLeft = 0", track)
        chromium.find_elements(By.CSS_SELECTOR, ".gallery-open")[0].click()
        viewer = chromium.find_element(By.CSS_SELECTOR, "dialog.viewer")
        assert viewer.get_attribute("open") is not None
        count = viewer.find_element(By.CSS_SELECTOR, ".viewer-count")
        assert count.text == "1/4"
        viewer.send_keys(Keys.ARROW_RIGHT)
        assert count.text == "2/4"
        assert "Chú thích ảnh 2" in viewer.text
        hash_ = chromium.execute_script("return location.hash")
        assert hash_.startswith("#anh-") and hash_.endswith("-2")
        assert chromium.find_element(By.CSS_SELECTOR, hash_).tag_name == "li"
        viewer.find_element(By.CSS_SELECTOR, "[data-close]").click()
        assert viewer.get_attribute("open") is None

        # The tap puts the provider's player in place of the poster.
        poster = chromium.find_element(By.CSS_SELECTOR, ".embed-poster")
        chromium.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", poster
        )
        poster.click()
        frame = chromium.find_element(By.CSS_SELECTOR, ".embed-frame iframe")
        assert frame.get_attribute("src").startswith(
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
        )
        refused = [
            e["message"] for e in chromium.get_log("browser")
            if "Content Security Policy" in e["message"]
        ]  # fmt: skip
        assert refused == []
    finally:
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        chromium.execute_cdp_cmd(
            "Emulation.setTouchEmulationEnabled", {"enabled": False}
        )
