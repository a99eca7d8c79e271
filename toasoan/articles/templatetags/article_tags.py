"""The blocks of reader pages whose data articles own: "Địa phương" and sharing."""

from django import template

from toasoan.places.selectors import locality_links

from ..models import HOME_PER_SECTION, ArticlePage
from ..selectors import locality_articles, recent_localities

register = template.Library()


@register.inclusion_tag("components/local_block.html")
def article_local_block(article, localities):
    """An article's "Địa phương" box: the latest about its first locality, and "Xem thêm"
    each of its localities (a former unit says what it is today)."""
    return {
        "locality_articles": locality_articles(
            localities=localities, exclude=article.pk
        ),
        "locality_links": locality_links(localities),
        "empty_text": "Bài viết chưa gắn địa phương.",
    }


@register.inclusion_tag("components/local_block.html")
def home_local_block(section=None):
    """The home page's "Địa phương" box: the local section's latest, and the localities
    most recently written about."""
    articles = []
    if section:
        articles = list(
            ArticlePage.objects.published().filter(section=section)[:HOME_PER_SECTION]
        )
    return {
        "locality_articles": articles,
        "locality_links": locality_links(recent_localities()),
        "more": section,
        "empty_text": "Chưa có bài viết gắn địa phương.",
    }


@register.inclusion_tag("components/share_block.html")
def share_block(page, url):
    """ "Chia sẻ thông tin với bạn bè!": Facebook, Zalo, X, e-mail, copy link."""
    return {"page": page, "share_url": url}


@register.inclusion_tag("articles/preview_proofreading.html", takes_context=True)
def preview_proofreading(context, page):
    """In the editor's preview only: the proofreader's flags above the article."""
    request = context.get("request")
    if not getattr(request, "is_preview", False):
        return {"flags": None}
    from toasoan.articles.proofreading import article_flags

    return {"flags": article_flags(page)}
