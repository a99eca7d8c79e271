"""What the editor is told on save: the localities an article names, to confirm with one
click (a form inside the admin's message; nothing is tagged without that click), and the
proofreader's flags, which publishing asks about before it goes ahead; and the archive
duty, which refuses to delete what was published under 12 months ago. Registered as
Wagtail hooks in ``wagtail_hooks``."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages as django_messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin import messages
from wagtail.models import Page

from toasoan.places.selectors import display_name
from toasoan.places.tagging import TAG_AT, suggest

from .models import (
    ArticlePage,
)
from .proofreading import (
    article_flags,
)
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


def offer_after_save(request, page):
    if _is_autosave(request):
        return
    offer_localities(request, page)
    tell_proofreading(request, page)
    prepare_media(request, page)


def prepare_media(request, page) -> None:
    """Ask the providers about the embeds the editor just added (the editor hears at
    once when one refuses), then leave the photos' renditions and the posters to a
    job, so they exist before a reader asks."""
    from toasoan.jobs.enqueue import job_enqueue

    from .embeds import body_embed_urls, fetch_snapshot, provider_for, snapshots_for
    from .tasks import article_media_job

    page = page.specific
    if not isinstance(page, ArticlePage):
        return
    urls = body_embed_urls(page.body)
    known = snapshots_for(urls)
    for url in urls:
        snapshot = known.get(url)
        provider = provider_for(url)
        if provider is None:  # an address the block no longer accepts (an import)
            continue
        if snapshot is None or snapshot.error:
            snapshot = fetch_snapshot(url)
        if snapshot.error:
            name = provider.name
            messages.warning(
                request,
                f"Không nhúng được {name} ({url}): {snapshot.error} Bạn đọc sẽ thấy "
                "liên kết tới bài gốc thay cho khung video; sửa địa chỉ rồi lưu lại "
                "để thử lần nữa.",
            )
    job_enqueue(article_media_job, article_id=page.pk)


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


def confirm_publishing_with_flags(request, page):
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


def keep_the_archive(request, page):
    return _refuse_or_log(
        request, [page], reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )


def keep_the_archive_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    pages = [o for o in objects if isinstance(o, Page)]
    back = request.GET.get("next") or reverse("wagtailadmin_explore_root")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtailadmin_explore_root")
    return _refuse_or_log(request, pages, back)
