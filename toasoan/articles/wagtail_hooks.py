"""What the editor is told on save: the localities an article names, to confirm with one
click (a form inside the admin's message; nothing is tagged without that click), and the
proofreader's flags, which publishing asks about before it goes ahead."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from toasoan.foundation.pagination import id_from_query
from toasoan.places.models import Locality
from toasoan.places.selectors import chooser_label, display_name, search_localities
from toasoan.places.tagging import TAG_AT, suggest

from .models import (
    ArticlePage,
    Author,
    Correction,
    SectionPage,
    Takedown,
)
from .proofreading import (
    StaleFlag,
    article_flag_fix,
    article_flag_ignore,
    article_flags,
)
from .selectors import most_read
from .services import article_localities_add
from .text import article_text

archive_log = logging.getLogger("toasoan.archive")
OFFER = 8
OFFERED_KEY = "articles:localities-offered"  # session: page id -> locality ids offered


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
    # Once per article: the same names are not offered again on the next save.
    offered = request.session.get(OFFERED_KEY, {})
    before = set(offered.get(str(page.pk), []))
    if not hits or {h.locality.pk for h in hits} <= before:
        return
    offered[str(page.pk)] = sorted(before | {h.locality.pk for h in hits})
    request.session[OFFERED_KEY] = offered
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


def _is_autosave(request) -> bool:
    """Wagtail's autosave posts for JSON: a message added then would pile up unseen
    and all show at the next page load."""
    return not request.accepts("text/html")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _offer_after_save(request, page):
    if _is_autosave(request):
        return
    offer_localities(request, page)
    tell_proofreading(request, page)


def tell_proofreading(request, page) -> None:
    page = page.specific
    if not isinstance(page, ArticlePage):
        return
    flags = article_flags(page)
    if flags:
        examples = ", ".join(
            f"«{f.text}» → «{f.suggestion}»" if f.suggestion else f"«{f.text}»"
            for f in flags[:3]
        )
        messages.warning(
            request,
            f"Soát chính tả: {len(flags)} chỗ có thể sai ({examples}"
            f"{', …' if len(flags) > 3 else ''}); xem mục Soát chính tả ở đầu bài.",
        )


@hooks.register("before_publish_page")
def _confirm_publishing_with_flags(request, page):
    """Publishing (or scheduling) an article with flags nobody looked at asks first:
    the version is already saved as a draft; ticking "Tôi đã soát" in the proofreading
    panel and publishing again goes ahead."""
    page = page.specific
    if not isinstance(page, ArticlePage) or request.POST.get("proofread_confirmed"):
        return None
    flags = article_flags(page)
    if not flags:
        return None
    messages.warning(
        request,
        f"Chưa xuất bản: bài còn {len(flags)} chỗ có thể sai chính tả. Bản này đã được "
        "lưu thành bản nháp. Sửa hoặc bấm “Không phải lỗi” ở mục Soát chính tả, hoặc "
        "đánh dấu ô “Tôi đã soát; vẫn xuất bản” rồi xuất bản lại.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


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


@hooks.register("insert_editor_js")
def _proofreading_js():
    return format_html('<script src="{}"></script>', static("js/proofreading.js"))


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("dia-phuong/tim/", search_places, name="places_search"),
        path("dia-phuong/gan/<id:page_id>/", tag_article, name="places_tag_article"),
        path("soat-chinh-ta/<id:page_id>/sua/", proofread_fix, name="proofread_fix"),
        path(
            "soat-chinh-ta/<id:page_id>/bo-qua/",
            proofread_ignore,
            name="proofread_ignore",
        ),
    ]


# Corrections and takedowns (Luật Báo chí 2016, Art. 42): the managing editor records
# them in the admin (newsroom.roles gives the permissions); who did it is kept.
class RecordsWhoCreateView(snippet_views.CreateView):
    def save_instance(self):
        if self.form.instance.created_by_id is None:
            self.form.instance.created_by = self.request.user
        return super().save_instance()


class CorrectionViewSet(SnippetViewSet):
    model = Correction
    icon = "warning"
    menu_label = "Cải chính"
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = RecordsWhoCreateView
    list_display = ["original_title", "original_section", "published_at", "created_by"]
    search_fields = ["original_title", "wrong", "corrected"]


class TakedownViewSet(SnippetViewSet):
    model = Takedown
    icon = "cross"
    menu_label = "Gỡ bài"
    menu_order = 261
    add_to_admin_menu = True
    add_view_class = RecordsWhoCreateView
    list_display = ["original_title", "created_at", "created_by"]
    search_fields = ["original_title", "reason"]


register_snippet(CorrectionViewSet)
register_snippet(TakedownViewSet)


# The archive duty (Nghị định 08/2017): what was published stays at least 12 months.
ARCHIVE_DAYS = 365


def archive_protected(pages) -> list[ArticlePage]:
    """Articles among ``pages`` and below them first published under 12 months ago."""
    cutoff = timezone.now() - dt.timedelta(days=ARCHIVE_DAYS)
    found: list[ArticlePage] = []
    for page in pages:
        found += ArticlePage.objects.descendant_of(page, inclusive=True).filter(
            first_published_at__gte=cutoff
        )[:5]
    return found


def _refuse_or_log(request, pages, back):
    protected = archive_protected(pages)
    if not protected:
        return None
    names = ", ".join(f"“{p.title}”" for p in protected[:3])
    if not request.user.is_superuser:
        messages.error(
            request,
            f"Không xóa được: {names} đăng chưa đủ 12 tháng, thời hạn lưu trữ báo điện tử "
            "(Nghị định 08/2017/NĐ-CP). Hãy dùng “Gỡ bài” để gỡ khỏi trang mà vẫn lưu lại.",
        )
        return redirect(back)
    if request.method == "POST":
        archive_log.warning(
            "superuser %s deletes %s, published under 12 months ago",
            request.user.get_username(),
            [p.pk for p in protected],
        )
    return None


@hooks.register("before_delete_page")
def keep_the_archive(request, page):
    return _refuse_or_log(
        request, [page], reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )


@hooks.register("before_bulk_action")
def keep_the_archive_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    pages = [o for o in objects if isinstance(o, Page)]
    back = request.GET.get("next") or reverse("wagtailadmin_explore_root")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtailadmin_explore_root")
    return _refuse_or_log(request, pages, back)


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


@hooks.register("register_admin_urls")
def _most_read_urls():
    return [path("doc-nhieu/", most_read_report, name="articles_most_read")]


@hooks.register("register_reports_menu_item")
def _most_read_menu_item():
    return MenuItem(
        "Đọc nhiều", reverse("articles_most_read"), icon_name="view", order=50
    )
