"""The demo paper's video and live channels: a short bulletin (ffmpeg's test picture and
a tone, with Vietnamese captions) processed as the newsroom's uploads are, published as
a Video story in the "Video" section; the TV and radio channels with today's schedule,
whose "Thời sự" links to that bulletin. The demo has no station's encoder: its channels
say honestly that they are not on air."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from toasoan.articles.models import ArticlePage, HomePage, SectionPage
from toasoan.channels.models import Channel, Programme
from toasoan.media import services
from toasoan.media.models import MediaItem
from toasoan.media.tasks import process_media

TITLE = "Bản tin thời sự Thanh Hóa (video mẫu)"
CAPTIONS = """WEBVTT

00:00:00.500 --> 00:00:05.000
Kính chào quý vị đến với bản tin thời sự Thanh Hóa.

00:00:05.500 --> 00:00:11.000
Đây là video mẫu của phần mềm tòa soạn: hình thử nghiệm và âm báo.

00:00:11.500 --> 00:00:19.500
Video thật của phóng viên được tải lên ở mục Video trong trang quản trị.
"""
TV_DAY = [  # a provincial channel's day
    ("05:55", "Chào cờ, giới thiệu chương trình"), ("06:00", "Chào buổi sáng"),
    ("06:30", "Nông nghiệp xanh"), ("07:00", "Phim tài liệu: Đất và người xứ Thanh"),
    ("08:00", "Ca nhạc"), ("09:30", "Phim truyện"), ("11:00", "Thời sự trưa"),
    ("11:30", "Thanh Hóa ngày mới"), ("13:00", "Phim truyện"), ("15:00", "Thể thao"),
    ("16:00", "Chương trình thiếu nhi"), ("17:30", "Dân tộc và miền núi"),
    ("18:00", "Thời sự chiều"), ("18:30", "Phóng sự: Nông thôn mới"),
    ("19:00", "Tiếp sóng Thời sự VTV"), ("19:45", "Thời sự Thanh Hóa"),
    ("20:15", "Phim truyện"), ("22:00", "Ca nhạc đêm"), ("23:00", "Thời sự cuối ngày"),
]  # fmt: skip
RADIO_DAY = [
    ("05:30", "Thời sự sáng"), ("06:00", "Âm nhạc"), ("11:00", "Thời sự trưa"),
    ("11:30", "Đọc truyện"), ("17:00", "Thời sự chiều"), ("17:30", "Podcast Tản văn"),
    ("21:00", "Ca nhạc theo yêu cầu"), ("22:00", "Đọc truyện đêm khuya"),
]  # fmt: skip


def _clip(folder: Path) -> Path:
    path = folder / "ban-tin-mau.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=20",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=20",
         "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(path)],
        check=True, timeout=300,
    )  # fmt: skip
    return path


def _section() -> SectionPage:
    section = SectionPage.objects.filter(slug="video").first()
    if section is None:
        home = HomePage.objects.first()
        section = SectionPage(
            title="Video", slug="video", show_on_home=False, home_order=200,
            intro="Bản tin, phóng sự và chương trình của Báo và Phát thanh, truyền "
            "hình Thanh Hóa.",
        )  # fmt: skip
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


def demo_video() -> ArticlePage | None:
    """The Video story, or None where ffmpeg is not installed (`apt install ffmpeg`)."""
    existing = ArticlePage.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    if shutil.which("ffmpeg") is None:
        return None
    section = _section()
    with tempfile.TemporaryDirectory() as tmp:
        clip = _clip(Path(tmp))
        item = MediaItem(
            title=TITLE, credit="Phòng Thời sự (video mẫu)",
            description="Video mẫu: hình thử nghiệm và âm báo, có phụ đề tiếng Việt.",
            section=section, original_name=clip.name, file_size=clip.stat().st_size,
        )  # fmt: skip
        with open(clip, "rb") as fh:
            item.file.save(clip.name, File(fh), save=False)
        item.save()
    services.caption_set(item=item, language="vi", label="", data=CAPTIONS.encode())
    process_media(item.pk, services.media_run(item=item))
    item.refresh_from_db()
    if not item.ready:
        return None
    article = ArticlePage(
        title=TITLE, slug="ban-tin-thoi-su-thanh-hoa-video-mau", layout="video",
        video=item, byline="Phòng Thời sự",
        sapo="Những tin chính trong ngày của Thanh Hóa, có phụ đề tiếng Việt (bấm nút "
        "CC trên trình phát để bật, tắt).",
    )  # fmt: skip
    section.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def _day(channel: Channel, rows, replay: ArticlePage | None, title: str) -> None:
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    starts = [
        dt.datetime.combine(today, dt.time(*map(int, at.split(":"))), tzinfo=tz)
        for at, _ in rows
    ]
    ends = starts[1:] + [dt.datetime.combine(today, dt.time(23, 59), tzinfo=tz)]
    for (_at, name), start, end in zip(rows, starts, ends):
        Programme.objects.get_or_create(
            channel=channel, starts_at=start,
            defaults={"ends_at": end, "title": name,
                      "recording": replay if name == title else None},
        )  # fmt: skip


def demo_channels(replay: ArticlePage | None) -> list[Channel]:
    note = "Bản demo: chưa nối máy phát của đài (đặt địa chỉ luồng HLS thật ở đây)."
    channels = []
    for kind, name, slug, rows, title in (
        (Channel.TV, "Truyền hình Thanh Hóa", "thtv", TV_DAY, "Thời sự Thanh Hóa"),
        (Channel.RADIO, "Phát thanh Thanh Hóa", "phat-thanh", RADIO_DAY, ""),
    ):
        channel, _ = Channel.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind, "name": name,
                "stream_url": f"https://live.example.vn/{slug}/index.m3u8",
                "description": f"Kênh {name} của Báo và Phát thanh, truyền hình Thanh Hóa.",
            },
        )  # fmt: skip
        Channel.objects.filter(pk=channel.pk).update(
            stream_up=False, checked_at=timezone.now(), check_message=note
        )
        _day(channel, rows, replay, title)
        channels.append(channel)
    return channels
