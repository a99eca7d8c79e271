"""Podcasts in a real browser: an editor's renamed text file is refused in the admin
with its reason; the editor creates a show in the admin; three episodes (ffmpeg's sine
with Vietnamese titles and a transcript) imported into it and published; a listener on a phone plays one (time
advances), changes the speed, sees the transcript, taps a time in it, and comes back to
where they stopped."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import include, path, re_path, reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import log_in, ranged_serve
from tests.staff import newsroom_user
from toasoan.media.models import MediaItem
from toasoan.newsroom import roles
from toasoan.podcasts.models import Show

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

urlpatterns = [
    # Files under an address of their own: the test server's own /media/ handler
    # answers whole files only, and a browser cannot seek in audio without ranges.
    re_path(
        r"^tep/(?P<path>.*)$", ranged_serve, {"document_root": settings.MEDIA_ROOT}
    ),
    path("", include("toasoan.urls")),
]

TITLES = [
    "Tản văn: Mùa cói Nga Sơn",
    "Tản văn: Chiều trên sông Mã",
    "Tản văn: Gió Lào qua Như Xuân",
]
TRANSCRIPT = (
    "[00:00] Kính chào quý vị đến với Podcast Tản văn.\n"
    "[00:10] Mùa cói năm nay về sớm trên những cánh đồng ven biển.\n"
    "[00:20] Người đọc: Thu Hà."
)


def _body(d) -> str:
    return d.find_element(By.TAG_NAME, "body").text


def test_episodes_imported_and_played_on_a_phone(
    chromium, live_server, artifacts, tmp_path, settings, capsys
):
    settings.ROOT_URLCONF = __name__
    settings.MEDIA_URL = "/tep/"
    editor = newsroom_user(roles.EDITOR, "btv-podcast")
    chromium.set_window_size(1280, 900)
    log_in(chromium, live_server, editor)
    fake = tmp_path / "ghi-chu.mp3"
    fake.write_text("Đây là ghi chú, không phải âm thanh.\n" * 50, encoding="utf-8")
    chromium.get(live_server.url + reverse("media:add"))
    chromium.execute_script(
        "const k = document.querySelector('[name=kind]'); k.value = 'audio';"
        "k.dispatchEvent(new Event('change', {bubbles: true}))"
    )
    chromium.find_element(By.NAME, "title").send_keys("Không phải âm thanh")
    chromium.find_element(By.NAME, "file").send_keys(str(fake))
    chromium.execute_script(
        "document.querySelector('#w-editor-form button[type=submit]').click()"
    )
    try:
        WebDriverWait(chromium, 20).until(lambda d: "văn bản" in _body(d))
    finally:
        chromium.save_screenshot(str(artifacts / "podcast-refused.png"))
    chromium.save_screenshot(str(artifacts / "podcast-refused.png"))
    assert not MediaItem.objects.exists()

    # The editor creates the show (no cover yet: one is drawn until the paper's art).
    chromium.get(live_server.url + reverse("shows:add"))
    for name, value in (
        ("title", "Podcast Tản văn"), ("slug", "tan-van"),
        ("description", "Tản văn đọc mỗi tuần."), ("hosts", "Thu Hà"),
        ("owner_email", "podcast@baothanhhoa.vn"),
    ):  # fmt: skip
        field = chromium.find_element(By.CSS_SELECTOR, f"#w-editor-form [name={name}]")
        chromium.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
            field,
            value,
        )
    chromium.execute_script(
        "document.querySelector('#w-editor-form button[type=submit]').click()"
    )
    WebDriverWait(chromium, 20).until(
        lambda d: Show.objects.filter(slug="tan-van").exists()
    )
    assert Show.objects.get(slug="tan-van").generated_cover

    transcript = tmp_path / "loi.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    urls = []
    for n, title in enumerate(TITLES, start=1):
        tone = tmp_path / f"so-{n}.wav"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             f"sine=frequency={220 * n}:duration=30", "-af", "volume=-18dB", str(tone)],
            check=True,
        )  # fmt: skip
        call_command(
            "import_media", str(tone), "--show", "tan-van",
            "--title", title, "--transcript", str(transcript),
            "--publish", "--json",
        )  # fmt: skip
        urls.append(json.loads(capsys.readouterr().out.strip().splitlines()[-1])["url"])
    show = Show.objects.get(slug="tan-van")
    assert show.episodes.count() == 3 and show.generated_cover

    chromium.delete_all_cookies()
    chromium.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        chromium.get(live_server.url + show.get_absolute_url())
        listed = [
            a.text
            for a in chromium.find_elements(By.CSS_SELECTOR, ".podcast-episodes a")
        ]
        assert listed == TITLES[::-1]
        chromium.get(live_server.url + urls[0])
        audio = chromium.find_element(By.CSS_SELECTOR, "[data-podcast-player] audio")
        assert "Kính chào quý vị" in _body(chromium)
        speed = chromium.find_element(By.CSS_SELECTOR, "[data-speed]")
        chromium.execute_script(
            "arguments[0].value = '1.5'; arguments[0].dispatchEvent(new Event('change'))",
            speed,
        )
        # A tap on the transcript's first time starts it.
        first = chromium.find_element(By.CSS_SELECTOR, ".podcast-stamp[data-seek='0']")
        chromium.execute_script("arguments[0].click()", first)
        WebDriverWait(chromium, 20).until(
            lambda d: d.execute_script("return arguments[0].currentTime", audio) > 3
        )
        assert chromium.execute_script("return arguments[0].playbackRate", audio) == 1.5
        stamp = chromium.find_element(By.CSS_SELECTOR, ".podcast-stamp[data-seek='20']")
        chromium.execute_script("arguments[0].click()", stamp)
        WebDriverWait(chromium, 10).until(
            lambda d: d.execute_script("return arguments[0].currentTime", audio) >= 20
        )
        skip = chromium.find_element(By.CSS_SELECTOR, "[data-skip='-15']")
        chromium.execute_script("arguments[0].click()", skip)
        at = chromium.execute_script("return arguments[0].currentTime", audio)
        assert 4 <= at < 12
        chromium.execute_script("arguments[0].pause()", audio)
        chromium.execute_script("window.scrollTo(0, 0)")
        chromium.save_screenshot(str(artifacts / "podcast-phone-episode.png"))
        # Back later on the same phone: the position is offered back.
        chromium.execute_script(
            "arguments[0].currentTime = 17; arguments[0].dispatchEvent(new Event('timeupdate'))",
            audio,
        )
        chromium.get(live_server.url + urls[0])
        audio = chromium.find_element(By.CSS_SELECTOR, "[data-podcast-player] audio")
        WebDriverWait(chromium, 10).until(
            lambda d: d.execute_script("return arguments[0].currentTime", audio) >= 15
        )
    finally:
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        chromium.set_window_size(412, 915)  # the phone the other browser tests expect
