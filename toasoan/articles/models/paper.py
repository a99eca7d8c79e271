"""The paper's own settings, editable in the admin (name, address, masthead)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from toasoan.foundation.middleware import request_origin
from toasoan.serving.memo import RememberedSiteSetting
from toasoan.serving.middleware import changes_within


@register_setting(icon="site")
class PaperSettings(RememberedSiteSetting, BaseSiteSetting):
    """What differs from one paper to the next, editable in the admin."""

    paper_name = models.CharField(
        "tên báo", max_length=120, default="Báo Thanh Hóa (demo)"
    )
    source_tag = models.CharField(
        "nhãn nguồn trước sapo",
        max_length=60,
        default="(Baothanhhoa.vn)",
        blank=True,
        help_text="Hiện trước đoạn sapo của mỗi bài, ví dụ (Baothanhhoa.vn).",
    )
    tagline = models.CharField("khẩu hiệu", max_length=200, blank=True, default="")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Hiện ở đầu mọi trang thay cho tên báo (nên dùng ảnh PNG nền trong, "
        "rộng ít nhất 600 điểm ảnh).",
    )
    banner_text = models.CharField(
        "nội dung thông báo (banner)",
        max_length=300,
        blank=True,
        default="Bản demo của phần mềm tòa soạn toasoan — bài viết thuộc về các báo gốc.",
    )
    footer = models.TextField("chân trang", blank=True, default="")
    # Where readers find the paper: canonical links, share links, feeds and sitemaps.
    public_url = models.URLField(
        "địa chỉ trang báo",
        blank=True,
        default="",
        help_text="Ví dụ https://baothanhhoa.vn — dùng cho liên kết chuẩn (canonical), "
        "chia sẻ, RSS và sitemap. Để trống: địa chỉ mà bạn đọc đang mở (khi chạy thử).",
    )
    google_news_name = models.CharField(
        "tên trên Google Tin tức",
        max_length=120,
        blank=True,
        default="",
        help_text="Đúng như tên báo đã đăng ký với Google News (không có ngoặc đơn).",
    )
    # The masthead the Press Law asks for (Luật Báo chí 2016, Art. 46): editable, so the
    # paper can follow the 2025 law's wording too.
    agency_name = models.CharField(
        "cơ quan báo chí",
        max_length=200,
        blank=True,
        default="Báo Thanh Hóa (bản demo)",
    )
    governing_body = models.CharField(
        "cơ quan chủ quản",
        max_length=200,
        blank=True,
        default="Tỉnh ủy Thanh Hóa (giá trị demo)",
    )
    licence = models.CharField(
        "giấy phép",
        max_length=300,
        blank=True,
        default="Giấy phép số 000/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày "
        "01/01/2020 (giá trị demo)",
    )
    editor_in_chief = models.CharField(
        "tổng biên tập",
        max_length=120,
        blank=True,
        default="Nguyễn Văn A (giá trị demo)",
    )
    address = models.CharField(
        "địa chỉ tòa soạn",
        max_length=300,
        blank=True,
        default="Số 1 đường Demo, phường Hạc Thành, tỉnh Thanh Hóa (giá trị demo)",
    )
    phone = models.CharField("điện thoại", max_length=60, blank=True, default="")
    email = models.EmailField("thư điện tử", blank=True, default="")

    panels = [
        MultiFieldPanel(
            [FieldPanel("paper_name"), FieldPanel("logo"), FieldPanel("tagline"), FieldPanel("source_tag"),
             FieldPanel("public_url"), FieldPanel("google_news_name")],
            heading="Tờ báo",
        ),
        MultiFieldPanel(
            [FieldPanel("agency_name"), FieldPanel("governing_body"), FieldPanel("licence"),
             FieldPanel("editor_in_chief"), FieldPanel("address"), FieldPanel("phone"),
             FieldPanel("email")],
            heading="Thông tin theo Luật Báo chí (hiện trên mọi trang và chân trang chủ)",
        ),
        MultiFieldPanel(
            [FieldPanel("banner_text"), FieldPanel("footer")], heading="Thông báo và chân trang"
        ),
    ]  # fmt: skip

    class Meta:
        verbose_name = "cài đặt tờ báo"

    def absolute(self, path: str) -> str:
        """``path`` on the paper's public address."""
        if path.startswith(("http://", "https://")):
            return path
        base = self.public_url.rstrip("/") or request_origin.get()
        if not base:  # no request (a job, a command): the Wagtail site's address
            site = self.site
            base = site.root_url if site else ""
        return base + path


@register_setting(icon="warning")
class BreakingNews(RememberedSiteSetting, BaseSiteSetting):
    """Tin nóng: one line above every page, on for a few hours. Saving it purges every
    page; its end is the longest any page is cached while it shows."""

    text = models.CharField(
        "dòng tin nóng",
        max_length=200,
        blank=True,
        help_text="Ví dụ: Bão số 3 đổ bộ vào Thanh Hóa. Để trống: tắt.",
    )
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="bài viết liên quan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    until = models.DateTimeField(
        "hiện đến",
        null=True,
        blank=True,
        help_text="Sau thời điểm này dòng tin tự tắt. Để trống: tắt.",
    )

    panels = [FieldPanel("text"), FieldPanel("article"), FieldPanel("until")]

    class Meta:
        verbose_name = "tin nóng"

    def showing(self) -> bool:
        """On now (and the page is cached no longer than it stays on)."""
        if not self.text or self.until is None:
            return False
        left = (self.until - timezone.now()).total_seconds()
        if left <= 0:
            return False
        changes_within(int(left) + 1)
        return True
