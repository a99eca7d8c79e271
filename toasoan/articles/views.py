from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.views import serve_chain

from toasoan.foundation.pagination import paginate
from toasoan.places import selectors as places
from toasoan.places.maps import locality_map
from toasoan.places.models import Locality, LocalitySlug
from toasoan.serving import keys as surrogate_keys

from . import readership
from .models import (
    ArticlePage,
    Author,
    Correction,
    Topic,
)
from .selectors import article_for_reader, most_read, taken_down


def article_view(request, slug: str, pk: int):
    """/{slug}-{id}.htm: the id decides; a stale slug redirects to the current one."""
    # Even the 404 and the redirect carry the page's key: publishing purges them.
    surrogate_keys.tag(surrogate_keys.page(pk))
    try:
        article = article_for_reader(pk)
    except Http404:
        taken = taken_down(pk)
        if taken is None:
            raise
        return render(request, "pages/taken_down.html", {"takedown": taken}, status=410)
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


def _listing(
    request, heading: str, articles, template="pages/listing_page.html", **extra
):
    context = {"heading": heading, "page_obj": paginate(request, articles), **extra}
    surrogate_keys.tag_pages(context["page_obj"].items)
    return render(request, template, context)


def tag_view(request, slug: str):
    tag = get_object_or_404(Topic, slug=slug)
    surrogate_keys.tag(surrogate_keys.topic_list(tag.pk))
    return _listing(
        request,
        f"Chủ đề: {tag.name}",
        ArticlePage.objects.published().filter(tags=tag),
        feed_url=f"/rss/chu-de/{tag.slug}.rss",
    )


def author_view(request, slug: str):
    author = get_object_or_404(Author, slug=slug)
    surrogate_keys.tag(
        surrogate_keys.author(author.pk), surrogate_keys.author_list(author.pk)
    )
    articles = ArticlePage.objects.published().filter(authors=author)
    return _listing(
        request,
        f"Tác giả: {author.byline_name}",
        articles,
        intro=author.bio,
        feed_url=f"/rss/tac-gia/{author.slug}.rss",
    )


def locality_view(request, slug: str):
    """A locality's page: what it is or became, and the articles about it and about the
    units it took over ("khu vực … cũ"), newest first. Old slugs redirect."""
    locality = Locality.objects.select_related("parent").filter(slug=slug).first()
    if locality is None:
        old = get_object_or_404(
            LocalitySlug.objects.select_related("locality"), slug=slug
        )
        return redirect(old.locality.get_absolute_url(), permanent=True)
    former = places.predecessors(locality) if locality.key else []
    ids = [locality.pk, *(f.pk for f in former)]
    surrogate_keys.tag(
        *(surrogate_keys.locality(pk) for pk in ids),
        *(surrogate_keys.locality_list(pk) for pk in ids),
    )
    articles = ArticlePage.objects.published().filter(localities__in=ids).distinct()
    now = locality.current_units
    successions = places.successions(locality) if locality.valid_to else []
    direct = {u.pk for group in successions for u in group["units"]}
    context = {
        "locality": locality,
        "successions": successions,
        # "Nay là" only where today's units differ from the direct successors listed above.
        "current_successors": now
        if locality.valid_to and {u.pk for u in now} != direct
        else [],
        "predecessors": former,
        "map": locality_map(locality, now),
        "weather_localities": [locality],
    }
    page_obj = paginate(request, articles)
    surrogate_keys.tag_pages(page_obj.items)
    if not page_obj.items and page_obj.number == 1:
        context.update(_why_no_articles(locality, former, now))
    return render(
        request,
        "pages/locality_page.html",
        {
            "heading": locality.name,
            "page_obj": page_obj,
            "feed_url": f"/rss/dia-phuong/{locality.slug}.rss",
            **context,
        },
    )


def _why_no_articles(locality: Locality, former, now) -> dict:
    """A locality page with no articles says why, and where articles about the place
    may be: today's units for a former one; for one of today's, the former districts
    its area belonged to (articles about a whole district are not about each commune)."""
    ids = [locality.pk, *(f.pk for f in former)]
    if not locality.key:
        reason = "Chưa có bài viết nào đang xuất bản gắn với địa danh này."
        elsewhere = []
    elif locality.valid_to:
        reason = (
            f"Chưa có bài viết nào gắn với {locality.name} trong thời gian đơn vị này "
            f"tồn tại (đến {locality.valid_to:%d/%m/%Y})."
        )
        elsewhere = [u for u in now if u.pk != locality.pk]
    else:
        names = ", ".join(places.display_name(f) for f in former[:6])
        reason = f"Chưa có bài viết nào về {locality.name}" + (
            f" hay các đơn vị cũ nay thuộc địa bàn này ({names}{'…' if len(former) > 6 else ''})."
            if former
            else "."
        )
        # The districts (until 2025) of the communes it took over.
        districts = Locality.objects.filter(
            pk__in={f.parent_id for f in former if f.parent_id}, level="district"
        ).exclude(pk__in=ids)
        elsewhere = list(districts.order_by("name")[:6])
    return {
        "empty_reason": reason,
        "empty_elsewhere": [
            {"locality": u, "display": places.display_name(u)} for u in elsewhere
        ],
        "empty_elsewhere_former": bool(locality.valid_to is None and locality.key),
    }


def corrections_view(request):
    """/cai-chinh: every correction the paper published, newest first (Art. 42)."""
    surrogate_keys.tag(surrogate_keys.CORRECTIONS)
    page_obj = paginate(request, Correction.objects.select_related("article"))
    return render(request, "pages/corrections.html", {"page_obj": page_obj})


MOST_READ_SECONDS = 300  # how stale "Đọc nhiều" may be in the front cache


@csrf_exempt  # no cookie is read or set; other sites' beacons are refused by Origin
@require_POST
def view_beacon(request, article_id: int):
    """POST /xem/<id> from site.js (in production answered by readership's WSGI layer
    before it reaches here)."""
    readership.count_beacon(article_id, request.META)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def most_read_view(request):
    """/doc-nhieu: today's and the week's most read; ?khung=1 is the side block site.js
    puts on the home and article pages. Cached for five minutes, and purged with the
    articles it lists (a takedown must leave it at once)."""
    today, week = most_read(days=1, limit=10), most_read(days=7, limit=10)
    # Its own key too: an empty list (no view yet today) is cached all the same.
    surrogate_keys.tag(surrogate_keys.MOST_READ)
    surrogate_keys.tag_pages([a for a, _ in today + week])
    template = (
        "components/most_read.html"
        if request.GET.get("khung")
        else "pages/most_read.html"
    )
    response = render(request, template, {"today": today, "week": week})
    response.shared_max_age = MOST_READ_SECONDS
    return response
