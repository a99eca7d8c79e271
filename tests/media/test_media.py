"""Videos: clips made here by ffmpeg's test sources, probed, refused with their reason
(crafted files included), made into HLS renditions by the job, never half-made,
uploaded in pieces, captioned, and played in articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.staff import newsroom_user
from toasoan.media import captions, ffmpeg, services, tasks, video
from toasoan.media.models import MediaCaption, MediaItem, MediaUpload
from toasoan.newsroom import roles

LADDER = "180:300,360:800"

SRT = (
    "1\n00:00:00,200 --> 00:00:01,500\nBản tin thời sự Thanh Hóa\n\n"
    "2\n00:00:01,600 --> 00:00:02,900\nNông dân Nga Sơn thu hoạch cói\n"
).encode()


@pytest.fixture(autouse=True)
def _ladder(settings):
    settings.TOASOAN_VIDEO_LADDER = LADDER


def _item(path: Path, **fields) -> MediaItem:
    item = MediaItem(title=fields.pop("title", "Bản tin tối"), **fields)
    with open(path, "rb") as fh:
        item.file.save(path.name, File(fh), save=False)
    item.save()
    return item


def _processed(path: Path, **fields) -> MediaItem:
    item = _item(path, **fields)
    run = services.media_run(item=item)
    tasks.process_media(item.pk, run)
    item.refresh_from_db()
    return item


# --- reading and refusing ------------------------------------------------------------


def test_probe_reads_a_clip(clips):
    found = ffmpeg.probe(str(clips["h264"]))
    assert (found.width, found.height, found.video_codec, found.audio_codec) == (
        640, 360, "h264", "aac",
    )  # fmt: skip
    assert 2.9 < found.duration < 3.2


@pytest.mark.parametrize(
    "name, says",
    [
        ("pdf", "PDF"),
        ("empty", "0 byte"),
        ("hls", "danh sách phát"),
        ("concat", "danh sách ghép"),
        ("no_moov", "moov"),
    ],
)
def test_what_is_not_a_video_is_refused_with_its_reason(clips, name, says):
    with pytest.raises(ffmpeg.Refused, match=says):
        ffmpeg.probe(str(clips[name]))


def test_sound_alone_is_not_a_video(clips):
    with pytest.raises(Exception, match="chỉ có tiếng"):
        services.check_path(str(clips["audio"]))


def test_ffmpeg_never_follows_a_playlist_to_local_files(clips, tmp_path):
    """Past the first-bytes check (a byte-order mark, spaces...), the container list
    still refuses a playlist: /etc/passwd is never read."""
    sneaky = tmp_path / "sneaky.mp4"
    sneaky.write_bytes(b"\n\n" + clips["hls"].read_bytes())
    with pytest.raises(RuntimeError) as caught:
        ffmpeg.run(
            ["ffmpeg", "-v", "error", *ffmpeg.SAFE_INPUT, "-i", f"file:{sneaky}",
             "-f", "null", "-"],
            timeout=30, output_mb=1,
        )  # fmt: skip
    assert "root:" not in str(caught.value)
    # Even named outright, the playlist and concat readers are not on the list.
    for fmt, name in (("hls", "hls"), ("concat", "concat")):
        with pytest.raises(RuntimeError, match="not on whitelist"):
            ffmpeg.run(
                ["ffmpeg", "-v", "error", *ffmpeg.SAFE_INPUT, "-f", fmt,
                 "-i", f"file:{clips[name]}", "-f", "null", "-"],
                timeout=30, output_mb=1,
            )  # fmt: skip


def test_ffmpeg_runs_under_a_time_limit(clips):
    with pytest.raises(RuntimeError, match="killed"):
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
             "testsrc=duration=30", "-f", "null", "-"],
            timeout=0.5, output_mb=1,
        )  # fmt: skip


def test_ffmpeg_runs_under_a_memory_limit(settings, clips):
    """A decoder asked for more than the limit fails instead of taking the machine."""
    settings.TOASOAN_FFMPEG_MEMORY_MB = 40
    with pytest.raises(RuntimeError):
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
             "testsrc2=size=7680x4320:duration=1", "-c:v", "libx264", "-f", "null", "-"],
            timeout=60, output_mb=1,
        )  # fmt: skip
    settings.TOASOAN_FFMPEG_MEMORY_MB = 4096
    ffmpeg.run(
        ["ffprobe", "-v", "error", f"file:{clips['h264']}"], timeout=60, output_mb=1
    )


def test_ffmpeg_output_is_capped(tmp_path):
    with pytest.raises(RuntimeError):
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=20",
             "-c:v", "rawvideo", "-f", "rawvideo", str(tmp_path / "big.raw")],
            timeout=60, output_mb=2,
        )  # fmt: skip
    assert (tmp_path / "big.raw").stat().st_size <= 2 * 1024 * 1024


def test_upload_size_and_kind_are_checked_before_anything_is_stored(settings):
    settings.TOASOAN_MEDIA_MAX_MB = 1
    with pytest.raises(Exception, match="quá lớn"):
        services.check_size(2 * 1024 * 1024, "a.mp4")
    with pytest.raises(Exception, match="không phải video"):
        services.check_size(100, "bai-viet.docx")


# --- the ladder ----------------------------------------------------------------------


def test_ladder_never_upscales_and_copies_what_it_can():
    found = ffmpeg.Probe(duration=3, size=1, container="mov", width=640, height=360,
                         video_codec="h264", pix_fmt="yuv420p", audio_codec="aac")  # fmt: skip
    rungs = video.rungs_for(found, "360:800,720:2500,1080:5000")
    assert [r.height for r in rungs] == [360]
    assert video.can_copy(found, rungs[0])
    small = ffmpeg.Probe(duration=3, size=1, container="avi", width=320, height=240,
                         video_codec="mpeg4", pix_fmt="yuv420p")  # fmt: skip
    rungs = video.rungs_for(small, "360:800,720:2500")
    assert [r.height for r in rungs] == [240]
    assert not video.can_copy(small, rungs[0])


# --- the job -------------------------------------------------------------------------


@pytest.mark.django_db
def test_job_makes_hls_mp4_and_thumbnails(clips):
    item = _processed(clips["h264"])
    assert item.status == MediaItem.READY and item.ready
    assert [r["height"] for r in item.renditions] == [180, 360]
    by_height = {r["height"]: r for r in item.renditions}
    assert by_height[360]["copied"] and not by_height[180]["copied"]
    master = default_storage.open(f"{item.folder}/master.m3u8").read().decode()
    assert "RESOLUTION=320x180" in master and "RESOLUTION=640x360" in master
    assert 'CODECS="avc1.' in master and "mp4a.40.2" in master
    for height in (180, 360):
        playlist = default_storage.open(f"{item.folder}/v{height}/index.m3u8").read()
        assert b'#EXT-X-MAP:URI="init.mp4"' in playlist
        assert b"#EXT-X-ENDLIST" in playlist
    # The MP4 plays in full (the tallest rung up to 720p), index first.
    mp4 = default_storage.path(f"{item.folder}/video.mp4")
    assert 2.9 < ffmpeg.probe(mp4).duration < 3.2
    head = Path(mp4).read_bytes()[:200]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head
    assert len(item.thumbnails) == video.THUMBNAILS
    assert item.poster_url.endswith(".jpg") and (item.width, item.height) == (640, 360)


@pytest.mark.django_db
def test_job_encodes_other_codecs(clips):
    item = _processed(clips["avi"])
    assert item.status == MediaItem.READY
    # 240 lines: the 180p rung only (the 360p one would be upscaled), encoded.
    assert [(r["height"], r["copied"]) for r in item.renditions] == [(180, False)]
    assert item.renditions[0]["mp4"]


@pytest.mark.django_db
def test_processing_again_is_idempotent_per_run(clips):
    item = _item(clips["h264"])
    run = services.media_run(item=item)
    tasks.process_media(item.pk, run)
    item.refresh_from_db()
    folder = item.folder
    assert tasks.process_media(item.pk, run) == "đã xử lý xong lần này"
    item.refresh_from_db()
    assert item.folder == folder


@pytest.mark.django_db
def test_a_superseded_run_gives_way(clips):
    item = _item(clips["h264"])
    old = services.media_run(item=item)
    services.media_run(item=item)  # a newer upload or "Xử lý lại"
    assert tasks.process_media(item.pk, old) == "đã có lần xử lý mới hơn"
    item.refresh_from_db()
    assert item.folder == "" and not default_storage.exists(tasks.run_folder(item, old))


@pytest.mark.django_db
def test_a_killed_run_leaves_nothing_readers_get(clips):
    """A worker killed mid-transcode left a half folder: no row names it, and the next
    attempt deletes it before starting again."""
    item = _item(clips["h264"])
    run = services.media_run(item=item)
    half = f"{tasks.run_folder(item, run)}/v360/seg0000.m4s"
    default_storage.save(half, File(open(clips["h264"], "rb")))
    stray = default_storage.save(
        f"video/{item.pk}-deadbeefdeadbeef/x.m4s", File(open(clips["h264"], "rb"))
    )
    item.refresh_from_db()
    assert item.folder == "" and not item.ready
    tasks.process_media(item.pk, run)
    item.refresh_from_db()
    assert item.ready and not default_storage.exists(stray)
    assert default_storage.size(half) != clips["h264"].stat().st_size


@pytest.mark.django_db
def test_readers_keep_the_last_good_renditions_while_a_new_run_fails(clips):
    item = _processed(clips["h264"])
    good = item.folder
    item.file.save("new.mp4", File(open(clips["truncated"], "rb")))
    run = services.media_run(item=item)
    tasks.process_media(item.pk, run)
    item.refresh_from_db()
    assert item.status == MediaItem.FAILED and "hỏng" in item.message
    assert item.folder == good and default_storage.exists(f"{good}/master.m3u8")


@pytest.mark.django_db
def test_a_truncated_upload_is_refused_and_not_kept(clips):
    item = _processed(clips["truncated"])
    assert item.status == MediaItem.FAILED
    assert "hỏng hoặc chưa trọn vẹn" in item.message
    assert not item.file and not item.ready
    assert not default_storage.exists(tasks.run_folder(item, item.run))


# --- uploads in pieces ---------------------------------------------------------------


@pytest.fixture
def reporter(paper):
    return newsroom_user(roles.REPORTER, "pv-video")


def _send(client, path: Path, chunk: int = 64 * 1024) -> str:
    start = client.post(
        reverse("media_upload_start"),
        data=json.dumps({"name": path.name, "size": path.stat().st_size}),
        content_type="application/json",
    )
    assert start.status_code == 200, start.content
    token = start.json()["token"]
    data = path.read_bytes()
    url = reverse("media_upload_piece", args=[token])
    for offset in range(0, len(data), chunk):
        answer = client.post(
            url, data=data[offset : offset + chunk],
            content_type="application/octet-stream", HTTP_X_UPLOAD_OFFSET=str(offset),
        )  # fmt: skip
        if answer.status_code != 200:
            return answer
    return token


@pytest.mark.django_db
def test_upload_in_pieces_resumes_and_refuses_gaps(client, reporter, clips):
    client.force_login(reporter)
    path = clips["h264"]
    data = path.read_bytes()
    start = client.post(
        reverse("media_upload_start"),
        data=json.dumps({"name": path.name, "size": len(data)}),
        content_type="application/json",
    ).json()
    url = reverse("media_upload_piece", args=[start["token"]])
    half = len(data) // 2

    def send(offset, piece):
        return client.post(url, data=piece, content_type="application/octet-stream",
                           HTTP_X_UPLOAD_OFFSET=str(offset))  # fmt: skip

    assert send(0, data[:half]).json()["received"] == half
    assert send(0, data[:half]).json()["received"] == half  # sent twice: no harm
    gap = send(half + 10, data[half + 10 :])
    assert gap.status_code == 409 and gap.json()["received"] == half
    assert "lệch vị trí" in gap.json()["error"]
    assert client.get(url).json() == {
        "received": half,
        "size": len(data),
        "done": False,
    }
    done = send(half, data[half:]).json()
    assert done["done"] and done["received"] == len(data)
    upload = MediaUpload.objects.get(token=start["token"])
    assert upload.part_path.read_bytes() == data


@pytest.mark.django_db
def test_a_refused_upload_in_pieces_is_deleted(client, reporter, clips):
    client.force_login(reporter)
    partial = Path(default_storage.location) / "uploads" / "partial"
    before = set(partial.glob("*"))
    answer = _send(client, clips["pdf"])
    assert answer.status_code == 400 and "PDF" in answer.json()["error"]
    assert not MediaUpload.objects.exists()
    assert set(partial.glob("*")) == before


@pytest.mark.django_db
def test_someone_elses_upload_cannot_be_continued(client, reporter, clips):
    other = newsroom_user(roles.REPORTER, "pv-khac")
    upload = services.upload_start(user=other, name="a.mp4", size=10)
    client.force_login(reporter)
    answer = client.get(reverse("media_upload_piece", args=[upload.token]))
    assert answer.status_code == 404


@pytest.mark.django_db
def test_reporter_uploads_in_pieces_and_the_form_takes_the_token(
    client, reporter, clips, django_capture_on_commit_callbacks
):
    client.force_login(reporter)
    token = _send(client, clips["h264"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("media:add"),
            {"title": "Bản tin 18 giờ", "upload_token": token, "description": "",
             "credit": "Quay: Lê Hợi", "tags": "", "poster_choice": "2", "kind": "video"},
        )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    item = MediaItem.objects.get()
    assert item.created_by == reporter and item.original_name == "ban-tin.mp4"
    assert item.file.name.startswith("uploads/media/")
    assert item.status == MediaItem.READY  # the job ran (immediate backend)
    page = client.get(reverse("media:edit", args=[item.pk])).content.decode()
    assert "Sẵn sàng" in page and "đóng gói" in page and "Dùng khung này" in page


@pytest.mark.django_db
def test_a_renamed_pdf_sent_whole_is_refused_in_the_form(client, reporter, clips):
    client.force_login(reporter)
    answer = client.post(
        reverse("media:add"),
        {"title": "Không phải video", "file": SimpleUploadedFile("a.mp4", clips["pdf"].read_bytes()),
         "poster_choice": "2", "kind": "video"},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "Tệp này là PDF" in answer.content.decode()
    assert not MediaItem.objects.exists()


@pytest.mark.django_db
def test_comment_moderators_see_no_videos(client, paper):
    client.force_login(newsroom_user(roles.COMMENT_MODERATOR, "kd-video"))
    assert client.get(reverse("media:index")).status_code in (302, 403)
    answer = client.post(
        reverse("media_upload_start"), data="{}", content_type="application/json"
    )
    assert answer.status_code in (302, 403)


# --- captions and poster -------------------------------------------------------------


@pytest.mark.django_db
def test_srt_captions_become_webvtt(clips):
    item = _processed(clips["h264"])
    caption = services.caption_set(item=item, language="vi", label="", data=SRT)
    stored = default_storage.open(caption.path).read().decode()
    assert stored.startswith("WEBVTT") and "00:00:00.200 --> 00:00:01.500" in stored
    assert "Nông dân Nga Sơn" in caption.text and caption.cues == 2
    again = services.caption_set(item=item, language="vi", label="Phụ đề", data=SRT)
    assert MediaCaption.objects.count() == 1 and again.path != caption.path


@pytest.mark.parametrize(
    "data, says",
    [
        (b"", "rỗng"),
        (b"xin chao", "không có mốc thời gian"),
        ("1\n00:00:01,000 --> 00:00:02,000\nxin chào\n".encode("utf-16-be"), "UTF-8"),
    ],
)
def test_bad_captions_are_refused_with_their_reason(data, says):
    with pytest.raises(captions.Refused, match=says):
        captions.read(data)


@pytest.mark.django_db
def test_captions_and_poster_in_the_admin(client, reporter, clips):
    item = _processed(clips["h264"])
    client.force_login(reporter)
    client.post(
        reverse("media_caption_add", args=[item.pk]),
        {"language": "vi", "label": "", "file": SimpleUploadedFile("p.srt", SRT)},
    )
    assert item.captions.get().cues == 2
    answer = client.post(
        reverse("media_caption_add", args=[item.pk]),
        {"language": "en", "label": "", "file": SimpleUploadedFile("p.srt", b"oops")},
        follow=True,
    )
    assert "không có mốc thời gian" in answer.content.decode()
    client.post(reverse("media_poster", args=[item.pk]), {"index": "5"})
    item.refresh_from_db()
    assert item.poster_choice == 5 and item.poster_url.endswith("thumb-5.jpg")


# --- readers -------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_plays_its_video_once_ready(client, make_article, clips):
    item = _processed(clips["h264"], title="Bản tin thời sự")
    services.caption_set(item=item, language="vi", label="", data=SRT)
    article = make_article(
        "Xem bản tin thời sự tối nay",
        layout="video",
        video=item,
        body=[{"type": "video", "value": {"video": item.pk, "caption": "Toàn cảnh"}}],
    )
    page = client.get(article.url).content.decode()
    assert page.count("<video") == 2
    assert f'data-hls="{item.hls_url}"' in page
    assert f'<source src="{item.mp4_url}" type="video/mp4">' in page
    assert 'kind="captions"' in page and 'srclang="vi"' in page
    assert "media/player.js" in page and "autoplay" not in page
    assert '"@type":"VideoObject"' in page and '"duration":"PT0M3S"' in page
    assert 'property="og:video:type" content="video/mp4"' in page


@pytest.mark.django_db
def test_a_video_not_ready_shows_nothing_to_readers(client, make_article, clips):
    item = _item(clips["h264"], title="Chưa xử lý")
    article = make_article("Bài có video chưa xong", video=item)
    page = client.get(article.url).content.decode()
    assert "<video" not in page and "VideoObject" not in page


@pytest.mark.django_db
def test_video_sitemap(client, make_article, clips):
    item = _processed(clips["h264"], title="Bản tin", description="Tin trong ngày")
    article = make_article("Bản tin tối 7/12", layout="video", video=item)
    make_article("Bài không có video")
    xml = client.get("/sitemap-video.xml").content.decode()
    assert xml.count("<video:video>") == 1
    assert f"-{article.pk}.htm</loc>" in xml
    assert "<video:duration>3</video:duration>" in xml
    assert "video.mp4</video:content_loc>" in xml
    assert "/sitemap-video.xml" in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_search_finds_a_video_by_what_its_captions_say(client, make_article, clips):
    from toasoan.search.services import search_articles

    item = _processed(clips["h264"], title="Bản tin")
    article = make_article("Bản tin tối", layout="video", video=item)
    services.caption_set(item=item, language="vi", label="", data=SRT)
    # The caption's words arrive after commit (a signal): sent here by hand.
    from toasoan.media.signals import media_changed

    media_changed.send(sender=MediaItem, media_id=item.pk, text=True)
    found = search_articles(text="thu hoạch cói")
    assert article.pk in [hit.article.pk for hit in found.hits]


# --- the command ---------------------------------------------------------------------


@pytest.mark.django_db
def test_import_media_publishes_a_video_story(paper, clips, tmp_path, capsys):
    srt = tmp_path / "phu-de.srt"
    srt.write_bytes(SRT)
    call_command(
        "import_media", str(clips["h264"]), "--title", "Bản tin Thanh Hóa 7/12",
        "--section", "thoi-su", "--captions", str(srt), "--publish", "--json",
    )  # fmt: skip
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "ready" and answer["url"].endswith(".htm")
    from toasoan.articles.models import ArticlePage

    article = ArticlePage.objects.get(video_id=answer["media_id"])
    assert article.live and article.layout == "video"
    assert article.video.captions.get().language == "vi"


@pytest.mark.django_db
def test_import_media_refuses_with_the_reason(paper, clips, capsys):
    with pytest.raises(CommandError, match="PDF"):
        call_command("import_media", str(clips["pdf"]), "--title", "x", "--json")
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "failed" and "PDF" in answer["message"]
    with pytest.raises(CommandError, match="hỏng"):
        call_command("import_media", str(clips["truncated"]), "--title", "x", "--wait")
    assert not MediaItem.objects.exists()


@pytest.mark.django_db
def test_import_media_queues_without_wait(
    paper, clips, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        call_command("import_media", str(clips["h264"]), "--title", "Chờ", "--json")
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "queued" and "/quan-tri/video/" in answer["url"]


# --- what the review found ------------------------------------------------------------


def test_a_caller_that_gives_up_stops_ffmpeg_at_once():
    """A newer run (the progress callback raising) must not leave ffmpeg blocked on a
    pipe nobody reads, holding the worker."""
    import time

    class GiveUp(Exception):
        pass

    def progress(seconds):
        raise GiveUp

    started = time.monotonic()
    with pytest.raises(GiveUp):
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc=duration=60",
             "-f", "null", "-progress", "pipe:1", "-"],
            timeout=120, output_mb=1, progress=progress,
        )  # fmt: skip
    assert time.monotonic() - started < 10


@pytest.mark.django_db
def test_lost_pieces_start_the_upload_again(client, reporter, clips):
    client.force_login(reporter)
    data = clips["h264"].read_bytes()
    upload = services.upload_start(user=reporter, name="a.mp4", size=len(data))
    services.upload_append(upload=upload, offset=0, data=data[:1000])
    upload.part_path.unlink()  # another app machine's disk, or lost
    with pytest.raises(Exception, match="gửi lại từ đầu"):
        services.upload_append(upload=upload, offset=1000, data=data[1000:2000])
    upload.refresh_from_db()
    assert upload.received == 0
    done = services.upload_append(upload=upload, offset=0, data=data[:1000])
    assert done.received == 1000 and upload.part_path.read_bytes() == data[:1000]


@pytest.mark.django_db
def test_abandoned_uploads_are_swept(reporter):
    import datetime as dt

    from django.utils import timezone

    old = services.upload_start(user=reporter, name="a.mp4", size=10)
    services.upload_append(upload=old, offset=0, data=b"01234")
    MediaUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    fresh = services.upload_start(user=reporter, name="b.mp4", size=10)
    assert services.uploads_sweep() == 1
    assert not old.part_path.exists()
    assert list(MediaUpload.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_a_video_finishing_purges_the_lists_that_show_its_card(
    make_article, clips, django_capture_on_commit_callbacks, monkeypatch
):
    from toasoan.serving import keys

    purged = []
    monkeypatch.setattr(
        "toasoan.articles.receivers.purge", lambda k, **kw: purged.extend(k)
    )
    item = _item(clips["h264"])
    article = make_article("Bản tin chưa xử lý xong", layout="video", video=item)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.process_media(item.pk, services.media_run(item=item))
    assert keys.page(article.pk) in purged


@pytest.mark.django_db
def test_each_chooser_lists_its_own_kind(client, clips):
    """The video chooser (video blocks, lead video) lists videos; the audio chooser
    (narration, audio blocks, episodes) lists sound."""
    _item(clips["h264"], title="Bản tin hình", kind="video")
    _item(clips["h264"], title="Bản tin tiếng", kind="audio")
    client.force_login(newsroom_user(roles.EDITOR, "chon"))
    video_page = client.get("/quan-tri/chon-video/").json()["html"]
    audio_page = client.get("/quan-tri/chon-am-thanh/").json()["html"]
    assert "Bản tin hình" in video_page and "Bản tin tiếng" not in video_page
    assert "Bản tin tiếng" in audio_page and "Bản tin hình" not in audio_page
