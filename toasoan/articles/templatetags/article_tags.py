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


@register.simple_tag
def byline(page, authors):
    """The byline as printed, each author's name in it a link to their page: the
    byline text when the editor wrote one ("Minh Hiếu - Lê Hợi"), else the authors'
    pen names; an author the text does not name is added after it."""
    import re

    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    text = page.byline or ", ".join(a.byline_name for a in authors)
    if not text:
        return ""
    parts = [str(escape(text))]  # even indexes: escaped text; odd: links made
    extra = []
    for author in authors:
        url = author.get_absolute_url()
        for name in dict.fromkeys(filter(None, (author.byline_name, author.name))):
            target = re.compile(rf"(?<!\w){re.escape(str(escape(name)))}(?!\w)")
            hits = [(i, target.search(parts[i])) for i in range(0, len(parts), 2)]
            hit = next(((i, m) for i, m in hits if m), None)
            if hit:
                i, m = hit
                link = format_html('<a href="{}" rel="author">{}</a>', url, name)
                parts[i : i + 1] = [parts[i][: m.start()], link, parts[i][m.end() :]]
                break
        else:
            extra.append(
                format_html('<a href="{}" rel="author">{}</a>', url, author.byline_name)
            )
    out = "".join(parts) + "".join(f", {link}" for link in extra)
    return mark_safe(out)  # noqa: S308 (every piece escaped above)
