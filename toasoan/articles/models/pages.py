"""The page tree: HomePage -> SectionPage -> ArticlePage, what they show, and the articles an editor or the related job puts under "Tin liên quan"."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from toasoan.foundation.pagination import page_number, paginate
from toasoan.media.views import audio_chooser_viewset
from toasoan.places.models import Locality
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.middleware import changes_within
from toasoan.vietnamese import vietnamese_slug

from ..forms import ArticleForm
from ..panels import ProofreadingPanel
from ..widgets import LocalityPicker
from .blocks import ARTICLE_BLOCKS
from .curation import front_stories
from .paper import PaperSettings
from .people import ArticleTag, Author

HOME_TOP = 5
HOME_PER_SECTION = 4
SECTION_CHOSEN = 4
RELATED = 6
# "Tin liên quan": the editor's choices first, then the computed ones.
RELATED_SHOWN = 5
# The section whose articles the home page shows in its "Địa phương" box, not as a block.
LOCAL_SECTION_SLUG = "dia-phuong"


VIEW_RESTRICTIONS_CACHE_KEY = "toasoan:any-view-restriction"


def any_view_restriction() -> bool:
    """Whether any page is private or password-protected: almost never on a newspaper,
    so reader pages skip Wagtail's two queries per request for their ancestors'
    restrictions (the flag is dropped when a restriction is saved or deleted)."""
    found = cache.get(VIEW_RESTRICTIONS_CACHE_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        # Ten minutes at most even if the delete on a change never reached the cache.
        cache.set(VIEW_RESTRICTIONS_CACHE_KEY, found, 600)
    return found


class ReaderPage(Page):
    """What the paper's page types share."""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(ReaderPage):
    template = "pages/home_page.html"
    max_count = 1
    subpage_types = ["articles.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels + [
        InlinePanel(
            "front_slots",
            heading="Trang nhất: tin chọn",
            label="tin chọn",
            help_text="Tin đầu tiên là tin chính (ảnh lớn); kéo để đổi thứ tự. Các chỗ "
            "còn lại là tin mới nhất. Xuất bản trang chủ để áp dụng.",
            max_num=HOME_TOP,
        )
    ]

    class Meta:
        verbose_name = "trang chủ"

    def get_context(self, request, *args, **kwargs):
        """The chosen stories, then the newest, then one block per section, no story
        twice: bounded by the number of sections (a handful), never by the archive."""
        context = super().get_context(request, *args, **kwargs)
        sections = list(
            SectionPage.objects.live()
            .child_of(self)
            .filter(show_on_home=True)
            .order_by("home_order", "path")
        )
        published = ArticlePage.objects.published()
        front = front_stories(self, HOME_TOP)
        if front.changes_in:
            changes_within(front.changes_in)
        newest = published.exclude(pk__in=front.ids)[: HOME_TOP - len(front.chosen)]
        top = front.chosen + list(newest)
        top_ids = [a.pk for a in top]
        surrogate_keys.tag_pages(top)
        # The fragments below depend on which stories are on top: their keys carry them.
        context["top_key"] = "-".join(map(str, top_ids))
        context["local_section"] = None
        blocks = []
        for section in sections:
            if section.slug == LOCAL_SECTION_SLUG:
                context["local_section"] = section
                continue
            # Read only where the page's fragment is not cached (one query each).
            items = surrogate_keys.Tagged(
                published.filter(section=section).exclude(pk__in=top_ids)[
                    :HOME_PER_SECTION
                ],
                surrogate_keys.section_list(section.pk),
            )
            blocks.append({
                "section": section,
                "articles": items,
                "depends": f"{surrogate_keys.section_list(section.pk)} "
                f"{surrogate_keys.page(self.pk)}",
            })  # fmt: skip
        context["top_articles"] = top
        surrogate_keys.tag(surrogate_keys.page(self.pk), surrogate_keys.LATEST)
        context["canonical_url"] = PaperSettings.for_request(request).absolute("/")
        context["section_blocks"] = blocks
        return context


