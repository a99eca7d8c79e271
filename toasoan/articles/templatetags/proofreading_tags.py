from django import template

from ..proofreading import article_flags, inline_data

register = template.Library()


@register.simple_tag
def proofreading_flags(page):
    """The flags on the saved version of ``page``; None before its first save."""
    return article_flags(page) if page.pk else None


@register.simple_tag
def proofreading_inline(page, flags):
    """The flags as the editor's script draws them on the words."""
    return inline_data(page, flags)
