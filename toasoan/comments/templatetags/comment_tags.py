from django import template

from ..text import render_body

register = template.Library()


@register.filter
def comment_html(text: str):
    """A comment's plain text as safe HTML (escaped, line breaks, nofollow ugc links)."""
    return render_body(text or "")
