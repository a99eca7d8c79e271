"""The print edition: one PDF a day, its pages as images and text, and the stories on
each page, each linked to the web article it is (or to nothing)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from toasoan.articles.models import ArticlePage


def _pdf_path(edition: Edition, filename: str) -> str:
    # Under uploads/: never served to readers (deploy/nginx, urls.NOT_SERVED); readers
    # get the copy the job makes, when the paper allows it.
    return f"uploads/editions/{edition.date:%Y}/{edition.date.isoformat()}.pdf"


class EditionQuerySet(models.QuerySet):
    def for_readers(self, now: dt.datetime | None = None):
        """Published with pages made, and out: an edition held back shows from its
        print date on (Vietnam's day). While it is processed again (a new PDF), readers
        keep its last pages; a failed run leaves them too."""
        today = timezone.localdate(now or timezone.now())
        return (
            self.filter(published=True)
            .exclude(folder="")
            .filter(models.Q(hold_until_date=False) | models.Q(date__lte=today))
        )


class Edition(models.Model):
    UPLOADED, PROCESSING, READY, FAILED = "uploaded", "processing", "ready", "failed"
    STATUSES = [
        (UPLOADED, "Chờ xử lý"),
        (PROCESSING, "Đang xử lý"),
        (READY, "Sẵn sàng"),
        (FAILED, "Không xử lý được"),
    ]

    date = models.DateField("ngày báo", unique=True)
    number = models.PositiveIntegerField("số báo", null=True, blank=True)
    pdf = models.FileField("bản PDF", upload_to=_pdf_path, max_length=255)
    hold_until_date = models.BooleanField(
        "chỉ hiện từ ngày báo",
        default=True,
        help_text="Đăng trước, bạn đọc chỉ thấy từ 0 giờ ngày báo (giờ Việt Nam).",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=STATUSES, default=UPLOADED
    )
    message = models.TextField("ghi chú xử lý", blank=True, default="")
    page_count = models.PositiveIntegerField("số trang", default=0)  # readers'
    # The processing run under way: its token (its folder's name), its progress.
    run = models.CharField(max_length=16, blank=True, default="")
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField("số trang đã xử lý", default=0)
    # Where the job put this edition's page images: a new folder each run, swapped in
    # with the rows, so a reader never sees half of one run and half of another.
    folder = models.CharField(max_length=120, blank=True, default="")
    pdf_copy = models.CharField(max_length=200, blank=True, default="")
    published = models.BooleanField("đã đăng", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
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

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "số báo in"
        verbose_name_plural = "báo in"
        ordering = ["-date"]
        indexes = [models.Index(fields=["published", "-date"], name="edition_out")]
        permissions = [("publish_edition", "Đăng hoặc gỡ số báo in")]

    def __str__(self) -> str:
        number = f" (số {self.number})" if self.number else ""
        return f"Báo in ngày {self.date:%d/%m/%Y}{number}"

    @property
    def progress(self) -> str:
        if self.status == self.PROCESSING and self.pages_total:
            return f"{self.pages_done}/{self.pages_total} trang"
        return ""

    @property
    def state(self) -> str:
        """What the newsroom's list says of it."""
        text = self.get_status_display()
        if self.progress:
            text += f" ({self.progress})"
        if self.folder:
            if not self.published:
                text += " · chưa đăng"
            elif not self.out_for_readers():
                text += f" · đã đăng, hiện từ {self.date:%d/%m/%Y}"
            else:
                text += " · đã đăng"
        if self.message:
            text += f": {self.message}"
        return text

    state.fget.short_description = "trạng thái"

    def get_absolute_url(self) -> str:
        return f"/bao-in/{self.date.isoformat()}/"

    def page_url(self, number: int) -> str:
        return f"/bao-in/{self.date.isoformat()}/trang-{number}"

    def out_for_readers(self, now: dt.datetime | None = None) -> bool:
        today = timezone.localdate(now or timezone.now())
        return (
            self.published
            and bool(self.folder)
            and (not self.hold_until_date or self.date <= today)
        )


def page_file(folder: str, number: int, size: str, ext: str) -> str:
    """The storage name of a page's picture: what the job writes, what pages show."""
    return f"{folder}/{number}-{size}.{ext}"


class PrintPage(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("trang")
    width = models.PositiveIntegerField()  # of the large image, in pixels
    height = models.PositiveIntegerField()
    text = models.TextField(blank=True, default="")
    # What belongs to no story: captions, short items, the running header.
    extra_text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "trang báo in"
        verbose_name_plural = "trang báo in"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="print_page_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition}, trang {self.number}"

    @property
    def has_text(self) -> bool:
        """False for a scanned page: no text layer, so no stories to click."""
        return bool(self.text.strip())

    def image_url(self, size: str, ext: str) -> str:
        return default_storage.url(
            page_file(self.edition.folder, self.number, size, ext)
        )

    def url(self) -> str:
        return self.edition.page_url(self.number)


class PrintStory(models.Model):
    AUTO, EDITOR = "auto", "editor"

    page = models.ForeignKey(
        PrintPage, on_delete=models.CASCADE, related_name="stories"
    )
    order = models.PositiveIntegerField(default=0)
    headline = models.TextField("tít")
    text = models.TextField("nội dung", blank=True, default="")
    boxes = models.JSONField(default=list)  # [[x0, y0, x1, y1], …] as page fractions
    article = models.ForeignKey(
        ArticlePage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="bài trên báo điện tử",
    )
    score = models.FloatField(default=0.0)
    matched_by = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        verbose_name = "bài trên trang báo in"
        verbose_name_plural = "bài trên trang báo in"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.headline

    @property
    def areas(self) -> list[tuple[str, str, str, str]]:
        """Its boxes as (left, top, width, height), in per cent of the page: the SVG of
        the readers' page (viewBox 0 0 100 100) and the newsroom's frames draw these."""
        return [
            tuple(f"{v * 100:.2f}" for v in (x0, y0, x1 - x0, y1 - y0))
            for x0, y0, x1, y1 in self.boxes
        ]

    @property
    def anchor(self) -> str:
        return f"bai-{self.order + 1}"


@register_setting(icon="doc-full")
class EditionSettings(BaseSiteSetting):
    allow_pdf = models.BooleanField(
        "cho bạn đọc tải bản PDF",
        default=False,
        help_text="Hiện liên kết tải bản PDF của mỗi số báo in đã đăng.",
    )

    class Meta:
        verbose_name = "báo in"
