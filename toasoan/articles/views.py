from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from wagtail import hooks
from wagtail.views import serve_chain

from . import selectors
from .models import Author, Locality, Topic, article_by_id
from .pagination import paginate


def article_view(request, slug: str, pk: int):
    """/{slug}-{id}.htm: the id decides; a stale slug redirects to the current one."""
    article = article_by_id(pk)
    if slug != article.slug:
        return redirect(article.get_url(request), permanent=True)
    # As wagtail.views.serve does: view restrictions (private, password) are hooks.
    chain = serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(article, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    return chain(article, request, [], {})


def tag_view(request, slug: str):
    tag = get_object_or_404(Topic, slug=slug)
    articles = selectors.published_articles().filter(tags=tag)
    return render(
        request,
        "pages/listing_page.html",
        {"heading": f"Chủ đề: {tag.name}", "kind": "tag", "page_obj": paginate(request, articles)},
    )


def author_view(request, slug: str):
    author = get_object_or_404(Author, slug=slug)
    articles = selectors.published_articles().filter(authors=author)
    return render(
        request,
        "pages/listing_page.html",
        {
            "heading": f"Tác giả: {author.name}",
            "intro": author.bio,
            "kind": "author",
            "page_obj": paginate(request, articles),
        },
    )


def locality_view(request, slug: str):
    locality = get_object_or_404(Locality, slug=slug)
    articles = selectors.published_articles().filter(localities=locality)
    return render(
        request,
        "pages/listing_page.html",
        {
            "heading": locality.name,
            "kind": "locality",
            "locality": locality,
            "page_obj": paginate(request, articles),
        },
    )
