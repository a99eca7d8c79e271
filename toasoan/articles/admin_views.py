"""The articles app's own admin views: the proofreading panel's buttons, the locality
picker's search and tagging, and the "Đọc nhiều" report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from toasoan.foundation.pagination import id_from_query
from toasoan.places.models import Locality
from toasoan.places.selectors import chooser_label, display_name, search_localities

from .models import (
    ArticlePage,
    Author,
    SectionPage,
)
from .proofreading import (
    StaleFlag,
    article_flag_fix,
    article_flag_ignore,
)
from .selectors import most_read
from .services import article_localities_add


def _editable_article(request, page_id: int) -> ArticlePage:
    """The article, if this user may edit it now: not while it is locked for them (a
    workflow step locks it for the reporter, as Wagtail's editor does)."""
    page = get_object_or_404(ArticlePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    lock = page.get_lock()
    if lock and lock.for_user(request.user):
        raise PermissionDenied
    return page


@require_POST
def proofread_fix(request, page_id: int):
    """The proofreading panel's "Sửa": the suggestion in place of the flagged words, in
    a new draft revision of the latest version."""
    page = _editable_article(request, page_id)
    try:
        article_flag_fix(
            article=page, ref=request.POST.get("flag", ""), user=request.user
        )
    except StaleFlag:
        messages.error(
            request,
            "Không sửa được: đoạn chữ đã thay đổi từ lúc soát. Lưu nháp để soát lại.",
        )
    else:
        messages.success(
            request,
            "Đã sửa theo gợi ý và lưu thành bản nháp mới.",
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def proofread_ignore(request, page_id: int):
    """The proofreading panel's "Không phải lỗi": not shown again for this article."""
    page = _editable_article(request, page_id)
    try:
        ignore = article_flag_ignore(
            article=page, ref=request.POST.get("flag", ""), user=request.user
        )
    except StaleFlag:
        messages.error(
            request, "Không nhận ra chỗ cần bỏ qua; tải lại trang và thử lại."
        )
    else:
        messages.success(
            request, f"Đã ghi nhận «{ignore.text}» không phải lỗi trong bài này."
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


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


def search_places(request):
    """The locality picker's search: JSON of units matching ``q``, with or without
    marks, today's units first."""
    query = request.GET.get("q", "")[:100]
    units = search_localities(query) if isinstance(query, str) else []
    return JsonResponse(
        {
            "results": [
                {"id": u.pk, "label": chooser_label(u), "current": u.valid_to is None}
                for u in units
            ]
        }
    )


# "Đọc nhiều" for the newsroom: today or the last 7 days, per section and per author.
MOST_READ_PERIODS = {"1": "Hôm nay", "7": "7 ngày qua", "30": "30 ngày qua"}


def most_read_report(request):
    period = request.GET.get("ky", "1")
    if period not in MOST_READ_PERIODS:
        period = "1"
    section_id = id_from_query(request.GET.get("chuyen-muc"))
    author_id = id_from_query(request.GET.get("tac-gia"))
    rows = most_read(
        days=int(period), limit=50, section_id=section_id, author_id=author_id
    )
    return render(
        request,
        "articles/admin/most_read.html",
        {
            "header_title": "Đọc nhiều",
            "page_title": "Đọc nhiều",
            "header_icon": "view",
            "rows": rows,
            "period": period,
            "periods": MOST_READ_PERIODS,
            "sections": SectionPage.objects.live().order_by("title"),
            "authors": Author.objects.order_by("name")[:500],
            "section_id": section_id,
            "author_id": author_id,
        },
    )
