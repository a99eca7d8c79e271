"""The moderators' queue in the Wagtail admin ("Kiểm duyệt bình luận").

Every view checks comments.moderate_comment on every request (Wagtail's admin URL wrapper
only checks that the user may enter the admin at all).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from toasoan.foundation.pagination import id_from_query, paginate

from . import services
from .models import REASON_MAX, Ban, Comment, Status


def reported_count() -> int:
    return Comment.objects.filter(reported_at__isnull=False).count()


def waiting_count() -> int:
    """What the menu's badge counts: comments waiting for a moderator."""
    return Comment.objects.filter(
        Q(status=Status.PENDING) | Q(reported_at__isnull=False)
    ).count()


PERMISSION = "comments.moderate_comment"
QUEUE_PAGE = 50
REPORTED = "bi-bao-cao"
STATUS_FILTERS = {
    "cho-duyet": Status.PENDING,
    "da-dang": Status.APPROVED,
    "tu-choi": Status.REJECTED,
}


def moderator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@moderator_required
def queue(request):
    """Oldest first, so nobody waits longest, after the published comments readers
    reported (they come back to the top); filters by status, article and warnings."""
    status_key = request.GET.get("trang-thai", "cho-duyet")
    comments = Comment.objects.select_related("article", "parent")
    order = ["created_at", "pk"]
    if status_key == REPORTED:
        comments = comments.filter(reported_at__isnull=False)
        order = ["-reports", "reported_at", "pk"]
    elif status_key == "cho-duyet":
        comments = comments.filter(
            Q(status=Status.PENDING)
            | Q(status=Status.APPROVED, reported_at__isnull=False)
        )
        order = [F("reported_at").asc(nulls_last=True), "created_at", "pk"]
    elif status_key in STATUS_FILTERS:
        comments = comments.filter(status=STATUS_FILTERS[status_key])
    article_id = request.GET.get("bai", "")
    if article_pk := id_from_query(article_id):
        comments = comments.filter(article_id=article_pk)
    headline = " ".join(request.GET.get("tieu-de", "").split())[:200]
    if headline:
        comments = comments.filter(article__title__icontains=headline)
    if request.GET.get("canh-bao") == "1":
        comments = comments.filter(flagged=True)
    rows = paginate(request, comments.order_by(*order), per_page=QUEUE_PAGE)
    return render(
        request,
        "comments/admin/queue.html",
        {
            "header_title": "Kiểm duyệt bình luận",
            "page_title": "Kiểm duyệt bình luận",
            "header_icon": "comment",
            "reason_max": REASON_MAX,
            "comments": rows.items,
            "has_next": rows.has_next,
            "page": rows.number,
            "status_key": status_key,
            "article_id": article_id,
            "headline": headline,
            "reported_count": reported_count(),
            "flagged_only": request.GET.get("canh-bao") == "1",
            "pending_count": Comment.objects.filter(status=Status.PENDING).count(),
        },
    )


@moderator_required
@require_POST
def bulk(request):
    ids = [i for i in map(id_from_query, request.POST.getlist("ids")) if i]
    action = request.POST.get("action")
    comments = list(
        Comment.objects.filter(pk__in=ids).select_related("article", "parent")
    )
    back = request.POST.get("next", "")
    # A path of this site only; redirect() would try to reverse anything else as a view
    # name ("123" was a NoReverseMatch, a 500).
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = reverse("comments_admin:queue")
    if not comments:
        messages.error(request, "Chưa chọn bình luận nào.")
        return redirect(back)
    try:
        for comment in comments:
            if action == "approve":
                services.comment_approve(comment=comment, user=request.user)
            elif action == "reject":
                services.comment_reject(
                    comment=comment,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
            else:
                messages.error(request, "Thao tác không hợp lệ.")
                return redirect(back)
    except services.CommentError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    verb = "Đã duyệt đăng" if action == "approve" else "Đã từ chối"
    messages.success(request, f"{verb} {len(comments)} bình luận.")
    return redirect(back)


@moderator_required
def detail(request, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "parent"), pk=pk
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in {"save", "save_approve"}:
                changed = services.comment_edit(
                    comment=comment,
                    user=request.user,
                    body=request.POST.get("body", ""),
                )
                if action == "save_approve":
                    services.comment_approve(comment=comment, user=request.user)
                    messages.success(
                        request,
                        "Đã lưu và duyệt đăng bình luận."
                        if changed
                        else "Đã duyệt đăng bình luận.",
                    )
                else:
                    messages.success(
                        request,
                        "Đã lưu bản biên tập."
                        if changed
                        else "Nội dung không thay đổi.",
                    )
            elif action == "approve":
                services.comment_approve(comment=comment, user=request.user)
                messages.success(request, "Đã duyệt đăng bình luận.")
            elif action == "reject":
                services.comment_reject(
                    comment=comment,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "Đã từ chối bình luận.")
            elif action in {"ban_email", "ban_ip"}:
                kind = Ban.Kind.EMAIL if action == "ban_email" else Ban.Kind.IP
                services.comment_ban(
                    comment=comment,
                    user=request.user,
                    kind=kind,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request, f"Đã chặn {Ban.Kind(kind).label} của người gửi."
                )
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except services.CommentError as exc:
            messages.error(request, exc.message)
        return redirect("comments_admin:detail", pk=comment.pk)
    return render(
        request,
        "comments/admin/detail.html",
        {
            "header_title": f"Bình luận của {comment.name}",
            "page_title": f"Bình luận của {comment.name}",
            "header_icon": "comment",
            "reason_max": REASON_MAX,
            "comment": comment,
            "log": comment.log.select_related("user"),
            "reports": comment.report_set.all(),
        },
    )
