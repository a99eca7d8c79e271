"""Radio programmes and podcasts: a show (chương trình) and its episodes, each an audio
file of the media library, published with a feed the podcast directories accept."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from toasoan.media.models import MediaItem

# Apple Podcasts' categories a newsroom uses (two tiers), as Apple spells them:
# https://podcasters.apple.com/support/1691-apple-podcasts-categories
CATEGORIES = [
    ("News|Daily News", "Tin tức › Tin hằng ngày"),
    ("News|Politics", "Tin tức › Chính trị"),
    ("News|Business News", "Tin tức › Kinh tế"),
    ("News|Sports News", "Tin tức › Thể thao"),
    ("News|News Commentary", "Tin tức › Bình luận"),
    ("Arts|Books", "Nghệ thuật › Sách"),
    ("Arts|Performing Arts", "Nghệ thuật › Biểu diễn"),
    ("Society & Culture|Personal Journals", "Văn hóa › Tản văn, nhật ký"),
    ("Society & Culture|Places & Travel", "Văn hóa › Địa danh, du lịch"),
    ("Society & Culture|Documentary", "Văn hóa › Tài liệu"),
    ("History", "Lịch sử"),
    ("Education", "Giáo dục"),
    ("Health & Fitness|Medicine", "Sức khỏe › Y tế"),
    ("Leisure|Hobbies", "Giải trí › Sở thích"),
    ("Music", "Âm nhạc"),
    ("Kids & Family|Stories for Kids", "Thiếu nhi › Truyện"),
]


class Show(models.Model):
    EPISODIC, SERIAL = "episodic", "serial"

    title = models.CharField("tên chương trình", max_length=200)
    slug = models.SlugField("địa chỉ", max_length=80, unique=True)
    description = models.TextField("giới thiệu")
    hosts = models.CharField(
        "người dẫn", max_length=200, blank=True, help_text="Tên người đọc, người dẫn."
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="ảnh bìa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Ảnh vuông, từ 1400×1400 đến 3000×3000 điểm ảnh (JPEG hoặc PNG): "
        "Apple Podcasts từ chối ảnh khác cỡ. Để trống: dùng ảnh bìa tạo tự động.",
    )
    category = models.CharField(
        "thể loại", max_length=80, choices=CATEGORIES, default="News|Daily News"
    )
    explicit = models.BooleanField(
        "nội dung người lớn", default=False, help_text="Apple: itunes:explicit."
    )
    show_type = models.CharField(
        "kiểu chương trình",
        max_length=10,
        choices=[
            (EPISODIC, "Từng số riêng, mới nhất trước"),
            (SERIAL, "Nhiều kỳ, nghe theo thứ tự"),
        ],
        default=EPISODIC,
    )
    owner_email = models.EmailField(
        "e-mail chủ chương trình",
        help_text="Apple và Spotify gửi thư xác nhận quyền sở hữu tới địa chỉ này.",
    )
    locked = models.BooleanField(
        "khóa chuyển nhượng",
        default=True,
        help_text="Podcasting 2.0 (podcast:locked): không nền tảng nào được nhập "
        "chương trình này sang tài khoản khác.",
    )
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name="kênh phát sóng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Chương trình của kênh phát thanh (hoặc truyền hình): các số hiện ở "
        "trang Nghe lại của kênh.",
    )
    # A cover drawn when the show was created without one (1400 px, square).
    generated_cover = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chương trình (podcast, phát thanh)"
        verbose_name_plural = "chương trình podcast, phát thanh"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/podcast/{self.slug}/"

    def feed_path(self) -> str:
        return f"/podcast/{self.slug}/feed.xml"

    @property
    def category_pair(self) -> tuple[str, str]:
        top, _, sub = self.category.partition("|")
        return top, sub


class EpisodeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now(), audio__folder__gt="")


class Episode(models.Model):
    FULL, TRAILER, BONUS = "full", "trailer", "bonus"

    show = models.ForeignKey(
        Show,
        on_delete=models.CASCADE,
        related_name="episodes",
        verbose_name="chương trình",
    )
    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField("địa chỉ", max_length=120)
    description = models.TextField("mô tả")
    audio = models.ForeignKey(
        MediaItem,
        verbose_name="âm thanh",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": MediaItem.AUDIO},
    )
    published_at = models.DateTimeField(
        "ngày đăng",
        null=True,
        blank=True,
        help_text="Để trống: chưa đăng. Số chỉ hiện khi âm thanh đã xử lý xong.",
    )
    transcript = models.TextField(
        "lời (transcript)",
        blank=True,
        help_text="Toàn văn lời đọc; dòng bắt đầu bằng mốc thời gian [mm:ss] hoặc "
        "[hh:mm:ss] thì người nghe bấm vào để nghe từ đó.",
    )
    chapters = models.JSONField(
        "chương", default=list, blank=True,
        help_text='Ví dụ: [{"start": 0, "title": "Mở đầu"}, {"start": 95, "title": "Tin chính"}]',
    )  # fmt: skip
    programme = models.ForeignKey(
        "channels.Programme",
        verbose_name="buổi phát sóng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Buổi phát trong lịch phát sóng mà số này ghi lại (trang Nghe lại).",
    )
    season = models.PositiveSmallIntegerField("mùa", null=True, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    episode_type = models.CharField(
        "loại",
        max_length=8,
        choices=[(FULL, "Số thường"), (TRAILER, "Giới thiệu"), (BONUS, "Phụ")],
        default=FULL,
    )
    explicit = models.BooleanField("nội dung người lớn", default=False)
    # The item's guid in the feed: set once, never changed by an edit.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = "số podcast"
        verbose_name_plural = "các số podcast"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["show", "slug"], name="episode_show_slug")
        ]
        indexes = [
            models.Index(fields=["show", "-published_at"], name="episode_show_latest")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/podcast/{self.show.slug}/{self.slug}/"
