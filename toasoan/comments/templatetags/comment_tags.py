from django import template
from django.utils.html import format_html

from toasoan.serving import edge
from toasoan.serving import keys as surrogate_keys

from .. import selectors, services
from ..text import render_body

register = template.Library()


@register.filter
def comment_html(text: str):
    """A comment's plain text as safe HTML (escaped, line breaks, nofollow ugc links)."""
    return render_body(text or "")


AVATAR_COLOURS = 8  # .avatar-0 … .avatar-7 in site.css


@register.filter
def initials(name: str) -> str:
    """The reader's avatar, drawn here rather than fetched from an avatar service: the
    first letter of the given name, which Vietnamese puts last ("Nguyễn Văn An" → "A")."""
    words = [w for w in str(name).split() if w[:1].isalnum()]
    return words[-1][0].upper() if words else "?"


@register.filter
def avatar_colour(name: str) -> int:
    """One of a few colours, the same for the same name on every page and machine."""
    return sum(str(name).encode()) % AVATAR_COLOURS


@register.inclusion_tag("comments/teaser.html", takes_context=True)
def comment_teaser(context, article):
    """The article page's comment box: the shared block (?khung=1, cached on its own)
    put in by Varnish; elsewhere the count and the rule that applies, with a link to the
    block's own page (/binh-luan/{id}/), which site.js replaces by the shared block."""
    rules = services.paper_settings(context.get("request"))
    if not edge.includes():
        # The count is on the page itself: a comment's approval changes the page. Put
        # in by Varnish, it is the block's alone, and the page is not fetched again.
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


@register.simple_tag(takes_context=True)
def comment_csrf(context):
    """The CSRF field of a comment form: filled where the block is this reader's own
    (the page without JavaScript), empty in the cached block (site.js fills it from
    /binh-luan/<id>/phien when the reader acts). Reading the token marks the response
    as varying by cookie, which the cached block must never do."""
    token = context.get("csrf_token") if context.get("personal") else ""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token or ""
    )