class SectionPage(ReaderPage):
    intro = models.TextField("giới thiệu chuyên mục", blank=True)
    show_on_home = models.BooleanField("hiện ở trang chủ", default=True)
    home_order = models.PositiveSmallIntegerField("thứ tự ở trang chủ", default=100)

    template = "pages/section_page.html"
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("show_on_home"),
        FieldPanel("home_order"),
        InlinePanel(
            "front_slots",
            heading="Tin chọn của chuyên mục",
            label="tin chọn",
            help_text="Hiện đầu trang chuyên mục, tin đầu tiên là tin chính; kéo để đổi "
            "thứ tự. Xuất bản chuyên mục để áp dụng.",
            max_num=SECTION_CHOSEN,
        ),
    ]

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        front = front_stories(self, SECTION_CHOSEN)
        if front.changes_in:
            changes_within(front.changes_in)
        surrogate_keys.tag_pages(front.chosen)
        context["chosen"] = front.chosen if page_number(request) == 1 else []
        context["chosen_key"] = "-".join(map(str, front.ids))
        # The chosen stories lead the section; its list does not show them again.
        articles = (
            ArticlePage.objects.published()
            .filter(section=self)
            .exclude(pk__in=front.ids)
        )

        def page_of_articles():
            found = paginate(request, articles)
            surrogate_keys.tag_pages(found.items)
            return found

        # Read only where the list's fragment is not cached.
        context["page_obj"] = SimpleLazyObject(page_of_articles)
        context["page_number"] = page_number(request)
        context["list_depends"] = (
            f"{surrogate_keys.page(self.pk)} {surrogate_keys.section_list(self.pk)}"
        )
        surrogate_keys.tag(
            surrogate_keys.page(self.pk), surrogate_keys.section_list(self.pk)
        )
        return context


def article_path(slug: str, pk: int) -> str:
    """Where an article lives, as on the paper's own site: /{slug}-{id}.htm."""
    return f"/{slug}-{pk}.htm"


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """Live articles, newest first, ready for a list (section and cover in the same
        query, body left out): walks the (section, -published_at) index."""
        return (
            self.live()
            # The video: a Video story without a photo shows its poster in lists.
            .select_related("section", "cover_image", "video")
            .defer("body")
            .order_by("-published_at", "-pk")
        )


LAYOUTS = [
    ("", "Bài thường"),
    ("photo", "Phóng sự ảnh"),
    ("emagazine", "E-magazine"),
    ("live", "Tường thuật trực tiếp"),
    ("video", "Video"),
]
# A live page's posts, timeline and poll belong to the live app (toasoan.live), which
# renders its own template; the article stays an article in every list.
LAYOUT_TEMPLATES = {
    "emagazine": "pages/emagazine_page.html",
    "live": "live/live_page.html",
}


