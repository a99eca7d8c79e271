"""The surrogate keys of an article, or any page, that a change of it purges (the
receivers' purges and the services that write tags without a signal share them)."""

from __future__ import annotations

from wagtail.models import Page

from toasoan.serving import keys

from .models import ArticlePage
from .selectors import listed_by


def article_keys(article: ArticlePage) -> list[str]:
    """The article's own page and every list it is (or is about to be) in. Lists it left
    (a tag removed) carry its page key already."""
    return [
        keys.page(article.pk),
        keys.LATEST,
        keys.section_list(article.section_id),
        *(keys.topic_list(pk) for pk in article.tags.values_list("pk", flat=True)),
        *(keys.author_list(a.pk) for a in article.authors.all()),
        *(keys.locality_list(loc.pk) for loc in article.localities.all()),
        # Pages whose "Tin liên quan" lists it (their fragment depends on their own key).
        *(keys.page(pk) for pk in listed_by(article.pk)),
    ]


def page_keys(page: Page) -> list[str]:
    page = page.specific_deferred if type(page) is Page else page
    if isinstance(page, ArticlePage):
        return article_keys(page)
    # A section or the home page: its own page, and the menu of every page.
    return [keys.page(page.pk), keys.SITE]
