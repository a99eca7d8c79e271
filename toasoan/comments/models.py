"""Reader comments: one reply level, pre-moderated, editable by staff with an audit trail.

Personal data (Decree 13/2023/NĐ-CP): IP addresses are kept only as salted hashes; e-mail
addresses are kept for the notifications the reader asked for and are never shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from toasoan.serving.memo import RememberedSiteSetting

from . import word_lists

# A comment's limits, said once: the model, the form, the service and the API read them.
NAME_MAX = 60
BODY_MIN = 2
BODY_MAX = 2000
# What the form takes before cleaning (runs of spaces and pasted line breaks, which the
# cleaner collapses): twice the limit, so the service can tell the reader by how much
# the cleaned text is over.
RAW_BODY_MAX = 2 * BODY_MAX
# A moderator's reason (rejection, ban) and a log note.
REASON_MAX = 300


class Policy(models.TextChoices):
    PRE = "pre", "Biên tập trước khi đăng"
    POST_TRUSTED = "post_trusted", "Đăng ngay cho người đã có bình luận được duyệt"
    CLOSED = "closed", "Đóng bình luận"


@register_setting(icon="comment")
class CommentSettings(RememberedSiteSetting, BaseSiteSetting):
    """Per-paper comment rules; an article may override the policy."""

    policy = models.CharField(
        "chế độ kiểm duyệt", max_length=20, choices=Policy.choices, default=Policy.PRE
    )
    close_after_days = models.PositiveIntegerField(
        "đóng bình luận sau (ngày)",
        default=0,
        help_text="Số ngày sau khi đăng bài thì đóng bình luận; 0 là không bao giờ đóng.",
    )
    min_interval_seconds = models.PositiveIntegerField(
        "khoảng cách tối thiểu giữa hai bình luận (giây)", default=30
    )
    daily_limit = models.PositiveIntegerField(
        "số bình luận tối đa mỗi ngày", default=20
    )
    max_links = models.PositiveIntegerField(
        "số liên kết tối đa trong một bình luận", default=2
    )
    banned_words = models.TextField(
        "từ cấm (mỗi dòng một từ)",
        blank=True,
        default=word_lists.BANNED,
        help_text="Bình luận chứa từ cấm bị từ chối ngay. So khớp cả có dấu và không dấu.",
    )
    suspect_words = models.TextField(
        "từ cần xem xét (mỗi dòng một từ)",
        blank=True,
        default=word_lists.SUSPECT,
        help_text="Bình luận chứa các từ này được đánh dấu trong hàng chờ kiểm duyệt.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("policy"), FieldPanel("close_after_days")], heading="Chế độ"
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_interval_seconds"),
                FieldPanel("daily_limit"),
                FieldPanel("max_links"),
            ],
            heading="Chống lạm dụng",
        ),
        FieldPanel("banned_words"),
        FieldPanel("suspect_words"),
    ]

    class Meta:
        verbose_name = "cài đặt bình luận"


class Status(models.TextChoices):
    PENDING = "pending", "Chờ duyệt"
    APPROVED = "approved", "Đã đăng"
    REJECTED = "rejected", "Đã từ chối"


class Comment(models.Model):
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="bài viết",
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # One reply level, as Vietnamese papers do: a reply to a reply points at the thread's root.
    parent = models.ForeignKey(
        "self",
        verbose_name="trả lời bình luận",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField("tên", max_length=NAME_MAX)
    email = models.EmailField("e-mail", blank=True)
    email_hash = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64)
    # The browser's signed reader token (forms.reader_token), hashed: the rate limits
    # count per browser, so readers behind one carrier or office address are not one.
    reader_hash = models.CharField(max_length=64, blank=True, default="")
    body = models.TextField("nội dung")
    # What the reader typed first, and what the restorer offered when that was unaccented.
    original_body = models.TextField("nội dung gốc của bạn đọc")
    restored_body = models.TextField("bản thêm dấu tự động", blank=True)
    fingerprint = models.CharField(max_length=40)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reject_reason = models.CharField("lý do từ chối", max_length=REASON_MAX, blank=True)
    flags = models.JSONField("cảnh báo", default=list, blank=True)
    flagged = models.BooleanField("có cảnh báo", default=False)
    edited_at = models.DateTimeField("biên tập lúc", null=True, blank=True)
    notify = models.BooleanField("báo qua e-mail", default=False)
    likes = models.PositiveIntegerField("lượt thích", default=0)
    reports = models.PositiveIntegerField("lượt báo cáo", default=0)
    # The latest report a moderator has not dealt with yet (None: none waiting).
    reported_at = models.DateTimeField(
        "bị báo cáo lúc", null=True, blank=True, db_index=True
    )
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True
    )
    # Stored as the browser sent it (foundation.text_fields cleans the rest).
    TEXT_AS_SENT = ("idempotency_key",)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    moderated_at = models.DateTimeField("kiểm duyệt lúc", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "bình luận"
        verbose_name_plural = "bình luận"
        permissions = [("moderate_comment", "Kiểm duyệt bình luận")]
        indexes = [
            models.Index(
                fields=["article", "status", "-created_at"], name="comment_article_list"
            ),
            models.Index(
                fields=["article", "status", "-likes"], name="comment_article_liked"
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["ip_hash", "-created_at"], name="comment_ip_recent"),
            models.Index(
                fields=["reader_hash", "-created_at"], name="comment_reader_recent"
            ),
            models.Index(
                fields=["email_hash", "-created_at"], name="comment_email_recent"
            ),
            models.Index(fields=["article", "fingerprint"], name="comment_duplicate"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:60]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        # Whether readers saw it as loaded (its status deferred: assume they did): a save
        # purges the cache only if they did or will (comments.receivers).
        status = comment.__dict__.get("status", Status.APPROVED)
        comment.public_before = status == Status.APPROVED
        return comment

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    @property
    def is_public(self) -> bool:
        return self.status == Status.APPROVED

    public_before = False  # a comment not loaded from the database was never shown


class CommentLog(models.Model):
    """Audit trail: who did what to a comment, and the text before and after an edit."""

    class Action(models.TextChoices):
        EDIT = "edit", "Biên tập"
        APPROVE = "approve", "Duyệt đăng"
        REJECT = "reject", "Từ chối"
        BAN = "ban", "Chặn"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    note = models.CharField(max_length=REASON_MAX, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "nhật ký kiểm duyệt"


class Ban(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail"
        IP = "ip", "Địa chỉ IP"

    kind = models.CharField(max_length=5, choices=Kind.choices)
    value_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=REASON_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "value_hash"], name="ban_unique")
        ]


class Report(models.Model):
    """A reader's "Báo cáo vi phạm"; one per comment and IP."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Quảng cáo, spam"
        ABUSE = "abuse", "Xúc phạm, thô tục"
        FALSE = "false", "Thông tin sai sự thật"
        OTHER = "other", "Lý do khác"

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="report_set"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], name="report_once_per_ip"
            )
        ]


class Like(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="like_set"
    )
    ip_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], name="like_once_per_ip"
            )
        ]
