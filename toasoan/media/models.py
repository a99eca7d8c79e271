"""The media library: the station's videos (and, next, its audio), each uploaded once and
made into what readers' browsers play by a job; and the captions an editor adds.

Our own model rather than wagtailmedia's: wagtailmedia stores a file and offers a
chooser, but a newsroom's video is a processing run (status, progress, renditions in a
folder swapped in whole, captions, a poster chosen from thumbnails), which would have
been built beside it anyway; Wagtail's ``ModelViewSet`` and ``ChooserViewSet`` give the
admin and the chooser.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from taggit.managers import TaggableManager

from toasoan.places.models import Locality


def _upload_path(item: MediaItem, filename: str) -> str:
    # Under uploads/: never served to readers (nginx, Varnish and urls refuse it).
    ext = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    if not ext.isalnum():
        ext = "bin"
    return f"uploads/media/{uuid.uuid4().hex}.{ext}"


class MediaItem(models.Model):
    VIDEO, AUDIO = "video", "audio"
    UPLOADED, PROCESSING, READY, FAILED = "uploaded", "processing", "ready", "failed"
    STATUSES = [
        (UPLOADED, "Chờ xử lý"),
        (PROCESSING, "Đang xử lý"),
        (READY, "Sẵn sàng"),
        (FAILED, "Không xử lý được"),
    ]

    kind = models.CharField(
        "loại",
        max_length=8,
        choices=[(VIDEO, "Video"), (AUDIO, "Âm thanh")],
        default=VIDEO,
    )
    title = models.CharField("tiêu đề", max_length=255)
    description = models.TextField("mô tả", blank=True)
    credit = models.CharField(
        "thực hiện",
        max_length=255,
        blank=True,
        help_text="Quay phim, dựng, biên tập… (ví dụ: Quay: Lê Hợi; Dựng: Minh Anh)",
    )
    recorded_on = models.DateField("ngày ghi hình", null=True, blank=True)
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="chuyên mục",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    localities = models.ManyToManyField(
        Locality, verbose_name="địa phương", blank=True, related_name="+"
    )
    tags = TaggableManager(
        "thẻ", blank=True, help_text="Các thẻ cách nhau bằng dấu phẩy."
    )
    file = models.FileField("tệp gốc", upload_to=_upload_path, max_length=255)
    original_name = models.CharField(max_length=255, blank=True, default="")
    file_size = models.BigIntegerField(default=0)

    status = models.CharField(
        "trạng thái", max_length=12, choices=STATUSES, default=UPLOADED
    )
    message = models.TextField("ghi chú xử lý", blank=True, default="")
    run = models.CharField(max_length=16, blank=True, default="")
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    stage = models.CharField(max_length=120, blank=True, default="")
    # What readers get: the folder of the last run that succeeded (swapped in whole).
    folder = models.CharField(max_length=120, blank=True, default="")
    # The folder it replaced, kept a day for pages cached with its addresses.
    previous_folder = models.CharField(max_length=120, blank=True, default="")
    duration = models.FloatField("thời lượng (giây)", default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    renditions = models.JSONField(default=list, blank=True)
    thumbnails = models.JSONField(default=list, blank=True)
    poster_choice = models.PositiveSmallIntegerField(
        "ảnh đại diện (khung hình)", default=2
    )
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="ảnh đại diện tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Để trống để dùng khung hình đã chọn bên dưới.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người tải lên",
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "video, âm thanh"
        verbose_name_plural = "video, âm thanh"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="media_latest")]

    def __str__(self) -> str:
        return self.title

    @property
    def ready(self) -> bool:
        """Readers may play it: a run succeeded (a later run under way or failed leaves
        the last good renditions in place)."""
        return bool(self.folder)

    def url(self, name: str) -> str:
        return default_storage.url(f"{self.folder}/{name}") if self.folder else ""

    @property
    def hls_url(self) -> str:
        return self.url("master.m3u8")

    @property
    def mp4_url(self) -> str:
        return self.url("video.mp4")

    # An audio programme's files (toasoan.podcasts reads them).
    @property
    def m4a_url(self) -> str:
        return self.url("audio.m4a")

    @property
    def mp3_url(self) -> str:
        return self.url("audio.mp3")

    @property
    def waveform(self) -> bool:
        return self.kind == self.AUDIO and bool(self.folder)

    @property
    def waveform_url(self) -> str:
        return self.url("waveform.png")

    def thumbnail_urls(self) -> list[str]:
        return [self.url(name) for name in self.thumbnails]

    @property
    def poster_url(self) -> str:
        if self.poster_image_id:
            return self.poster_image.get_rendition("fill-1280x720").url
        if not self.thumbnails:
            return ""
        index = min(max(self.poster_choice, 1), len(self.thumbnails)) - 1
        return self.url(self.thumbnails[index])

    @property
    def duration_text(self) -> str:
        seconds = int(round(self.duration))
        h, rest = divmod(seconds, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"

    @property
    def iso_duration(self) -> str:
        seconds = int(round(self.duration))
        h, rest = divmod(seconds, 3600)
        m, s = divmod(rest, 60)
        return f"PT{h}H{m}M{s}S" if h else f"PT{m}M{s}S"

    @property
    def state(self) -> str:
        text = self.get_status_display()
        if self.status == self.PROCESSING:
            text += f" ({self.progress}%{' · ' + self.stage if self.stage else ''})"
        if self.ready and self.status != self.READY:
            text += " · bạn đọc vẫn xem bản trước"
        if self.message:
            text += f": {self.message}"
        return text

    state.fget.short_description = "trạng thái"

    @property
    def caption_text(self) -> str:
        return "\n".join(c.text for c in self.captions.all())


LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh", "中文"),
    ("fr", "Français"),
    ("lo", "ລາວ (Lào)"),
    ("km", "ខ្មែរ (Khmer)"),
]


class MediaCaption(models.Model):
    """One language's captions, stored as WebVTT (an SRT upload is converted)."""

    media = models.ForeignKey(
        MediaItem, on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField("ngôn ngữ", max_length=8, choices=LANGUAGES)
    label = models.CharField("tên hiện cho bạn đọc", max_length=60, blank=True)
    path = models.CharField(max_length=200)
    text = models.TextField(blank=True, default="")  # the cues' words, for search
    cues = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phụ đề"
        verbose_name_plural = "phụ đề"
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["media", "language"], name="media_caption_language"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.get_language_display()

    @property
    def url(self) -> str:
        return default_storage.url(self.path)


class MediaUpload(models.Model):
    """A large file arriving in pieces (the admin's uploader sends 8 MB at a time and
    resumes after a dropped connection): its bytes so far, in a file of its own."""

    token = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=8, default="video")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    received = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once the last piece came and the file was checked.
    checked = models.BooleanField(default=False)

    @property
    def part_path(self):
        from pathlib import Path

        folder = Path(settings.MEDIA_ROOT) / "uploads" / "partial"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.token}.part"
