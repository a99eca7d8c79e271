"""The print edition in a real browser: the managing editor uploads the day's 12-page
PDF in the admin (an encrypted one is refused with its reason), publishes it; a reader
on a phone swipes to page 3, taps a story and lands on its web article."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import include, path, re_path, reverse
from django.utils import timezone
from django.views.static import serve
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import log_in
from tests.editions.test_editions import PRINT_ONLY, WEB
from tests.staff import newsroom_user
from toasoan.editions.models import Edition
from toasoan.editions.sample import Story, make_edition
from toasoan.newsroom import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The test server serves uploaded files as nginx does in production.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("toasoan.urls")),
]


def _twelve_pages() -> list[list[Story]]:
    """The web's stories on pages 1 to 3 (the Deputy PM's visit on page 3), print-only
    stories on the others."""
    web = [Story(t, f"{s}\n{b}", wide=False) for t, s, b in WEB]
    pages = [
        [Story(PRINT_ONLY[0], PRINT_ONLY[1], wide=True), web[0]],
        [web[1]],
        [web[2]],
    ]
    for n in range(4, 13):
        pages.append(
            [
                Story(
                    f"Trang {n}: tin vắn các địa phương trong tỉnh",
                    "Các xã miền núi chuẩn bị vật tư cho vụ đông xuân, nhiều hợp tác xã "
                    "ký hợp đồng bao tiêu nông sản với doanh nghiệp trong và ngoài tỉnh.",
                    wide=True,
                )
            ]
        )
    return pages


def _upload(chromium, live_server, pdf_path, day: str):
    chromium.get(live_server.url + reverse("editions:add"))
    date = chromium.find_element(By.NAME, "date")
    date.clear()
    date.send_keys(day)
    chromium.find_element(By.NAME, "pdf").send_keys(str(pdf_path))
    chromium.execute_script(
        "document.querySelector('#w-editor-form button[type=submit]').click()"
    )


def _swipe_left(chromium, x0, x1, y):
    for kind, x in (("touchStart", x0), ("touchMove", (x0 + x1) / 2), ("touchEnd", x1)):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        chromium.execute_cdp_cmd(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
        )
        time.sleep(0.05)


def test_an_edition_uploaded_in_the_admin_is_read_on_a_phone(
    chromium, live_server, make_article, artifacts, tmp_path, settings
):
    settings.ROOT_URLCONF = __name__
    articles = []
    for title, sapo, body in WEB:
        articles.append(
            make_article(
                title=title,
                sapo=sapo,
                body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
            )
        )
    day = timezone.localdate()
    good = tmp_path / "bao-in-12-trang.pdf"
    good.write_bytes(make_edition(_twelve_pages(), day=day))
    locked = tmp_path / "bao-in-khoa.pdf"
    locked.write_bytes(make_edition(_twelve_pages()[:1], day=day, encrypt="mat-khau"))
    chief = newsroom_user(roles.MANAGING_EDITOR, "tktt-bao-in")
    chromium.set_window_size(1280, 900)
    log_in(chromium, live_server, chief)

    _upload(chromium, live_server, locked, day.strftime("%d/%m/%Y"))
    WebDriverWait(chromium, 20).until(
        lambda d: "có mật khẩu" in d.find_element(By.TAG_NAME, "body").text
    )
    chromium.save_screenshot(str(artifacts / "edition-refused.png"))
    assert not Edition.objects.exists()

    _upload(chromium, live_server, good, day.strftime("%d/%m/%Y"))
    WebDriverWait(chromium, 90).until(
        lambda d: "Đăng số báo này" in d.find_element(By.TAG_NAME, "body").text
    )
    edition = Edition.objects.get()
    assert (edition.date, edition.page_count) == (day, 12)
    chromium.find_element(By.LINK_TEXT, "Xem trang và bài, sửa bài khớp").click()
    WebDriverWait(chromium, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#trang-12 img")
    )
    assert (
        chromium.execute_script(
            "return [...document.images].filter(i => i.complete && i.naturalWidth).length"
        )
        >= 12
    )  # every page's picture came
    chromium.save_screenshot(str(artifacts / "edition-admin-pages.png"))
    chromium.get(live_server.url + reverse("editions:edit", args=[edition.pk]))
    chromium.execute_script(
        "[...document.querySelectorAll('button')]"
        ".find(b => b.textContent.includes('Đăng số báo này')).click()"
    )
    WebDriverWait(chromium, 20).until(
        lambda d: "Gỡ khỏi trang Báo in" in d.find_element(By.TAG_NAME, "body").text
    )

    # A reader on a phone.
    chromium.delete_all_cookies()
    chromium.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    chromium.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 2}
    )
    try:
        chromium.get(f"{live_server.url}/bao-in/")
        chromium.find_element(By.CSS_SELECTOR, ".print-latest-link").click()
        WebDriverWait(chromium, 10).until(lambda d: d.current_url.endswith("/trang-1"))
        for page in (2, 3):
            sheet = chromium.find_element(By.CSS_SELECTOR, "[data-print-sheet]")
            chromium.execute_script("arguments[0].scrollIntoView()", sheet)
            box = chromium.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return [r.left, r.width, Math.max(r.top, 0) + 120];",
                sheet,
            )
            _swipe_left(chromium, box[0] + box[1] * 0.8, box[0] + box[1] * 0.2, box[2])
            WebDriverWait(chromium, 10).until(
                lambda d, p=page: d.current_url.endswith(f"/trang-{p}")
            )
        image = chromium.find_element(By.CSS_SELECTOR, ".print-image")
        WebDriverWait(chromium, 10).until(
            lambda d: d.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", image
            )
        )
        chromium.save_screenshot(str(artifacts / "edition-phone-page3.png"))
        refused = [
            entry["message"]
            for entry in chromium.get_log("browser")
            if "Content Security Policy" in entry["message"]
        ]
        assert refused == []  # the regions are SVG attributes, not inline styles
        region = chromium.find_element(By.CSS_SELECTOR, ".print-region[aria-label]")
        assert region.get_attribute("aria-label") == WEB[2][0]
        chromium.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", region
        )
        x, y = chromium.execute_script(
            "const r = arguments[0].querySelector('rect').getBoundingClientRect();"
            "return [r.left + r.width / 2, r.top + r.height / 2];",
            region,
        )
        for kind in ("touchStart", "touchEnd"):  # a tap
            points = [{"x": x, "y": y}] if kind == "touchStart" else []
            chromium.execute_cdp_cmd(
                "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
            )
        WebDriverWait(chromium, 10).until(
            lambda d: d.current_url.endswith(articles[2].url)
        )
        assert chromium.find_element(By.TAG_NAME, "h1").text == WEB[2][0]
    finally:
        chromium.execute_cdp_cmd(
            "Emulation.setTouchEmulationEnabled", {"enabled": False}
        )
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
