"""The blocks of reader pages whose data articles own: "Địa phương" and sharing."""

from django import template

from toasoan.places.selectors import locality_links
from toasoan.serving import keys as surrogate_keys

from ..coverage import home_units
from ..models import HOME_PER_SECTION, ArticlePage
from ..selectors import locality_articles

register = template.Library()


@register.inclusion_tag("components/local_block.html")
def article_local_block(article, localities):
    """An article's "Địa phương" box: the latest about its first locality, and "Xem thêm"
    each of its localities (a former unit says what it is today)."""
    listed = locality_articles(localities=localities, exclude=article.pk)
    surrogate_keys.tag(*(surrogate_keys.locality_list(loc.pk) for loc in localities))
    surrogate_keys.tag_pages(listed)
    return {
        "locality_articles": listed,
        "locality_links": locality_links(localities),
        "empty_text": "Bài viết chưa gắn địa phương.",
    }


@register.inclusion_tag("components/local_block.html")
def home_local_block(section=None):
    """The home page's "Địa phương" box: the local section's latest, and today's units
    most recently written about (about them or the units they took over), with how many
    articles their pages list."""
    articles = []
    if section:
        articles = list(
            ArticlePage.objects.published().filter(section=section)[:HOME_PER_SECTION]
        )
    units = home_units()
    surrogate_keys.tag(surrogate_keys.LATEST)
    surrogate_keys.tag(*(surrogate_keys.locality(unit.pk) for unit, _ in units))
    surrogate_keys.tag_pages(articles)
    return {
        "locality_articles": articles,
        "locality_links": [
            {**link, "count": count}
            for link, (_, count) in zip(
                locality_links([unit for unit, _ in units]), units
            )
        ],
        "more": section,
        "empty_text": "Chưa có bài viết gắn địa phương.",
        "summary": True,
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
    pen names; an author the text does not name is added after it. Names are found in
    the plain text, longest first ("Minh Hiếu" before "Minh"), then everything escaped."""
    import re

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    text = page.byline or ", ".join(a.byline_name for a in authors)
    if not text:
        return ""
    names = sorted(
        {(name, a.pk): a for a in authors for name in (a.byline_name, a.name) if name},
        key=lambda key: -len(key[0]),
    )
    by_pk = {a.pk: a for a in authors}
    taken: list[tuple[int, int, object]] = []  # (start, end, author), no overlaps
    linked = set()
    for name, pk in names:
        if pk in linked:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if all(m.end() <= a or m.start() >= b for a, b, _ in taken):
                taken.append((m.start(), m.end(), by_pk[pk]))
                linked.add(pk)
                break
    out, pos = [], 0
    for start, end, author in sorted(taken, key=lambda t: t[0]):
        out.append(format_html("{}", text[pos:start]))
        out.append(
            format_html(
                '<a href="{}" rel="author">{}</a>',
                author.get_absolute_url(),
                text[start:end],
            )
        )
        pos = end
    out.append(format_html("{}", text[pos:]))
    for author in authors:
        if author.pk not in linked:
            out.append(
                format_html(
                    ', <a href="{}" rel="author">{}</a>',
                    author.get_absolute_url(),
                    author.byline_name,
                )
            )
    return mark_safe("".join(out))  # noqa: S308 (every piece went through format_html)
