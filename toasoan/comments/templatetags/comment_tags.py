from django import template

from toasoan.serving import keys as surrogate_keys

from .. import selectors, services
from ..text import render_body

register = template.Library()


@register.filter
def comment_html(text: str):
    """A comment's plain text as safe HTML (escaped, line breaks, nofollow ugc links)."""
    return render_body(text or "")


@register.inclusion_tag("comments/teaser.html", takes_context=True)
def comment_teaser(context, article):
    """The article page's comment box: the count and the rule that applies, with a link
    to the uncached block (/binh-luan/{id}/) that site.js loads in its place."""
    rules = services.paper_settings(context.get("request"))
    surrogate_keys.tag(surrogate_keys.comments(article.pk))
    return {
        "article": article,
        "count": selectors.published_count(article_id=article.pk),
        "policy": services.article_policy(article, rules),
    }


@register.inclusion_tag("comments/notice.html")
def comment_notice(policy):
    """What a reader is told before writing, as the paper's (or the article's) rule says."""
    return {"policy": policy}
