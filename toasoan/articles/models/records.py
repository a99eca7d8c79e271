"""What the paper records about its articles: corrections and takedowns (the press law's record), views per day, the counts and marks that keep reader pages from scanning the archive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from toasoan.places.models import Locality

from .pages import ArticlePage


class LocalityCoverage(models.Model):
    """A unit in force today with live articles about it or about the units it took
    over (what its page lists): the home page's "Địa phương" names the units written
    about most recently without counting the archive (articles.coverage keeps it)."""

    locality = models.OneToOneField(
        Locality, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    articles = models.PositiveIntegerField()
    latest_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "địa phương có bài viết"


class ProofreadIgnore(models.Model):
    """A proofreading flag an editor set aside for one article ("not an error": a
    name, a quotation); the editor's list no longer shows it, nor does publishing ask."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="proofread_ignores"
    )
    text = models.CharField("từ bị đánh dấu", max_length=100)
    suggestion = models.CharField("gợi ý", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lỗi chính tả đã bỏ qua"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "text", "suggestion"], name="proofread_ignore_once"
            )
        ]


class PublishedName(models.Model):
    """A name the paper has published (a run of capitalised words: "Hàm Rồng", "Phàn
    Lê Huê"), lower case, with how many live articles hold it: the proofreader leaves
    such a name alone in the editor (``articles.names``)."""

    text = models.CharField("tên", max_length=120, unique=True)
    articles = models.PositiveIntegerField("số bài", default=0)

    class Meta:
        verbose_name = "tên riêng đã đăng"


class ArticleName(models.Model):
    """Which names each live article holds, so that republishing or unpublishing one
    moves the counts by exactly its own names."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="published_names"
    )
    name = models.ForeignKey(PublishedName, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "name"], name="article_name_once"
            )
        ]


class SitemapChunk(models.Model):
    """When the articles of one id range last changed, so the sitemap index tells search
    engines which article sitemap to fetch again without scanning the archive (one row
    per 10,000 ids; written when an article is published, unpublished or deleted)."""

    number = models.PositiveIntegerField(primary_key=True)
    lastmod = models.DateTimeField()

    class Meta:
        verbose_name = "phần sitemap"


class NamesItsArticle:
    """For a record about one article (a correction, a takedown): on save it names the
    article as it is now, when the record is new or moved to another article, and keeps
    which article it was about before, for the purges (articles.receivers)."""

    def name_article(self, article: ArticlePage) -> None:
        self.original_title = article.title

    def articles_touched(self) -> set[int]:
        """The article it is about and, for one just moved, the one it left."""
        before = getattr(self, "_article_before", None)  # set by save(), not by a load
        return {pk for pk in (self.article_id, before) if pk}

    def save(self, *args, **kwargs):
        self._article_before = (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list("article_id", flat=True)
            .first()
            if self.pk
            else None
        )
        if self.article_id and (
            not self.original_title or self._article_before != self.article_id
        ):
            self.name_article(
                ArticlePage.objects.select_related("section").get(pk=self.article_id)
            )
        super().save(*args, **kwargs)


class Correction(NamesItsArticle, models.Model):
    """A correction ("Thông tin cải chính, xin lỗi", Luật Báo chí 2016, Art. 42): names the
    article as it was published (title, section, date: kept here, so that a later edit
    or even the article's removal leaves the correction whole), what was wrong and what
    is right. Shown on the article and listed at /cai-chinh; never deleted by staff."""

    article = models.ForeignKey(
        ArticlePage,
        verbose_name="bài viết cần cải chính",
        null=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    original_title = models.CharField("tên bài", max_length=500, editable=False)
    original_section = models.CharField("chuyên mục", max_length=255, editable=False)
    original_published_at = models.DateTimeField(
        "ngày đăng bài", null=True, editable=False
    )
    wrong = models.TextField(
        "thông tin sai", help_text="Trích đúng nội dung đã đăng không chính xác."
    )
    corrected = models.TextField("thông tin đúng")
    apology = models.TextField(
        "lời xin lỗi",
        blank=True,
        default="Tòa soạn thành thật xin lỗi bạn đọc và những người liên quan.",
    )
    published_at = models.DateTimeField(
        "thời điểm đăng cải chính", default=timezone.now, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đăng",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("article"),
        FieldPanel("wrong"),
        FieldPanel("corrected"),
        FieldPanel("apology"),
        FieldPanel("published_at"),
    ]

    class Meta:
        verbose_name = "thông tin cải chính"
        verbose_name_plural = "thông tin cải chính"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"Cải chính: {self.original_title}"

    def name_article(self, article: ArticlePage) -> None:
        super().name_article(article)
        self.original_section = article.section.title if article.section else ""
        self.original_published_at = article.first_published_at


class Takedown(NamesItsArticle, models.Model):
    """An article taken off the site (unpublished) by the newsroom's decision: readers of
    its address get a 410 page with the paper's notice; the article and every revision
    stay for inspection; who, when and why are kept here (and in Wagtail's log)."""

    article = models.ForeignKey(
        ArticlePage,
        verbose_name="bài viết gỡ",
        null=True,
        on_delete=models.SET_NULL,
        related_name="takedowns",
    )
    original_title = models.CharField("tên bài", max_length=500, editable=False)
    notice = models.TextField(
        "thông báo cho bạn đọc",
        default="Bài viết này đã được gỡ bỏ theo quyết định của Ban Biên tập.",
        help_text="Hiện ở địa chỉ của bài viết thay cho nội dung.",
    )
    reason = models.TextField(
        "lý do (chỉ tòa soạn thấy)",
        help_text="Căn cứ gỡ bài: văn bản yêu cầu, quyết định của Tổng biên tập…",
    )
    created_at = models.DateTimeField("thời điểm gỡ", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gỡ",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("article"), FieldPanel("notice"), FieldPanel("reason")]

    class Meta:
        verbose_name = "bài bị gỡ"
        verbose_name_plural = "bài bị gỡ"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "-created_at"], name="takedown_article")
        ]

    def __str__(self) -> str:
        return f"Gỡ bài: {self.original_title}"

    def save(self, *args, **kwargs):
        created = self.pk is None
        super().save(*args, **kwargs)
        if created or self._article_before != self.article_id:
            self.take_down()

    def take_down(self) -> None:
        """Unpublish the article (Wagtail logs who did it; the article and its revisions
        stay), whoever records the takedown: the admin, a script."""
        if self.article_id is None:
            return
        from wagtail.models import Revision

        article = self.article
        if article.live:
            article.unpublish(user=self.created_by)
        # A publication scheduled for later must not bring it back either.
        Revision.page_revisions.filter(
            object_id=str(article.pk), approved_go_live_at__isnull=False
        ).update(approved_go_live_at=None)
        type(article).objects.filter(pk=article.pk).update(go_live_at=None)


class ArticleViews(models.Model):
    """Views of an article on one day (Vietnam's), added to by ``readership.flush``."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "lượt đọc"
        verbose_name_plural = "lượt đọc"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="article_views_day")
        ]
        indexes = [models.Index(fields=["day", "article"], name="article_views_by_day")]
