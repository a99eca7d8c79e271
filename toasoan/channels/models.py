"""The station's live channels (a TV channel, a radio channel) and their programme
schedule (lịch phát sóng): what readers watch or hear now and what comes next."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from toasoan.articles.models import ArticlePage


class Channel(models.Model):
    TV, RADIO = "tv", "radio"
    KINDS = [(TV, "Truyền hình"), (RADIO, "Phát thanh")]

    kind = models.CharField("loại kênh", max_length=8, choices=KINDS, default=TV)
    name = models.CharField("tên kênh", max_length=120)
    slug = models.SlugField(
        "địa chỉ",
        max_length=60,
        unique=True,
        help_text="Trang của kênh: /kenh/<địa chỉ>/ (ví dụ: thtv, phat-thanh).",
    )
    stream_url = models.URLField(
        "địa chỉ luồng HLS",
        max_length=500,
        help_text="Địa chỉ .m3u8 mà bộ mã hóa của đài phát ra (https://…/index.m3u8).",
    )
    description = models.TextField("giới thiệu", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField(
        "đang hoạt động",
        default=True,
        help_text="Bỏ chọn để ẩn kênh khỏi trang báo (lịch phát sóng vẫn giữ).",
    )
    # What the last check of the stream found (`toasoan channel-check`, every minute).
    stream_up = models.BooleanField("luồng đang phát", default=True, editable=False)
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    check_message = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "kênh trực tiếp"
        verbose_name_plural = "kênh trực tiếp"
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/kenh/{self.slug}/"

    @property
    def state(self) -> str:
        if not self.checked_at:
            return "Chưa kiểm tra"
        when = timezone.localtime(self.checked_at).strftime("%H:%M %d/%m")
        if self.stream_up:
            return f"Đang phát (kiểm tra lúc {when})"
        return f"Mất tín hiệu (kiểm tra lúc {when}): {self.check_message}"

    state.fget.short_description = "tình trạng luồng"


class Programme(models.Model):
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name="kênh",
    )
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    title = models.CharField("tên chương trình", max_length=200)
    description = models.TextField("mô tả", blank=True)
    recording = models.ForeignKey(
        ArticlePage,
        verbose_name="bài xem lại",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Bài có video (hoặc âm thanh) của chương trình đã phát: hiện nút "
        "“Xem lại” trong lịch phát sóng.",
    )

    class Meta:
        verbose_name = "chương trình"
        verbose_name_plural = "lịch phát sóng"
        ordering = ["starts_at"]
        indexes = [
            models.Index(
                fields=["channel", "starts_at"], name="programme_channel_time"
            ),
            models.Index(fields=["channel", "ends_at"], name="programme_channel_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%H:%M %d/%m/%Y} {self.title}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / dt.timedelta(minutes=1))