class ArticlePage(ReaderPage):
    # A photo story and an e-magazine are articles laid out another way, not other page
    # types: they belong to sections, feeds, sitemaps, search, Đọc nhiều, comments and
    # corrections exactly as articles do, through the same table and indexes, and an
    # editor can turn a story into an e-magazine without copying it to a new page.
    layout = models.CharField(
        "kiểu bài",
        max_length=20,
        blank=True,
        default="",
        choices=LAYOUTS,
        help_text="Phóng sự ảnh: ảnh đại diện và bộ ảnh đi trước, chữ ngắn. "
        "E-magazine: ảnh bìa tràn màn hình, tiêu đề trên ảnh, các chương có mục lục. "
        "Tường thuật trực tiếp: các cập nhật gửi từ mục Trực tiếp, mới nhất ở trên. "
        "Video: video chính đi ngay dưới tiêu đề, chữ là phần giới thiệu.",
    )
    sapo = models.TextField("sapo (đoạn mở đầu)", blank=True)
    body = StreamField(ARTICLE_BLOCKS, verbose_name="nội dung", blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The article's own video (a Video story's whole point, or a story's lead): readers
    # see it once processed; og:video, VideoObject and the video sitemap come from it.
    video = models.ForeignKey(
        "media.MediaItem",
        verbose_name="video chính",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Video của báo (mục Video) hiện ngay dưới tiêu đề. Video trong bài "
        "thêm bằng khối “Video của báo”.",
    )
    # "Nghe bài viết": the article read aloud by a person (uploaded as audio).
    narration = models.ForeignKey(
        "media.MediaItem",
        verbose_name="bài đọc (Nghe bài viết)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "audio"},
        help_text="Tệp âm thanh người đọc bài (mục Video, âm thanh): hiện nút Nghe "
        "bài viết đầu bài.",
    )
    authors = ParentalManyToManyField(Author, verbose_name="tác giả", blank=True)
    byline = models.CharField(
        "dòng ký tên",
        max_length=200,
        blank=True,
        help_text="Để trống để dùng tên tác giả.",
    )
    localities = ParentalManyToManyField(
        Locality, verbose_name="địa phương", blank=True
    )
    # When `places-tag` last tagged this article by its text: it never does again, so
    # a unit an editor removed afterwards stays removed.
    localities_tagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    tags = ClusterTaggableManager(
        through=ArticleTag,
        blank=True,
        verbose_name="thẻ",
        help_text="Các thẻ cách nhau bằng dấu phẩy.",
    )
    source_name = models.CharField("nguồn", max_length=200, blank=True)
    source_url = models.URLField("liên kết bài gốc", max_length=500, blank=True)
    # Denormalized from the tree so that listings can select_related it in one query.
    section = models.ForeignKey(
        SectionPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copy of first_published_at on this table, so that "latest in a section" walks one
    # composite index instead of sorting the whole section.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Identity of an imported article, so that re-importing updates instead of duplicating.
    import_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    comment_policy = models.CharField(
        "bình luận",
        max_length=20,
        blank=True,
        default="",
        choices=[
            ("", "Theo cài đặt chung của báo"),
            ("pre", "Biên tập trước khi đăng"),
            ("post_trusted", "Đăng ngay cho người đã có bình luận được duyệt"),
            ("closed", "Đóng bình luận"),
        ],
    )
    related_auto = models.BooleanField(
        "thêm tin liên quan tự động",
        default=True,
        help_text="Sau các tin biên tập viên chọn, thêm tin gần về nội dung, địa phương "
        "và thời gian (tính khi xuất bản). Bỏ chọn để chỉ hiện tin đã chọn.",
    )

    objects = PageManager.from_queryset(ArticleQuerySet)()

    template = "pages/article_page.html"
    base_form_class = ArticleForm
    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []
    content_panels = [
        ProofreadingPanel(heading="Soát chính tả"),
        *Page.content_panels,
        FieldPanel("layout"),
        FieldPanel("sapo"),
        FieldPanel("cover_image"),
        FieldPanel("video"),
        FieldPanel("narration", widget=audio_chooser_viewset.widget_class),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("byline"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
            ],
            heading="Tác giả và nguồn",
        ),
        FieldPanel("tags"),
        FieldPanel(
            "localities",
            widget=LocalityPicker,
            help_text="Gõ tên xã, phường, huyện để tìm; đơn vị hiện hành hiện trước.",
        ),
        MultiFieldPanel(
            [
                InlinePanel(
                    "related_links",
                    max_num=RELATED_SHOWN,
                    label="Tin liên quan đã chọn",
                ),
                FieldPanel("related_auto"),
            ],
            heading="Tin liên quan",
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comment_policy")]
    search_fields = Page.search_fields + [
        index.SearchField("sapo"),
        index.SearchField("body"),
        index.FilterField("section"),
    ]

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        indexes = [
            models.Index(
                fields=["section", "-published_at"], name="article_section_latest"
            ),
            models.Index(fields=["-published_at"], name="article_latest"),
            # The live desk's list of live pages (few among the archive's articles).
            models.Index(fields=["layout"], name="article_layout"),
            # The video sitemap: the articles with a video, newest first.
            models.Index(
                fields=["-published_at"],
                name="article_video_latest",
                condition=models.Q(video__isnull=False),
            ),
        ]

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = vietnamese_slug(self.title)
        super().full_clean(*args, **kwargs)

    def with_content_json(self, content):
        """A revision restores what an editor edits, not what `places-tag` stamped on the
        live row since (else publishing any draft would erase the stamp)."""
        page = super().with_content_json(content)
        page.localities_tagged_at = self.localities_tagged_at
        return page

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            self.section_id = parent.pk
        self.published_at = self.first_published_at
        super().save(*args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        return LAYOUT_TEMPLATES.get(self.layout, self.template)

    def get_url_parts(self, request=None):
        """Articles live at /{slug}-{id}.htm, as on the paper's own site."""
        parts = super().get_url_parts(request)
        if parts is None or parts[1] is None:
            return parts
        site_id, root_url, _ = parts
        return site_id, root_url, article_path(self.slug, self.pk)

    def serve(self, request, *args, **kwargs):
        # Reached through the tree (/chinh-tri/slug/): send readers to the canonical URL.
        canonical = self.get_url(request)
        if canonical and request.path != canonical:
            return redirect(canonical, permanent=True)
        return super().serve(request, *args, **kwargs)

    def video_ids(self) -> list[int]:
        """The paper's videos and audio this article plays (its own, its narration,
        its body's), read from the body's stored data: no query."""
        ids = [pk for pk in (self.video_id, self.narration_id) if pk]
        for block in self.body.raw_data:
            if block.get("type") in ("video", "audio"):
                value = block.get("value") or {}
                pk = value.get(block.get("type"))
                if isinstance(pk, int) and pk not in ids:
                    ids.append(pk)
        return ids

    def same_section(self, limit: int = RELATED) -> list[ArticlePage]:
        """ "Tin cùng chuyên mục": the section's articles published just before this one,
        nearest first, then just after it if too few came before (two index walks,
        always both: the page's queries do not depend on where it stands)."""
        articles = ArticlePage.objects.published().filter(section_id=self.section_id)
        articles = articles.exclude(pk=self.pk)
        if self.published_at is None:  # a preview of a draft
            return list(articles[:limit])
        before = list(articles.filter(published_at__lte=self.published_at)[:limit])
        after = articles.filter(published_at__gt=self.published_at)
        after = list(after.order_by("published_at", "pk")[:limit])
        return (before + after)[:limit]

    def related_articles(
        self, limit: int = RELATED_SHOWN, *, preview: bool = False
    ) -> list:
        """ "Tin liên quan": the editor's live choices in their order, then (unless the
        editor turned it off) the computed ones, best first; one query. A preview shows
        the choices in the editor's form, not the published ones."""
        if preview:
            chosen_ids = [link.related_id for link in self.related_links.all()]
            found = ArticlePage.objects.published().in_bulk(chosen_ids)
            chosen = [found[i] for i in dict.fromkeys(chosen_ids) if i in found]
            chosen = [a for a in chosen if a.pk != self.pk][:limit]
            if self.related_auto and len(chosen) < limit:
                rows = (
                    RelatedArticle.objects.filter(
                        article_id=self.pk, related__live=True
                    )
                    .exclude(related_id__in=[a.pk for a in chosen] + [self.pk])
                    .select_related("related__section")
                    .order_by("-score", "-related_id")
                )
                chosen += [row.related for row in rows[: limit - len(chosen)]]
            return chosen
        links = RelatedLink.objects.filter(
            article_id=self.pk, related_id=models.OuterRef("pk")
        )
        computed = RelatedArticle.objects.filter(
            article_id=self.pk, related_id=models.OuterRef("pk")
        )
        # One IN over a UNION, not two INs OR-ed: PostgreSQL answers an OR of subqueries by
        # testing every article in the archive (70 ms at 200,000), a UNION by the ids alone.
        wanted = RelatedLink.objects.filter(article_id=self.pk).order_by()
        wanted = wanted.values("related_id")
        if self.related_auto:
            computed_ids = RelatedArticle.objects.filter(article_id=self.pk).order_by()
            wanted = wanted.union(computed_ids.values("related_id"))
        rows = (
            ArticlePage.objects.published()
            .filter(pk__in=wanted)
            .exclude(pk=self.pk)
            .annotate(
                chosen=models.Exists(links),
                link_order=models.Subquery(links.values("sort_order")[:1]),
                related_score=models.Subquery(computed.values("score")[:1]),
            )
            .order_by(
                models.F("chosen").desc(),
                models.F("link_order").asc(nulls_last=True),
                models.F("related_score").desc(nulls_last=True),
                "-pk",
            )
        )
        return list(rows[:limit])

    def get_context(self, request, *args, **kwargs):
        """Lists the template reads only where its fragments are not cached (see
        toasoan.serving.fragments): each is one query the first time it is used."""
        context = super().get_context(request, *args, **kwargs)
        same_section = SimpleLazyObject(self.same_section) if self.section_id else []
        # The byline names the authors: their keys are part of the text's fragment. A
        # reader's request knows their ids (article_for_reader) and reads the authors
        # themselves only where a fragment that shows them renders.
        author_ids = getattr(self, "reader_author_ids", None)
        if author_ids is None:
            authors = list(self.authors.all())
            author_ids = [a.pk for a in authors]
        else:
            authors = self.reader_authors
        page_key = surrogate_keys.page(self.pk)
        text_keys = [page_key, *map(surrogate_keys.author, author_ids)]
        text_keys += [surrogate_keys.media(pk) for pk in self.video_ids()]
        surrogate_keys.tag(*text_keys)
        context.update(
            page_key=page_key,
            text_depends=" ".join(text_keys),
            related_depends=f"{page_key} {surrogate_keys.section_list(self.section_id)}",
            comments_key=surrogate_keys.comments(self.pk),
            # A listed article's change purges this page (articles.receivers: listed_by).
            related_articles=surrogate_keys.Tagged(
                SimpleLazyObject(
                    lambda: self.related_articles(
                        preview=getattr(request, "is_preview", False)
                    )
                )
            ),
            section_articles=surrogate_keys.Tagged(
                same_section, surrogate_keys.section_list(self.section_id)
            ),
            # One list for the "Địa phương" and weather blocks, so they share its units.
            article_localities=surrogate_keys.Tagged(
                self.localities.all(), item_key=surrogate_keys.locality
            ),
            article_tags=surrogate_keys.Tagged(self.tags.all(), item_key=None),
            # Read only where the text's fragment renders (a correction purges the page).
            article_corrections=self.corrections.all(),
            article_authors=authors,
            # The first photo a page shows is fetched at once, the others lazily.
            picture_state={"eager": True},
            share_url=PaperSettings.for_request(request).absolute(
                article_path(self.slug, self.pk)
            ),
        )
        return context


class RelatedLink(Orderable):
    """An article the editor chose for "Tin liên quan" (part of the page's revisions)."""

    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    related = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="bài liên quan",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("related")]

    class Meta(Orderable.Meta):
        verbose_name = "tin liên quan"
        verbose_name_plural = "tin liên quan"


class RelatedArticle(models.Model):
    """ "Tin liên quan" computed when an article is published (toasoan.search.related):
    articles near it in content, locality and time, best first. Written by the search
    app, read here: the article page reads a handful of rows by the article's key."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="computed_related"
    )
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        verbose_name = "tin liên quan (tự động)"
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_once")
        ]
        indexes = [
            models.Index(fields=["article", "-score"], name="related_best"),
            # Which pages list an article, to purge them when it changes.
            models.Index(fields=["related"], name="related_listed_by"),
        ]
