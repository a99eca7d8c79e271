"""The paper's page tree: HomePage -> SectionPage -> ArticlePage, plus authors, topics and
the per-paper settings. An article's localities are `places.Locality` rows."""

from __future__ import annotations

import datetime as dt
import hashlib

import django
import wagtail
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from toasoan.foundation.pagination import page_number, paginate
from toasoan.places.models import Locality
from toasoan.serving import fragments
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.memo import RememberedSiteSetting
from toasoan.vietnamese import vietnamese_slug

from .forms import ArticleForm
from .panels import ProofreadingPanel
from .widgets import LocalityPicker

HOME_TOP = 5
HOME_PER_SECTION = 4
RELATED = 6
# "Tin liên quan": the editor's choices first, then the computed ones.
RELATED_SHOWN = 5
# The section whose articles the home page shows in its "Địa phương" box, not as a block.
LOCAL_SECTION_SLUG = "dia-phuong"


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
        "chia sẻ, RSS và sitemap. Để trống: địa chỉ của trang web trong Wagtail.",
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
            [FieldPanel("paper_name"), FieldPanel("tagline"), FieldPanel("source_tag"),
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
        base = self.public_url.rstrip("/")
        if not base:
            site = self.site
            base = site.root_url if site else ""
        return base + path


class NamedPage(models.Model):
    """A name with a folded slug and its own listing page (authors)."""

    url_prefix = ""
    name = models.CharField("tên", max_length=120)
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/{self.url_prefix}/{self.slug}"


@register_snippet
class Author(index.Indexed, NamedPage):
    """A person who signs articles: a staff member (linked to their account, so their
    new articles are signed by them) or a contributor without one. Bylines show the pen
    name ("bút danh") when there is one, and link to the author's page."""

    url_prefix = "tac-gia"
    pen_name = models.CharField(
        "bút danh",
        max_length=120,
        blank=True,
        help_text="Tên ký dưới bài, nếu khác tên thật.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản tòa soạn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="Bài mới do người này tạo sẽ tự ghi người này là tác giả.",
    )
    bio = models.TextField("giới thiệu", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("pen_name"),
        FieldPanel("slug"),
        FieldPanel("user"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("pen_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("pen_name"),
    ]

    @property
    def byline_name(self) -> str:
        return self.pen_name or self.name

    class Meta(NamedPage.Meta):
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"


class Topic(TagBase):
    """A tag ("chủ đề") whose slug folds Vietnamese marks: /chu-de/xay-dung-dang."""

    class Meta:
        verbose_name = "chủ đề"
        verbose_name_plural = "chủ đề"

    def slugify(self, tag, i=None):
        slug = vietnamese_slug(tag, max_words=20)
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return f"/chu-de/{self.slug}"


class ArticleTag(ItemBase):
    tag = models.ForeignKey(
        Topic, related_name="tagged_articles", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="ảnh", required=False)
    caption = blocks.CharBlock(label="chú thích", required=False, max_length=500)
    credit = blocks.CharBlock(label="tác giả ảnh", required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "Ảnh và chú thích"
        template = "components/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="trích dẫn")
    source = blocks.CharBlock(label="người nói", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "components/quote.html"


ARTICLE_BLOCKS = [
    (
        "paragraph",
        blocks.RichTextBlock(label="Đoạn văn", features=["bold", "italic", "link"]),
    ),
    (
        "heading",
        blocks.CharBlock(
            label="Tiêu đề phụ",
            form_classname="title",
            template="components/heading.html",
        ),
    ),
    ("figure", FigureBlock()),
    ("quote", QuoteBlock()),
]


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

    class Meta:
        verbose_name = "trang chủ"

    def get_context(self, request, *args, **kwargs):
        """Top stories and one block per section: bounded by the number of sections (a
        handful), never by the size of the archive."""
        context = super().get_context(request, *args, **kwargs)
        sections = list(
            SectionPage.objects.live()
            .child_of(self)
            .filter(show_on_home=True)
            .order_by("home_order", "path")
        )
        published = ArticlePage.objects.published()
        context["local_section"] = None
        blocks = []
        for section in sections:
            if section.slug == LOCAL_SECTION_SLUG:
                context["local_section"] = section
                continue
            # Read only where the page's fragment is not cached (one query each).
            items = surrogate_keys.Tagged(
                published.filter(section=section)[:HOME_PER_SECTION],
                surrogate_keys.section_list(section.pk),
            )
            blocks.append({
                "section": section,
                "articles": items,
                "depends": surrogate_keys.section_list(section.pk),
            })  # fmt: skip
        context["top_articles"] = surrogate_keys.Tagged(published[:HOME_TOP])
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
    ]

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().filter(section=self)

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
            .select_related("section", "cover_image")
            .defer("body")
            .order_by("-published_at", "-pk")
        )


class ArticlePage(ReaderPage):
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
        FieldPanel("sapo"),
        FieldPanel("cover_image"),
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
        ]

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = vietnamese_slug(self.title)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            self.section_id = parent.pk
        self.published_at = self.first_published_at
        super().save(*args, **kwargs)

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
        surrogate_keys.tag(*text_keys)
        context.update(
            page_key=page_key,
            text_depends=" ".join(text_keys),
            related_depends=f"{page_key} {surrogate_keys.section_list(self.section_id)}",
            comments_key=surrogate_keys.comments(self.pk),
            # A listed article's change purges this page (articles.receivers: listed_by).
            related_articles=surrogate_keys.Tagged(
                SimpleLazyObject(
                    lambda: related_articles(
                        self, preview=getattr(request, "is_preview", False)
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
            share_url=PaperSettings.for_request(request).absolute(
                article_path(self.slug, self.pk)
            ),
        )
        return context


def article_by_id(pk: int, using: str | None = None) -> ArticlePage:
    try:
        articles = ArticlePage.objects.using(using).live().select_related("section")
        return articles.get(pk=pk)
    except ArticlePage.DoesNotExist as exc:
        raise Http404("Không tìm thấy bài viết") from exc


# The shape of a stored article object: an upgrade (of a field, of Django or Wagtail)
# makes every copy stored before it unused, never half-read. Data migrations end them
# too: every migrate purges the site (articles.apps).
_ARTICLE_SHAPE = hashlib.blake2b(
    repr(
        (
            django.__version__,
            wagtail.__version__,
            [
                (f.attname, type(f).__name__)
                for m in (ArticlePage, Page, SectionPage)
                for f in m._meta.concrete_fields
            ],
        )
    ).encode(),
    digest_size=8,
).hexdigest()


def article_for_reader(pk: int) -> ArticlePage:
    """The live article with its section and its authors' ids, as ``article_by_id``
    reads it, kept in the fragment cache until a purge of its page (publish, edit,
    unpublish, move, delete) or of the site (a section renamed): the two queries and
    their compilation are a third of an uncached article's CPU. Authors are written
    only when the page is saved, which purges it; their own edits purge their keys,
    which the fragments that show them depend on."""

    read = {}

    def build():
        # From the primary: a copy stored under the generation of a purge must never
        # be read from a replica that has not replayed it yet, and must not name a
        # replica the paper may later remove.
        article = article_by_id(pk, using=DEFAULT_DB_ALIAS)
        read["authors"] = list(article.authors.all())
        return article, [a.pk for a in read["authors"]]

    name = f"article-object:{pk}:{_ARTICLE_SHAPE}"
    stored = fragments.cached(name, [surrogate_keys.page(pk)], build)
    try:
        article, author_ids = stored
    except (TypeError, ValueError):  # not what this code stores: read it afresh
        article, author_ids = build()
    article.reader_author_ids = author_ids
    # Just read, or read only where a fragment that shows them renders.
    article.reader_authors = (
        read["authors"]
        if "authors" in read
        else SimpleLazyObject(lambda: list(article.authors.all()))
    )
    return article


def taken_down(pk: int):
    """The latest takedown of an article that is not live now, or None."""
    return (
        Takedown.objects.filter(article_id=pk, article__live=False)
        .order_by("-created_at")
        .first()
    )


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


def related_articles(
    article: ArticlePage, limit: int = RELATED_SHOWN, *, preview: bool = False
) -> list:
    """ "Tin liên quan": the editor's live choices in their order, then (unless the
    editor turned it off) the computed ones, best first; one query. A preview shows
    the choices in the editor's form, not the published ones."""
    if preview:
        chosen_ids = [link.related_id for link in article.related_links.all()]
        found = ArticlePage.objects.published().in_bulk(chosen_ids)
        chosen = [found[i] for i in dict.fromkeys(chosen_ids) if i in found]
        chosen = [a for a in chosen if a.pk != article.pk][:limit]
        if article.related_auto and len(chosen) < limit:
            rows = (
                RelatedArticle.objects.filter(article_id=article.pk, related__live=True)
                .exclude(related_id__in=[a.pk for a in chosen] + [article.pk])
                .select_related("related__section")
                .order_by("-score", "-related_id")
            )
            chosen += [row.related for row in rows[: limit - len(chosen)]]
        return chosen
    links = RelatedLink.objects.filter(
        article_id=article.pk, related_id=models.OuterRef("pk")
    )
    computed = RelatedArticle.objects.filter(
        article_id=article.pk, related_id=models.OuterRef("pk")
    )
    # One IN over a UNION, not two INs OR-ed: PostgreSQL answers an OR of subqueries by
    # testing every article in the archive (70 ms at 200,000), a UNION by the ids alone.
    wanted = RelatedLink.objects.filter(article_id=article.pk).order_by()
    wanted = wanted.values("related_id")
    if article.related_auto:
        computed_ids = RelatedArticle.objects.filter(article_id=article.pk).order_by()
        wanted = wanted.union(computed_ids.values("related_id"))
    rows = (
        ArticlePage.objects.published()
        .filter(pk__in=wanted)
        .exclude(pk=article.pk)
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


def listed_by(article_id: int) -> set[int]:
    """Articles whose "Tin liên quan" may show this one (computed or chosen)."""
    return set(
        RelatedArticle.objects.filter(related_id=article_id).values_list(
            "article_id", flat=True
        )
    ) | set(
        RelatedLink.objects.filter(related_id=article_id).values_list(
            "article_id", flat=True
        )
    )


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


def most_read(*, days: int = 1, limit: int = 10, section_id=None, author_id=None):
    """The live articles read most over the last ``days`` days (today counts as one),
    as (article, views): one grouped query over those days' rows and one for the pages."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = ArticleViews.objects.filter(day__gte=since, article__live=True)
    if section_id:
        rows = rows.filter(article__section_id=section_id)
    if author_id:
        rows = rows.filter(article__authors=author_id)
    top = list(
        rows.values("article")
        .annotate(total=models.Sum("views"))
        .order_by("-total", "-article")[:limit]
    )
    pages = ArticlePage.objects.select_related("section").in_bulk(
        [r["article"] for r in top]
    )
    return [(pages[r["article"]], r["total"]) for r in top if r["article"] in pages]
