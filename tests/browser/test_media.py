"""Video in a real browser: a reporter uploads a 30-second clip (ffmpeg's testsrc and a
tone) in the admin, sent in pieces, watches it processed, adds Vietnamese captions; a
renamed PDF is refused with its reason; the managing editor chooses it for the evening's
story and publishes it; a reader on a phone plays it (time advances) with the captions
showing; the live TV page shows now/next from a schedule imported in the admin, plays,
and says so when the stream is down."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.conf import settings
from django.urls import include, path, re_path, reverse
from django.utils import timezone
from django.views.static import serve
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import log_in
from tests.staff import newsroom_user
from toasoan.articles.models import ArticlePage
from toasoan.channels.models import Channel
from toasoan.media import services
from toasoan.media.models import MediaItem
from toasoan.newsroom import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("toasoan.urls")),
]

CAPTIONS = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:20.000\nBản tin thời sự Thanh Hóa\n\n"
    "00:00:20.000 --> 00:00:30.000\nNông dân Nga Sơn thu hoạch cói\n"
)


def _submit(chromium):
    chromium.execute_script(
        "document.querySelector('#w-editor-form button[type=submit]').click()"
    )


def _body(d) -> str:
    return d.find_element(By.TAG_NAME, "body").text


def _play(chromium, url):
    """Open the page, check the player fits the phone, play it (muted, as a script may)
    until two seconds have passed."""
    chromium.get(url)
    video = chromium.find_element(By.CSS_SELECTOR, ".video-player video")
    width = chromium.execute_script(
        "return arguments[0].getBoundingClientRect().width", video
    )
    assert 350 <= width <= 390  # the column's width on a phone
    WebDriverWait(chromium, 20).until(
        lambda d: d.execute_script(
            "return !!arguments[0].getAttribute('src') || !!arguments[0].dataset.attached",
            video,
        )
    )
    chromium.execute_script("arguments[0].muted = true; arguments[0].play()", video)
    WebDriverWait(chromium, 30).until(
        lambda d: d.execute_script("return arguments[0].currentTime", video) > 2
    )
    return video


def test_a_clip_uploaded_in_the_admin_plays_on_a_phone_with_captions(
    chromium, live_server, make_article, artifacts, tmp_path, settings, monkeypatch
):
    settings.ROOT_URLCONF = __name__
    settings.TOASOAN_VIDEO_LADDER = "180:300,360:800"
    monkeypatch.setattr(services, "CHUNK_BYTES", 256 * 1024)  # several pieces
    clip = tmp_path / "ban-tin-30-giay.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=30",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=30",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-shortest", str(clip)],
        check=True,
    )  # fmt: skip
    fake = tmp_path / "khong-phai-video.mp4"
    fake.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    captions = tmp_path / "phu-de.vtt"
    captions.write_text(CAPTIONS)
    reporter = newsroom_user(roles.REPORTER, "pv-video")
    chromium.set_window_size(1280, 900)
    log_in(chromium, live_server, reporter)

    # A renamed PDF: refused by the uploader with its reason, nothing stored.
    chromium.get(live_server.url + reverse("media:add"))
    chromium.find_element(By.NAME, "title").send_keys("Không phải video")
    chromium.find_element(By.NAME, "file").send_keys(str(fake))
    _submit(chromium)
    WebDriverWait(chromium, 20).until(lambda d: "Tệp này là PDF" in _body(d))
    assert not MediaItem.objects.exists()

    # The clip, in pieces, then processed (the test's job backend runs it at once).
    chromium.get(live_server.url + reverse("media:add"))
    chromium.find_element(By.NAME, "title").send_keys("Bản tin thời sự tối 7/12")
    chromium.find_element(By.NAME, "file").send_keys(str(clip))
    _submit(chromium)
    WebDriverWait(chromium, 120).until(lambda d: "Sẵn sàng" in _body(d))
    item = MediaItem.objects.get()
    assert item.created_by == reporter and item.file_size == clip.stat().st_size
    assert [r["height"] for r in item.renditions] == [180, 360]
    chromium.find_element(
        By.CSS_SELECTOR, ".media-caption-form input[type=file]"
    ).send_keys(str(captions))
    chromium.execute_script(
        "document.querySelector('.media-caption-form button').click()"
    )
    WebDriverWait(chromium, 20).until(lambda d: "Đã thêm phụ đề" in _body(d))
    chromium.save_screenshot(str(artifacts / "video-admin-ready.png"))

    # The managing editor puts it in the evening's story (a draft) and publishes it.
    article = make_article(
        "Bản tin thời sự tối 7/12", live=False,
        sapo="Những tin chính trong ngày của Thanh Hóa.",
    )  # fmt: skip
    article.save_revision()
    chief = newsroom_user(roles.MANAGING_EDITOR, "tktt-video")
    log_in(chromium, live_server, chief)
    chromium.get(f"{live_server.url}/quan-tri/pages/{article.pk}/edit/")
    layout = WebDriverWait(chromium, 10).until(
        lambda d: d.find_element(By.NAME, "layout")
    )
    chromium.execute_script(
        "arguments[0].value = 'video';"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
        layout,
    )
    hidden = chromium.find_element(By.ID, "id_video")
    choose = hidden.find_element(
        By.XPATH,
        "./ancestor::*[contains(@class, 'chooser')][1]//button[@data-chooser-action-choose]",
    )
    chromium.execute_script("arguments[0].click()", choose)
    pick = WebDriverWait(chromium, 10).until(
        lambda d: d.find_element(
            By.XPATH,
            "//div[contains(@class,'modal')]//a[contains(., 'Bản tin thời sự tối')]",
        )
    )
    chromium.execute_script("arguments[0].click()", pick)
    WebDriverWait(chromium, 10).until(
        lambda d: hidden.get_attribute("value") == str(item.pk)
    )
    publish = chromium.find_element(By.CSS_SELECTOR, "button[name=action-publish]")
    chromium.execute_script("arguments[0].click()", publish)
    WebDriverWait(chromium, 20).until(
        lambda d: ArticlePage.objects.get(pk=article.pk).live
    )
    article = ArticlePage.objects.get(pk=article.pk)
    assert (article.video_id, article.layout) == (item.pk, "video")

    # The live TV channel (its stream: this clip's playlist, as an encoder's would be)
    # and the evening's schedule, imported in the admin from the station's CSV.
    channel = Channel.objects.create(
        kind=Channel.TV, name="Truyền hình Thanh Hóa", slug="thtv",
        stream_url=live_server.url + item.hls_url,
    )  # fmt: skip
    now = timezone.localtime()
    rows = [(now - dt.timedelta(minutes=10), "Thời sự tối"),
            (now + dt.timedelta(minutes=20), "Phim tài liệu: Đất và người xứ Thanh")]  # fmt: skip
    schedule = tmp_path / "lich.csv"
    schedule.write_text(
        "ngày,bắt đầu,tên\n"
        + "".join(f"{t:%d/%m/%Y},{t:%H:%M},{name}\n" for t, name in rows),
        encoding="utf-8-sig",
    )
    chromium.get(live_server.url + reverse("channels_import"))
    chromium.find_element(By.NAME, "file").send_keys(str(schedule))
    chromium.execute_script("document.querySelector('form[enctype] button').click()")
    WebDriverWait(chromium, 20).until(lambda d: "Đã nhập 2 chương trình" in _body(d))

    chromium.delete_all_cookies()
    hidden_hls = {}
    chromium.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        # This Chromium plays HLS itself (as Safari does); a browser that cannot (Firefox)
        # gets hls.js, emulated the second time by hiding the native support.
        for native in (True, False):
            if not native:
                hidden_hls["id"] = chromium.execute_cdp_cmd(
                    "Page.addScriptToEvaluateOnNewDocument",
                    {"source": "const f = HTMLMediaElement.prototype.canPlayType;"
                     "HTMLMediaElement.prototype.canPlayType = function (t) {"
                     " return /mpegurl/i.test(t) ? '' : f.call(this, t); };"},
                )["identifier"]  # fmt: skip
            video = _play(chromium, live_server.url + article.url)
            source = chromium.execute_script("return arguments[0].currentSrc", video)
            if native:
                assert source.endswith("/master.m3u8")
            else:  # hls.js feeds the <video> through Media Source
                assert source.startswith("blob:")
                assert chromium.execute_script("return !!window.Hls")
            shown = chromium.execute_script(
                "const t = arguments[0].textTracks[0];"
                "return [t.mode, t.language, t.activeCues ? [...t.activeCues].map(c => c.text) : []];",
                video,
            )
            assert shown[0] == "showing" and shown[1] == "vi"
            assert shown[2] == ["Bản tin thời sự Thanh Hóa"]
        chromium.execute_script("arguments[0].pause()", video)
        chromium.save_screenshot(str(artifacts / "video-phone-playing.png"))

        chromium.get(live_server.url + "/truyen-hinh-truc-tiep/")
        on_air = chromium.find_element(By.CSS_SELECTOR, ".on-air").text
        assert "Đang phát" in on_air and "Thời sự tối" in on_air
        assert "Tiếp theo" in on_air and "Đất và người xứ Thanh" in on_air
        live = chromium.find_element(By.CSS_SELECTOR, ".channel-player video")
        chromium.execute_script("arguments[0].muted = true; arguments[0].play()", live)
        WebDriverWait(chromium, 30).until(
            lambda d: d.execute_script("return arguments[0].currentTime", live) > 1
        )
        chromium.save_screenshot(str(artifacts / "video-phone-live-tv.png"))
        # The stream stops: the reader is told, not shown a broken player.
        Channel.objects.filter(pk=channel.pk).update(stream_up=False)
        chromium.get(
            live_server.url + "/truyen-hinh-truc-tiep/?ngay=" + f"{now:%Y-%m-%d}"
        )
        assert "tạm ngừng phát sóng" in _body(chromium)
        assert not chromium.find_elements(By.CSS_SELECTOR, ".channel-player video")
        refused = [
            e["message"] for e in chromium.get_log("browser")
            if "Content Security Policy" in e["message"]
        ]  # fmt: skip
        assert refused == []
    finally:
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        chromium.set_window_size(412, 915)  # the phone the other browser tests expect
        if hidden_hls:  # later tests' pages get the browser as it is
            chromium.execute_cdp_cmd(
                "Page.removeScriptToEvaluateOnNewDocument",
                {"identifier": hidden_hls["id"]},
            )
