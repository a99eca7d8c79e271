"""Reader-facing comment views, apart from the cacheable article page.

The article page carries no form and no cookie. Its comment block, as site.js fetches it
(/binh-luan/<id>/?khung=1), is what every reader sees: the count, the approved comments,
the sort and page links, and a form with its per-reader fields empty; it is cached like
the page, under the article's comment key, which only a change readers can see purges.
What is per reader (the CSRF token, the form token, the reader token) comes from
/binh-luan/<id>/phien, fetched only when the reader starts to write, likes or reports.
Without JavaScript the block is a page of its own (/binh-luan/<id>/), never cached, with
everything filled in.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from toasoan.articles.selectors import article_by_id
from toasoan.foundation.pagination import id_from_query, page_number
from toasoan.serving import fragments, routers
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.clients import client_ip

from . import selectors, services
from .forms import CommentForm, ReportForm, form_token, reader_token
from .models import Comment, Policy, Status
from .text import render_body

MAX_COMMENT_PAGE = 10_000
TEXT_FIELDS = (
    "name", "email", "body", "original", "ts", "idempotency_key", "website", "reader"
)  # fmt: skip


def _block_context(
    request,
    article,
    *,
    form=None,
    message="",
    confirm=None,
    reply_to=None,
    personal=True,
):
    rules = services.paper_settings(request)
    policy = services.article_policy(article, rules)
    data = selectors.thread_page(
        article_id=article.pk,
        order=request.GET.get("sap-xep", "moi"),
        page=page_number(request, max_page=MAX_COMMENT_PAGE),
    )
    return {
        "article": article,
        "form": form
        or CommentForm(
            initial={"parent": reply_to.pk} if reply_to else None,
            article_id=article.pk,
            tokens=personal,
        ),
        "personal": personal,
        "policy": policy,
        "closed": policy == Policy.CLOSED,
        "message": message,
        "confirm": confirm,
        "reply_to": reply_to,
        "report_form": ReportForm(),
        **data,
    }


@require_GET
def comment_block(request, article_id: int):
    """The comment block: the cacheable fragment for site.js (?khung=1), or a page of
    its own for a browser without JavaScript."""
    article = article_by_id(article_id)
    if request.GET.get("khung") == "1":  # as the VCL caches it
        return _shared_block(request, article)
    reply_to = None
    parent = id_from_query(request.GET.get("tra-loi"))
    if parent:
        reply_to = Comment.objects.filter(
            pk=parent, article=article, status=Status.APPROVED
        ).first()
    response = render(
        request,
        "comments/page.html",
        _block_context(request, article, reply_to=reply_to),
    )
    add_never_cache_headers(response)
    return response


# Pages of comments kept whole in the fragment cache: deeper ones (rare) are rendered
# each time Varnish misses, so that made-up page numbers cannot fill Redis.
SHARED_PAGES = 20


def _shared_block(request, article):
    """The block as every reader gets it. Replies are chosen in the browser (site.js),
    so ``tra-loi`` is not part of it; only the sort and the page are."""
    # Tagged, it is cached until its comments change (comments.receivers), their likes,
    # or the article does; and kept whole in the fragment cache under the same keys, so
    # that the other sorts and pages, and every front cache that misses after a purge,
    # cost one read instead of a render. Read from the primary: a replica behind the
    # purge must not store the state before it for a day.
    depends = [
        surrogate_keys.comments(article.pk),
        surrogate_keys.likes(article.pk),
        surrogate_keys.page(article.pk),
    ]
    surrogate_keys.tag(*depends)
    order = request.GET.get("sap-xep", "moi")
    order = order if order in selectors.ORDERS else "moi"
    page = page_number(request, max_page=MAX_COMMENT_PAGE)

    def render_block():
        with routers.reading_from_primary():
            return render_to_string(
                "comments/block.html",
                _block_context(request, article, personal=False),
                request,
            )

    if page > SHARED_PAGES:
        return HttpResponse(render_block())
    name = f"comment-block:{article.pk}:{order}:{page}"
    return HttpResponse(fragments.cached(name, depends, render_block))


@never_cache
@require_GET
def comment_session(request, article_id: int):
    """What the cached block leaves out, for this reader: fetched by site.js when they
    start to write, like or report (sets the CSRF cookie). The idempotency key of each
    comment is made in the browser."""
    try:
        article = article_by_id(article_id)
    except Http404:
        return _json({"status": "error", "message": "Không tìm thấy bài viết."}, 404)
    return _json(
        {
            "csrf_token": get_token(request),
            "form_token": form_token(article.pk),
            "reader_token": reader_token(),
        }
    )


def _json(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(
        payload, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _wants_json(request) -> bool:
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.content_type == "application/json"
    )


def _submit(request, article):
    """Shared by the HTML form and the JSON API: (http status, payload, form, outcome)."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
            if not isinstance(data, dict):
                raise ValueError
        except (ValueError, RecursionError):  # RecursionError: "[[[[…" 100,000 deep
            return (
                400,
                {
                    "status": "error",
                    "message": "Dữ liệu gửi lên không phải JSON hợp lệ.",
                },
                None,
                None,
            )
        wrong = sorted(
            k
            for k in TEXT_FIELDS
            if data.get(k) is not None and not isinstance(data[k], str)
        )
        if wrong:  # a list would reach the database as its Python repr
            message = f"Trường {', '.join(wrong)} phải là chuỗi ký tự."
            payload = {"status": "error", "message": message}
            return 400, {**payload, "errors": {k: [message] for k in wrong}}, None, None
        data.setdefault("idempotency_key", request.headers.get("Idempotency-Key", ""))
    else:
        data = request.POST.copy()
        if "keep" in data:  # "Giữ nguyên bản của tôi": send what the reader typed
            data["body"] = data.get("original", data.get("body", ""))
    form = CommentForm(data, article_id=article.pk)
    if not form.is_valid():
        errors = form.first_errors()
        first = next(iter(errors.values()))[0]
        return 400, {"status": "error", "message": first, "errors": errors}, form, None
    cd = form.cleaned_data
    try:
        outcome = services.comment_submit(
            article=article,
            name=cd["name"],
            email=cd["email"],
            body=cd["body"],
            parent_id=cd["parent"],
            notify=cd["notify"],
            confirmed=cd["confirmed"],
            original=cd["original"],
            idempotency_key=cd["idempotency_key"],
            reader=cd["reader"],
            ip=client_ip(request),
            rules=services.paper_settings(request),
        )
    except services.CommentError as exc:
        form.add_error(None if exc.field == "__all__" else exc.field, exc.message)
        payload = {
            "status": "error",
            "message": exc.message,
            "errors": {exc.field: [exc.message]},
        }
        return exc.status, payload, form, None
    if outcome.kind == "confirm":
        payload = {
            "status": "confirm",
            "restored": outcome.restored,
            "restored_name": outcome.restored_name,
            "message": "Bình luận của bạn chưa có dấu. Chúng tôi đã thêm dấu giúp bạn: "
            "hãy kiểm tra, sửa nếu cần rồi bấm Gửi.",
        }
        return 200, payload, form, outcome
    comment = outcome.comment
    pending = comment.status == Status.PENDING
    payload = {
        "status": comment.status,
        "id": comment.pk,
        "replayed": outcome.replayed,
        "message": (
            "Cảm ơn bạn! Bình luận đang chờ duyệt và sẽ hiện sau khi được biên tập."
            if pending
            else "Cảm ơn bạn! Bình luận đã được đăng."
        ),
    }
    return (200 if outcome.replayed else 201), payload, form, outcome


