"""The editor is offered the localities an article names, on save, to confirm with one
click (a form inside the admin's message); nothing is tagged without that click."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages

from toasoan.places.models import Locality
from toasoan.places.selectors import display_name
from toasoan.places.tagging import TAG_AT, suggest

from .models import ArticlePage
from .pagination import id_from_query
from .services import article_localities_add
from .text import article_text

OFFER = 8


def _day(page) -> dt.date:
    when = page.go_live_at or page.first_published_at or timezone.now()
    return timezone.localtime(when).date()


def offer_localities(request, page) -> None:
    """Add a message listing the units the article names and does not carry yet."""
    page = page.specific
    if not isinstance(page, ArticlePage):
        return
    tagged = {loc.pk for loc in page.localities.all()}
    hits = [
        h
        for h in suggest("\n".join(article_text(page)), _day(page))
        if h.locality.pk not in tagged
    ][:OFFER]
    if not hits:
        return
    boxes = format_html_join(
        " ", '<label><input type="checkbox" name="ids" value="{}"{}> {} <small>(«{}»)</small></label>',
        ((h.locality.pk, " checked" if h.score >= TAG_AT else "", display_name(h.locality), h.text) for h in hits),
    )  # fmt: skip
    form = format_html(
        '<form method="post" action="{}" class="locality-offer">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}"> {} '
        '<button type="submit" class="button button-small">Gắn địa phương đã chọn</button></form>',
        reverse("places_tag_article", args=[page.pk]), get_token(request), boxes,
    )  # fmt: skip
    # Wagtail's admin messages render their "detail" as HTML: the form goes there.
    django_messages.info(request, messages.render(
        "Bài viết nhắc đến các địa phương sau; đánh dấu rồi bấm một lần để gắn:", None, form,
    ))  # fmt: skip


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _offer_after_save(request, page):
    offer_localities(request, page)


@require_POST
def tag_article(request, page_id: int):
    """Add the chosen localities to the article's latest version: published again if it
    was live without pending changes and the user may publish, else saved as a draft."""
    page = get_object_or_404(ArticlePage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    ids = [i for i in map(id_from_query, request.POST.getlist("ids")) if i]
    units = list(Locality.objects.filter(pk__in=ids))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not units:
        messages.warning(request, "Chưa chọn địa phương nào.")
        return redirect(edit_url)
    outcome = article_localities_add(article=page, localities=units, user=request.user)
    names = ", ".join(display_name(u) for u in units)
    if outcome == "published":
        messages.success(request, f"Đã gắn và xuất bản: {names}.")
    else:
        messages.success(
            request,
            f"Đã gắn vào bản nháp mới nhất: {names}. Địa phương hiện trên trang khi bài được xuất bản.",
        )
    return redirect(edit_url)


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("dia-phuong/gan/<id:page_id>/", tag_article, name="places_tag_article")
    ]
