"""Who signs articles and what they are about: authors, topics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from toasoan.foundation.models import NamedPage
from toasoan.vietnamese import vietnamese_slug


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
