from django import template

from ..proofreading import article_flags

register = template.Library()


@register.simple_tag
def proofreading_flags(page):
    """The flags on the saved version of ``page``; None before its first save."""
    return article_flags(page) if page.pk else None
