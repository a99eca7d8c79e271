"""The podcasts' block on the paper's search page (the search app knows no podcasts:
the page template composes them)."""

from django import template

from toasoan.serving import keys

from ..search import search_episodes

register = template.Library()


@register.inclusion_tag("podcasts/search_block.html", takes_context=True)
def podcast_results(context, q: str):
    request = context["request"]
    if not q or request.GET.get("chuyen-muc") or request.GET.get("dia-phuong"):
        return {"hits": []}
    keys.tag(keys.PODCASTS)
    return {"hits": search_episodes(q), "q": q}
