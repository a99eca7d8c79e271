"""Live coverage (tường thuật trực tiếp): an article laid out as a live page, and the
timestamped posts reporters send to it during the night.

A live page is an ArticlePage with ``layout="live"``, not a page type of its own: once it
ends it reads as an article and stays in sections, search, feeds, sitemaps, Đọc nhiều,
comments and corrections through the same table and indexes. Its posts are rows here,
not part of the page's revisions: a reporter on the spot sends a post in seconds, without
the page's review workflow and without publishing the page again; posts have their own
review rule (``services``).

Every change a reader can see (a post published, edited, pinned or taken down, the
summary, the end) raises the coverage's ``version``; each post keeps the version of its
last change, so the readers' poll lists what changed since the version they hold, from
one index walk.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.fields import StreamField

from toasoan.articles.models import ArticlePage
from toasoan.articles.models.blocks import ARTICLE_BLOCKS

# What a post holds: the rich-article blocks a live night needs (no chapters, no
# "Đọc thêm" cards, no sub-headings: a post is a few lines, a photo, a video).
POST_BLOCK_NAMES = ("paragraph", "figure", "gallery", "embed", "quote", "table", "info")
POST_BLOCKS = [
    (name, block) for name, block in ARTICLE_BLOCKS if name in POST_BLOCK_NAMES
]


class LiveCoverage(models.Model):
    article = models.OneToOneField(
        ArticlePage,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="live_coverage",
        verbose_name="bài tường thuật",
    )
    summary = models.TextField(
        "tóm tắt diễn biến",
        blank=True,
        help_text="Vài dòng bạn đọc thấy đầu trang; biên tập viên cập nhật trong đêm.",
    )
    started_at = models.DateTimeField("bắt đầu", default=timezone.now)
    ended_at = models.DateTimeField("kết thúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    # When the job that tells the lists, feeds, sitemaps and search of the last posts
    # is due (services._changed): one job for all the posts of those minutes.
    lists_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    direct_posters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="phóng viên được đăng thẳng",
        help_text="Bài của những người này lên trang ngay, không chờ duyệt (chỉ trong "
        "bài tường thuật này).",
    )

    class Meta:
        verbose_name = "tường thuật trực tiếp"
        verbose_name_plural = "tường thuật trực tiếp"
        permissions = [
            ("send_livepost", "Gửi cập nhật trực tiếp"),
            ("review_livepost", "Duyệt và đăng cập nhật trực tiếp"),
            ("manage_livecoverage", "Điều hành tường thuật (đăng thẳng, kết thúc)"),
        ]

    def __str__(self) -> str:
        return self.article.title

    @property
    def is_live(self) -> bool:
        return self.ended_at is None


class LivePost(models.Model):
    PENDING = "pending"
    PROCESSING = "processing"
    PUBLISHED = "published"
    REMOVED = "removed"
    STATUSES = [
        (PENDING, "Chờ duyệt"),
        (PROCESSING, "Đang xử lý ảnh, video"),
        (PUBLISHED, "Đã đăng"),
        (REMOVED, "Đã gỡ"),
    ]

    coverage = models.ForeignKey(
        LiveCoverage, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(
        "tiêu đề ngắn",
        max_length=200,
        blank=True,
        help_text="Không bắt buộc; cập nhật ghim vào diễn biến chính hiện bằng tiêu đề này.",
    )
    body = StreamField(POST_BLOCKS, verbose_name="nội dung", blank=True)
    key_event = models.BooleanField("diễn biến chính", default=False)
    status = models.CharField(
        "trạng thái", max_length=12, choices=STATUSES, default=PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("lúc gửi", default=timezone.now)
    published_at = models.DateTimeField("lúc đăng", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField("sửa lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    removed_at = models.DateTimeField("lúc gỡ", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gỡ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removal_reason = models.TextField("lý do gỡ (chỉ tòa soạn thấy)", blank=True)

    # The body's blocks render like an article's (articles' body tag reads `layout`).
    layout = ""

    class Meta:
        verbose_name = "cập nhật trực tiếp"
        verbose_name_plural = "cập nhật trực tiếp"
        indexes = [
            # The page: published posts newest first.
            models.Index(
                fields=["coverage", "status", "-published_at"], name="livepost_page"
            ),
            # The readers' poll: what changed since a version.
            models.Index(fields=["coverage", "-version"], name="livepost_changes"),
        ]

    def __str__(self) -> str:
        return self.title or f"Cập nhật #{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == self.PUBLISHED

    @property
    def anchor(self) -> str:
        return f"cap-nhat-{self.pk}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.title.strip() and not len(self.body):
            raise ValidationError(
                "Cập nhật trống: hãy viết vài dòng hoặc thêm ảnh, video."
            )

    # What the proofreader and the body tag read of an article (articles.proofreading).
    @property
    def sapo(self) -> str:
        return ""