@never_cache
@require_POST
def comment_post(request, article_id: int):
    article = article_by_id(article_id)
    status, payload, form, outcome = _submit(request, article)
    if _wants_json(request):
        return _json(payload, status)
    if outcome is not None and outcome.kind == "confirm":
        data = form.data.copy()
        data["original"] = form.cleaned_data["body"]
        data["body"] = outcome.restored
        if outcome.restored_name:
            data["name"] = outcome.restored_name
        data["confirmed"] = "1"
        confirm = {"original": form.cleaned_data["body"], "restored": outcome.restored}
        context = _block_context(
            request,
            article,
            form=CommentForm(data, article_id=article.pk),
            confirm=confirm,
        )
        context["form"].errors.clear()
        return render(request, "comments/page.html", context, status=200)
    if outcome is not None:  # stored: a fresh form, the list, the message
        return render(
            request,
            "comments/page.html",
            _block_context(request, article, message=payload["message"]),
            status=status,
        )
    return render(
        request,
        "comments/page.html",
        _block_context(request, article, form=form),
        status=status,
    )


@never_cache
@require_POST
def comment_report(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id, status=Status.APPROVED)
    form = ReportForm(request.POST)
    if not form.is_valid():
        message, status = "Vui lòng chọn lý do báo cáo.", 400
    elif services.comment_report(
        comment=comment, ip=client_ip(request), reason=form.cleaned_data["reason"]
    ):
        message, status = (
            "Cảm ơn bạn đã báo cáo. Ban biên tập sẽ xem xét bình luận này.",
            200,
        )
    else:
        message, status = "Bạn đã báo cáo bình luận này rồi.", 200
    return _small_answer(request, comment, message, status)


@never_cache
@require_POST
def comment_like(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id, status=Status.APPROVED)
    liked = services.comment_like(comment=comment, ip=client_ip(request))
    message = (
        "Cảm ơn bạn đã thích bình luận này."
        if liked
        else "Bạn đã thích bình luận này rồi."
    )
    comment.refresh_from_db(fields=["likes"])  # site.js shows the new count at once
    return _small_answer(
        request, comment, message, 200, likes=comment.likes, liked=liked
    )


def _small_answer(request, comment, message, status, **json_extra):
    if _wants_json(request):
        return _json({"message": message, **json_extra}, status)
    context = _block_context(request, comment.article, message=message)
    return render(request, "comments/page.html", context, status=status)


# --- JSON API --------------------------------------------------------------------------


def comment_json(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "name": comment.name,
        "time": comment.created_at.isoformat(),
        "body": comment.body,
        "html": str(render_body(comment.body)),
        "edited": comment.is_edited,
        "likes": comment.likes,
        "replies": [comment_json(r) for r in getattr(comment, "published_replies", [])],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def api_comments(request, article_id: int):
    """GET: {count, comments, has_next, form_token}; POST: one comment (see README)."""
    try:
        article = article_by_id(article_id)
    except Http404:
        return _json({"status": "error", "message": "Không tìm thấy bài viết."}, 404)
    if request.method == "POST":
        status, payload, _, _ = _submit(request, article)
        return _json(payload, status)
    data = selectors.thread_page(
        article_id=article.pk,
        order=request.GET.get("sap-xep", "moi"),
        page=page_number(request, max_page=MAX_COMMENT_PAGE),
    )
    return _json(
        {
            "article": article.pk,
            "count": data["count"],
            "page": data["page"],
            "has_next": data["has_next"],
            "comments": [comment_json(c) for c in data["threads"]],
            "form_token": form_token(article.pk),
            "reader_token": reader_token(),
            "csrf_token": get_token(request),
        }
    )
